from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tongket.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Registers the background job kinds of this app (PDF rendering).
        from tongket.documents import jobs  # noqa: F401
