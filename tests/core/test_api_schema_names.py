"""Every schema the API uses has its own name.

django-ninja files the OpenAPI components by the pydantic class name alone, so two
apps each defining, say, `DecisionIn` would make the published document describe
one endpoint's body with the other's fields. This walks every operation's
parameter and response models (and the models inside them) and requires one
class per name."""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bcd138.api import api


def _routers(items: list[Any]) -> Iterator[Any]:
    for item in items:
        router = item[1]
        yield router
        yield from _routers(router._routers)


def _types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def _collect(model: Any, names: dict[str, set[str]], done: set[int]) -> None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return
    if id(model) in done:
        return
    done.add(id(model))
    # Ninja's own per-operation wrappers (PathParams, BodyParams…) are made in
    # module "abc" and never published under their names.
    if model.__module__ != "abc":
        names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    for field in model.model_fields.values():
        for inner in _types(field.annotation):
            _collect(inner, names, done)


def test_no_two_api_schemas_share_a_name() -> None:
    names: dict[str, set[str]] = defaultdict(set)
    done: set[int] = set()
    operations = 0
    for router in _routers(api._routers):
        for view in router.path_operations.values():
            for op in view.operations:
                operations += 1
                for model in op.models:
                    _collect(model, names, done)
                for response in (op.response_models or {}).values():
                    for inner in _types(response):
                        _collect(inner, names, done)
    assert operations > 100  # the walk reached the apps' routers
    assert "ReportOut" in names  # and the schemas inside the wrappers
    clashes = {name: sorted(paths) for name, paths in names.items() if len(paths) > 1}
    assert clashes == {}
