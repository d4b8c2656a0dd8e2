from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "bcd138.movement"
    label = "movement"
    verbose_name = _("The movement")
