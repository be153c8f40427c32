from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "tongket.analysis"
    label = "analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        # The validation rules people define are checked on every submission of a report.
        from tongket.analysis.validation import rule_problems
        from tongket.reporting.services.reports.checks import register_submission_check

        register_submission_check(rule_problems)
