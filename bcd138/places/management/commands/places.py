from argparse import ArgumentParser
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from bcd138.core.errors import DomainError
from bcd138.places import services
from bcd138.places.models import Era, Level, Place


def _label(place: Place) -> str:
    return f"{place.code}  {place.full_name()}  [{place.era} {place.level}]"


class Command(BaseCommand):
    help = (
        "Vietnam's administrative units (legacy three-tier until 2025-06-30, "
        "two-tier since 2025-07-01). Subcommands: load, resolve, show."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser(
            "load",
            help="Load or refresh all units and successions from the bundled data "
            "files (idempotent; no network).",
            description="Load or refresh the 2025 and legacy units and the "
            "legacy→2025 successions from bcd138/places/data/. Running it again "
            "changes nothing unless the data files changed.",
        )
        resolve = sub.add_parser(
            "resolve",
            help="Resolve a typed address to a unit and its current (2025) unit.",
            description="Resolve an address such as 'P. An Mỹ, TP Tam Kỳ, Quảng "
            "Nam' (with or without diacritics, old or new names). Prints the unit, "
            "the 2025 unit(s) covering it, or the candidates when it is ambiguous.",
        )
        resolve.add_argument("address", help="The address, quoted.")
        show = sub.add_parser(
            "show",
            help="Show one unit by its statistics-office code.",
            description="Show a unit, its parents and the 2025 unit(s) covering it.",
        )
        show.add_argument(
            "code", help="Province (2 digits), district (3), commune (5)."
        )
        show.add_argument(
            "--era",
            default=Era.CURRENT.value,
            choices=list(Era.values),
            help="Which era the code is from (default: %(default)s).",
        )
        show.add_argument(
            "--level", choices=list(Level.values), help="Level, if the code is unclear."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _load(self, **options: Any) -> None:
        verbose = options.get("verbosity", 1) > 1
        # OutputWrapper is a TextIOBase that django-stubs does not call TextIO.
        out = cast(TextIO, self.stdout) if verbose else None
        stats = services.places_load(stdout=out)
        for era, levels in sorted(stats.counts.items()):
            line = ", ".join(f"{n} {level}" for level, n in sorted(levels.items()))
            self.stdout.write(f"{era}: {line}")
        self.stdout.write(
            f"{stats.successions} successions; {stats.created} created, "
            f"{stats.updated} updated in {stats.seconds:.1f} s"
        )

    def _resolve(self, **options: Any) -> None:
        result = services.address_resolve(options["address"])
        self.stdout.write(f"status: {result.status}")
        if result.place is not None:
            self.stdout.write(f"place: {_label(result.place)}")
        for place in result.current:
            self.stdout.write(f"current: {_label(place)}")
        for place in result.candidates:
            self.stdout.write(f"candidate: {_label(place)}")

    def _show(self, **options: Any) -> None:
        place = services.place_get(
            code=options["code"], era=options["era"], level=options["level"]
        )
        self.stdout.write(_label(place))
        self.stdout.write(f"kind: {place.kind}; short name: {place.short_name}")
        if place.latitude is not None:
            self.stdout.write(f"centre (approx.): {place.latitude}, {place.longitude}")
        valid = f"{place.valid_from or '…'} – {place.valid_to or '…'}"
        self.stdout.write(f"valid: {valid}")
        for successor in services.place_successors(place):
            self.stdout.write(f"current: {_label(successor)}")
