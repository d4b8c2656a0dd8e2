from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from bcd138.intake.services.identity import identities_rotate


class Command(BaseCommand):
    help = (
        "Reporters' identities. `rotate` re-encrypts every stored identity under the "
        "primary key of BCD138_IDENTITY_KEYS (the first), so that older keys can be "
        "removed afterwards. Safe to run again; prints only a count."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["rotate"], help="What to do.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = identities_rotate()
        self.stdout.write(f"{count} identities re-encrypted under the primary key.")
