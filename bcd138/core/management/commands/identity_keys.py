from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from bcd138.core import crypto


class Command(BaseCommand):
    help = (
        "Manage the keys that encrypt reporters' identities. `generate` prints a new "
        "key; `status` tells how many keys are in use, the primary key's "
        "fingerprint and where the keys come from (it never prints a key)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("generate", help="Print a new random key.")
        actions.add_parser("status", help="Describe the keys in use, without them.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self._generate()
        else:
            self._status()

    def _generate(self) -> None:
        # The key alone on stdout so that it can be captured; the advice on stderr.
        self.stdout.write(crypto.generate_key())
        self.stderr.write(
            f"Put it first in {crypto.ENV_VAR} and keep the old keys after it until "
            "the stored identities have been rotated."
        )

    def _status(self) -> None:
        try:
            ring = crypto.get_keyring()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Keys: {len(ring.keys)}")
        self.stdout.write(f"Primary key id: {ring.primary_key_id}")
        older = ", ".join(crypto.key_id(key) for key in ring.keys[1:]) or "none"
        self.stdout.write(f"Older key ids (decrypt only): {older}")
        self.stdout.write(f"Source: {ring.source}")
