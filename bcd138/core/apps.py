from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bcd138.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from bcd138.core import checks, crypto  # noqa: F401  (register system checks)
