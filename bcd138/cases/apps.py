from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "bcd138.cases"
    label = "cases"
    verbose_name = _("Criminal cases")

    def ready(self) -> None:
        from bcd138.cases import checks  # noqa: F401 (registers the checks)
