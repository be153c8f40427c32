"""`tongket backup <file>`: the whole database and every uploaded file in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from tongket.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database (every model, the change log "
        "included) and of the uploaded files into one archive file. See docs/operations.md."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="The archive to write (a new .zip file).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        verbose = options["verbosity"] >= 2
        try:
            summary = backup_write(
                path=options["file"],
                using=options["database"],
                progress=self.stdout.write if verbose else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Backed up %(rows)s rows of %(models)s models and %(files)s files "
                        "(%(bytes)s bytes) to %(path)s."
                    )
                    % {
                        "rows": summary.rows,
                        "models": summary.models,
                        "files": summary.files,
                        "bytes": summary.file_bytes,
                        "path": options["file"],
                    }
                )
            )
