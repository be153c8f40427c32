from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "tongket.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self) -> None:
        # Registers the background job kinds of this app.
        from tongket.resolutions.services import workbook  # noqa: F401
