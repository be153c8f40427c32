from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tongket.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The index follows the writes of the other apps through their models' signals (it
        # never edits their services), and reads uploads in a background job.
        from tongket.search import jobs, signals

        signals.connect()
        jobs.register_kinds()
