"""Exemplary people and collectives, linked to what they contributed to."""

from __future__ import annotations

import pytest

from bcd138.core.errors import DomainError
from bcd138.movement.models import ContributionLink, Exemplary, ExemplaryKind
from bcd138.movement.services import exemplary
from tests.conftest import Personas, World
from tests.movement.conftest import Movement, make_model, make_session


def person(by: object, place: object, **extra: object) -> Exemplary:
    values: dict[str, object] = {
        "kind": ExemplaryKind.INDIVIDUAL,
        "name": "Nguyễn Thị Hoa",
        "place": place,
        "year": 2025,
        "achievement": "Tố giác kịp thời một vụ trộm cắp",
    }
    values.update(extra)
    return exemplary.exemplary_create(
        by=by,
        data=exemplary.ExemplaryInput(**values),  # type: ignore[arg-type]
    )


def test_a_person_is_proposed_by_the_recorders_agency(
    world: World, personas: Personas
) -> None:
    item = person(personas.commune_a_officer, world.commune_a)
    assert item.proposed_by == world.police_a
    collective = person(
        personas.commune_a_officer,
        world.commune_a,
        kind=ExemplaryKind.COLLECTIVE,
        name="",
        agency=world.police_a,
    )
    assert collective.name == world.police_a.name


def test_bad_entries_are_refused(world: World, personas: Personas) -> None:
    for extra, code in [({"year": 2027}, "year"), ({"achievement": " "}, "required")]:
        with pytest.raises(DomainError) as err:
            person(personas.commune_a_officer, world.commune_a, **extra)
        assert err.value.code == code
    assert not Exemplary.objects.exists()


def test_links_only_to_what_the_linker_may_see_and_shown_by_viewer(
    world: World, personas: Personas, mv: Movement
) -> None:
    mine = make_model(personas.commune_a_officer, [world.commune_a])
    theirs = make_model(personas.commune_b_officer, [world.commune_b])
    item = person(mv.standing, world.commune_a)
    by_a = personas.commune_a_officer
    exemplary.exemplary_link(item, by=by_a, kind="model", ref=str(mine.pk))
    with pytest.raises(DomainError) as err:
        exemplary.exemplary_link(item, by=by_a, kind="model", ref=str(theirs.pk))
    assert err.value.code == "link_target"
    with pytest.raises(DomainError) as err:
        exemplary.exemplary_link(item, by=by_a, kind="model", ref=str(mine.pk))
    assert err.value.code == "link_duplicate"
    session = make_session(mv.standing, world.commune_b, world.police)
    exemplary.exemplary_link(item, by=mv.standing, kind="outreach", ref=str(session.pk))
    assert ContributionLink.objects.count() == 2

    seen_by_a = exemplary.links_for(item, user=by_a)
    assert [(s.kind, s.target) for s in seen_by_a] == [
        ("model", mine),
        ("outreach", None),
    ]
    seen_by_office = exemplary.links_for(item, user=mv.standing)
    assert [s.target for s in seen_by_office] == [mine, session]


def test_unknown_link_kind_is_refused(world: World, mv: Movement) -> None:
    item = person(mv.standing, world.commune_a)
    with pytest.raises(DomainError) as err:
        exemplary.exemplary_link(item, by=mv.standing, kind="user", ref="1")
    assert err.value.code == "link_kind"
