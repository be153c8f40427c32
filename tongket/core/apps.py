from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongket.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_migrate, post_save

        from tongket.core import freshness
        from tongket.core.bulk_writes import rows_written

        # The data generation moves after every committed write (tongket.core.freshness).
        post_save.connect(freshness.on_model_write, dispatch_uid="freshness-save")
        # Deletes per model (every model is loaded by now): a model nobody listens to is
        # deleted in one statement (see freshness.KEPT_IN_BULK).
        for model in apps.get_models(include_auto_created=True):
            if freshness.deletes_watched(model):
                post_delete.connect(
                    freshness.on_model_write,
                    sender=model,
                    dispatch_uid=f"freshness-delete-{model._meta.label_lower}",
                )
        rows_written.connect(freshness.on_rows_written, dispatch_uid="freshness-rows")
        post_migrate.connect(freshness.on_migrate, dispatch_uid="freshness-migrate")
