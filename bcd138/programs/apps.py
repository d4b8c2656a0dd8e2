from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "bcd138.programs"
    label = "programs"
    verbose_name = _("Programmes, recommendations and tasks")
