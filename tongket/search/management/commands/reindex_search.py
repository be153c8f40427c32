"""`tongket reindex_search`: rebuild the search index from the records and their files."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongket.search.services import index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (every record; uploaded files are read again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-file-text",
            action="store_true",
            help="Do not read uploaded files again; keep the text read before.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(label: str, count: int) -> None:
            self.stdout.write(f"  {label}: {count}")

        counts = index_rebuild(files=not options["keep_file_text"], report=report)
        self.stdout.write(self.style.SUCCESS(f"Search index: {sum(counts.values())} entries."))
