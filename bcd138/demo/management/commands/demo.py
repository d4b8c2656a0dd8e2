import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bcd138.core import wsgi_server
from bcd138.demo.services import DemoResult, demo_load
from bcd138.places.models import Place


def accounts_path() -> Path:
    return Path(settings.DATA_DIR) / "demo-accounts.json"


class Command(BaseCommand):
    help = (
        "Start bcd138 with demo data: create the database under the data directory "
        "(BCD138_DATA_DIR, default ./var), apply migrations, load the administrative "
        "units and the demo province (Đà Nẵng), create one account per role, then "
        "serve on http://127.0.0.1:8138/ and print the address and the accounts. "
        "Running it again reuses what exists."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind.")
        parser.add_argument("--port", type=int, default=8138, help="Port to bind.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo database and accounts first and start over "
            "(SQLite only).",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare the database and accounts, print them, and exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["reset"]:
            self._reset()
        call_command("migrate", interactive=False, verbosity=0)
        if not Place.objects.current().communes().exists():
            self.stdout.write("Loading administrative units…")
            call_command("places", "load", stdout=self.stdout)
        result = demo_load(accounts_path=accounts_path())
        seconds = time.monotonic() - started
        self._report(result, options, seconds)
        if not options["no_serve"]:
            wsgi_server.run(host=options["host"], port=options["port"], workers=2)

    def _reset(self) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "--reset deletes the SQLite demo database; with DATABASE_URL set, "
                "drop and recreate that database yourself."
            )
        connection.close()
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm"), accounts_path()):
            path.unlink(missing_ok=True)
        self.stdout.write("Demo data removed; starting over.")

    def _report(
        self, result: DemoResult, options: dict[str, Any], seconds: float
    ) -> None:
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo ready in {seconds:.1f} s: {result.agencies} agencies, "
                f"{result.committees} steering committees, {result.members} members."
            )
        )
        if not options["no_serve"]:
            out.write(
                self.style.SUCCESS(
                    f"\n  bcd138 is at http://{options['host']}:{options['port']}/\n"
                )
            )
        out.write(f"Demo accounts (passwords kept in {accounts_path()}):")
        width = max(len(a.username) for a in result.accounts)
        for a in result.accounts:
            out.write(
                f"  {a.username:<{width}}  {a.password}  {a.role} — {a.agency}"
                f" ({a.jurisdiction})"
            )
