"""`tongket restore <file>`: load a backup made by `tongket backup` into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from tongket.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `tongket backup` into a database migrated to the same "
        "version and holding no units or users yet. See docs/operations.md."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="The archive made by `tongket backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erase everything in the database first, even when it holds units or users.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        verbose = options["verbosity"] >= 2
        try:
            summary = backup_restore(
                path=options["file"],
                using=options["database"],
                force=options["force"],
                progress=self.stdout.write if verbose else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Restored %(rows)s rows of %(models)s models and %(files)s files "
                        "(%(bytes)s bytes) from %(path)s."
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
