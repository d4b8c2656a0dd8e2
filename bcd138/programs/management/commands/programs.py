from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bcd138.programs.services.progress import tasks_escalate_overdue
from bcd138.programs.tasks import escalate_overdue_tasks


class Command(BaseCommand):
    help = (
        "The committee's work. `escalate`: escalate overdue tasks to the standing "
        "office (once per task; run daily). With --enqueue the escalation is "
        "queued for `bcd138 worker` instead of run here."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["escalate"])
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "escalate":  # pragma: no cover (argparse)
            raise CommandError("unknown action")
        if options["enqueue"]:
            result = escalate_overdue_tasks.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        outcome = tasks_escalate_overdue()
        self.stdout.write(f"escalated {outcome.escalated}; overdue {outcome.overdue}")
