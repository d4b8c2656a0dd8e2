"""bcd138.law is pure: stdlib and ``holidays`` only, never Django."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import bcd138.law

LAW_DIR = Path(bcd138.law.__file__).parent
MODULES = sorted(LAW_DIR.rglob("*.py"))
ALLOWED_THIRD_PARTY = {"holidays"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        # A relative import (level > 0) stays inside the package by construction.
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module is not None
        ):
            names.add(node.module)
    return names


def test_law_package_has_modules() -> None:
    assert len(MODULES) >= 4


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_law_module_never_imports_django(path: Path) -> None:
    imported = _imported_modules(path)
    assert not {name for name in imported if name.split(".")[0] == "django"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_law_module_imports_only_stdlib_holidays_and_law(path: Path) -> None:
    for name in _imported_modules(path):
        root = name.split(".")[0]
        if root == "bcd138":
            # Not even bcd138.settings or another app: only the pure package.
            assert name.startswith("bcd138.law"), name
        else:
            assert root in sys.stdlib_module_names or root in ALLOWED_THIRD_PARTY, name


def test_law_package_is_not_a_django_app() -> None:
    for name in ("apps.py", "models.py", "migrations"):
        assert not (LAW_DIR / name).exists()
