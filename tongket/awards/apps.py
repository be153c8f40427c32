from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "tongket.awards"
    label = "awards"
    verbose_name = _("Emulation and commendation")
