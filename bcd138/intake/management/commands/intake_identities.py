from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from bcd138.cases.services.people import accused_reindex
from bcd138.intake.services.identity import identities_rotate


class Command(BaseCommand):
    help = (
        "Protected identities (reporters, and the accused and victims of cases). "
        "`rotate` re-encrypts every stored identity under the primary key of "
        "BCD138_IDENTITY_KEYS (the first) and re-indexes the accused's names, so "
        "that older keys can be removed afterwards. Safe to run again; prints only "
        "counts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rotate"], help="What to do.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = identities_rotate()
        self.stdout.write(f"{count} identities re-encrypted under the primary key.")
        people = accused_reindex()
        self.stdout.write(f"{people} accused and victims re-encrypted and re-indexed.")
