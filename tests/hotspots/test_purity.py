"""bcd138.hotspots.engine is pure: stdlib, numpy and scipy only, never Django."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import bcd138.hotspots.engine

ENGINE_DIR = Path(bcd138.hotspots.engine.__file__).parent
MODULES = sorted(ENGINE_DIR.rglob("*.py"))
ALLOWED_THIRD_PARTY = {"numpy", "scipy"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module is not None
        ):
            names.add(node.module)
    return names


def test_engine_package_has_modules() -> None:
    assert len(MODULES) >= 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_imports_only_stdlib_numpy_scipy_and_engine(path: Path) -> None:
    for name in _imported_modules(path):
        root = name.split(".")[0]
        if root == "bcd138":
            assert name.startswith("bcd138.hotspots.engine"), name
        else:
            assert root in sys.stdlib_module_names or root in ALLOWED_THIRD_PARTY, name


def test_engine_is_not_a_django_app() -> None:
    for name in ("apps.py", "models.py", "migrations"):
        assert not (ENGINE_DIR / name).exists()
