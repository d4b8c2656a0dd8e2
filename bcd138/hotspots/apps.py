from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotspotsConfig(AppConfig):
    name = "bcd138.hotspots"
    label = "hotspots"
    verbose_name = _("Hot spots")

    def ready(self) -> None:
        from bcd138.hotspots import checks  # noqa: F401 (registers the checks)
