"""`check_documents`: render every document the system holds or drafts from its records,
check each against its format profile and print the failures; exit non-zero when any fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from tongket.documents.catalogue import every_document
from tongket.documents.checker import check_document


class Command(BaseCommand):
    help = "Render every document and check it against the format rules (NĐ 30, HD 36)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", help="Only documents of this kind.")
        parser.add_argument("--save", help="Write each DOCX into this folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["save"]) if options.get("save") else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        checked = failed = 0
        with translation.override("vi"), transaction.atomic():
            for label, document, content in every_document():
                if options.get("kind") and document.kind != options["kind"]:
                    continue
                data, failures = check_document(document, content)
                checked += 1
                if folder:
                    name = f"{checked:03d}-{document.kind}-{document.profile.style}.docx"
                    (folder / name).write_bytes(data)
                if failures:
                    failed += 1
                    self.stdout.write(self.style.ERROR(f"FAIL {label}"))
                    for failure in failures:
                        self.stdout.write(f"    {failure}")
                else:
                    self.stdout.write(f"ok   {label}")
            # Previews write nothing; the savepoint makes sure of it.
            transaction.set_rollback(True)
        summary = f"{checked} documents checked, {failed} failed."
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
