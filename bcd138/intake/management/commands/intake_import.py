from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bcd138.agencies.models import Agency, User
from bcd138.core.errors import DomainError
from bcd138.intake.models import Channel
from bcd138.intake.services.importing import (
    decode,
    parse_csv,
    parse_json,
    reports_import,
)


class Command(BaseCommand):
    help = (
        "Import crime information exported by another channel (e.g. the VNeID app) "
        "from a CSV (comma or semicolon, UTF-8) or JSON file, as a user of the "
        "receiving unit. Rows whose external_ref is already known are skipped, so "
        "running it again is safe. Prints the counts and the rejected rows."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or JSON export.")
        parser.add_argument(
            "--unit", type=int, required=True, help="Id of the receiving unit."
        )
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The officer of that unit the reports are recorded by.",
        )
        parser.add_argument(
            "--channel",
            default=Channel.IMPORT,
            choices=[c for c in Channel.values if c != Channel.PORTAL],
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate every row and report, but store nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        unit = Agency.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with id {options['unit']}.")
        path: Path = options["file"]
        try:
            text = decode(path.read_bytes())
            rows = (
                parse_json(text) if text.lstrip().startswith("[") else parse_csv(text)
            )
            result = reports_import(
                rows,
                by=user,
                unit=unit,
                channel=options["channel"],
                dry_run=options["dry_run"],
            )
        except OSError as exc:
            raise CommandError(str(exc)) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        verb = "would be created" if result.dry_run else "created"
        self.stdout.write(
            f"{result.created} {verb}, {result.duplicates} duplicates skipped, "
            f"{len(result.rejected)} rejected."
        )
        for rejected in result.rejected:
            reasons = "; ".join(f"{k}: {v}" for k, v in rejected.errors.items())
            self.stdout.write(f"row {rejected.row}: {reasons}")
