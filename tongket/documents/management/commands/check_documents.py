"""`check_documents`: render every document the system holds or drafts from its records,
check each against its format profile and print the failures; exit non-zero when any fails.
`--stored` checks instead the Word files issued documents were issued with (`IssuedFile`),
as they are served; an issued document without one is reported (see `store_issued_files`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from tongket.documents.catalogue import every_document
from tongket.documents.checker import check_document, check_stored
from tongket.documents.choices import DocumentStatus
from tongket.documents.models import Document


class Command(BaseCommand):
    help = "Render every document and check it against the format rules (NĐ 30, HD 36)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", help="Only documents of this kind.")
        parser.add_argument("--save", help="Write each DOCX into this folder.")
        parser.add_argument(
            "--stored",
            action="store_true",
            help="Check the stored Word files of issued documents (as issued), not fresh renders.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["save"]) if options.get("save") else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        checked = failed = 0
        with translation.override("vi"), transaction.atomic():
            for label, document, content in (
                stored_documents() if options.get("stored") else every_document()
            ):
                if options.get("kind") and document.kind != options["kind"]:
                    continue
                if options.get("stored"):
                    result = check_stored(document)
                    if result is None:
                        checked += 1
                        failed += 1
                        self.stdout.write(self.style.ERROR(f"FAIL {label}"))
                        self.stdout.write("    no stored file (run store_issued_files)")
                        continue
                    data, failures = result
                else:
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
        what = "stored files" if options.get("stored") else "documents"
        summary = f"{checked} {what} checked, {failed} failed."
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))


def stored_documents() -> Any:
    """Every issued document, labelled with its number: its stored file is checked."""
    for document in (
        Document.objects.filter(status=DocumentStatus.ISSUED)
        .select_related("issuer", "profile")
        .order_by("pk")
    ):
        label = (
            f"#{document.pk} {document.get_kind_display()} {document.symbol} – "
            f"{document.issuer.name} (stored)"
        )
        yield label, document, None
