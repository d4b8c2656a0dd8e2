from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from bcd138.cases.models import Case
from bcd138.cases.services.clock import case_recompute


class Command(BaseCommand):
    help = (
        "Criminal cases. `recompute` rewrites every case's derived columns (stage, "
        "holder, deadline, category, solved, social order) from its events — after "
        "changing BCD138_CASE_SOLVED_RULE, BCD138_SOCIAL_ORDER_CHAPTERS or the "
        "calendar exceptions. Prints only counts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["recompute"], help="What to do.")

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            with transaction.atomic():
                for case in Case.objects.select_for_update().filter(
                    pk__in=ids[start : start + 500]
                ):
                    case_recompute(case)
                    done += 1
        self.stdout.write(f"{done} cases recomputed.")
