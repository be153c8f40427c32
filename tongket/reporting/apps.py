from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tongket.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")

    def ready(self) -> None:
        # Registers the background job kinds of this app, and the follower of restructuring
        # (reports, roll-ups and completeness rows follow units moved and dissolved).
        from tongket.reporting.services import imports, restructuring  # noqa: F401
        from tongket.reporting.services.rollups import targets_changed
        from tongket.resolutions.services.followers import follow_targets_changed

        # The roll-ups' counts of units meeting their target follow the targets.
        follow_targets_changed(targets_changed)
