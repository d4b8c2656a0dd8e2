from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background task worker (django-tasks database backend). It polls "
        "the database for queued tasks; run one or more per deployment."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the tasks that are queued now, then exit.",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            no_startup_delay=True,
        )
