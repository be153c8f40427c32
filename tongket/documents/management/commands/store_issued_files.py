"""`store_issued_files`: store the Word file of every issued document that has none (issued
before `IssuedFile` existed), as issuing stores it, through `files.issued_store_missing`.
Running it again stores nothing. `--dry-run` lists what it would store; `--check` stores
nothing and exits 1 when an issued document lacks its file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tongket.documents.files import issued_store_missing, issued_without_file
from tongket.documents.models import Document, IssuedFile


def label(document: Document) -> str:
    return (
        f"#{document.pk} {document.get_kind_display()} {document.symbol or '-'} – "
        f"{document.issuer.name}"
    )


class Command(BaseCommand):
    help = (
        "Store the Word file of every issued document that has none (issued before files "
        "were stored). --check: exit 1 if one lacks its file; --dry-run: list, store nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Store nothing; exit 1 when an issued document has no stored file.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files it would store; store none."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("vi"):
            if options["check"]:
                missing = list(issued_without_file())
                for document in missing:
                    self.stdout.write(f"missing {label(document)}")
                summary = (
                    f"{len(missing)} issued documents without a stored file, "
                    f"{IssuedFile.objects.count()} stored."
                )
                if missing:
                    raise CommandError(summary)
                self.stdout.write(self.style.SUCCESS(summary))
                return
            dry_run = bool(options["dry_run"])
            word = "would store" if dry_run else "stored"
            done = issued_store_missing(
                dry_run=dry_run,
                each=lambda document: self.stdout.write(f"{word} {label(document)}"),
            )
            left = issued_without_file().count()
            kept = IssuedFile.objects.count() - (0 if dry_run else len(done))
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(done)} files {word}, {kept} already stored, "
                    f"{left} issued documents without a stored file."
                )
            )
