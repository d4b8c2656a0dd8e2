from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bcd138.core import wsgi_server


class Command(BaseCommand):
    help = (
        "Start bcd138 for production under gunicorn: runs the deployment checks "
        "(a SECRET_KEY from the environment is required), collects static files, "
        "optionally applies migrations, then serves. No demo data is loaded."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind.")
        parser.add_argument("--port", type=int, default=8138, help="Port to bind.")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes.")
        parser.add_argument(
            "--migrate", action="store_true", help="Apply migrations before starting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("check", deploy=True, fail_level="ERROR")
        if options["migrate"]:
            call_command("migrate", interactive=False)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"bcd138 serving on http://{options['host']}:{options['port']}/"
        )
        wsgi_server.run(
            host=options["host"], port=options["port"], workers=options["workers"]
        )
