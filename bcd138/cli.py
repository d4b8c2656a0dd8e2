"""The `bcd138` command: every Django management command, plus demo, serve and worker.

`bcd138 demo`, `bcd138 serve` and `bcd138 worker` are management commands of
their own (in `core` and `demo`), so `bcd138 help demo` explains them like any
other command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bcd138.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if args[1:2] == ["serve"]:
        # `serve` is the production start: the settings and checks must know it
        # before Django reads them.
        os.environ.setdefault("BCD138_PRODUCTION", "1")
    if args:
        args[0] = "bcd138"
    execute_from_command_line(args)
