"""Models (mô hình): recording, replication and its counting, yearly assessment."""

from __future__ import annotations

import pytest

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.movement.models import ModelAssessment, MovementModel, Rating
from bcd138.movement.services import grassroots
from bcd138.movement.services.overview import (
    model_counts_by_commune,
    model_counts_by_year,
    movement_overview,
    replication_counts,
)
from tests.conftest import Personas, World
from tests.movement.conftest import D, Movement, make_model


def test_a_model_is_recorded_with_its_audit_entry(
    world: World, personas: Personas
) -> None:
    model = make_model(personas.commune_a_officer, [world.commune_a])
    assert list(model.communes.all()) == [world.commune_a]
    entry = AuditEntry.objects.get(action="movement.model_create")
    assert entry.object_id == str(model.pk)
    assert entry.place == world.commune_a


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ended_on": D(2025, 8, 1)}, "date_order"),  # ends before it started
        ({"started_on": D(2026, 4, 1)}, "date_future"),
        ({"name": "  "}, "required"),
        ({"model_type": "nonsense"}, "model_type"),
    ],
)
def test_bad_models_are_refused_and_nothing_changes(
    world: World, personas: Personas, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as err:
        make_model(personas.commune_a_officer, [world.commune_a], **changes)
    assert err.value.code == code
    assert not MovementModel.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="movement.").exists()


def test_a_unit_must_exist_on_the_start_date(
    world: World, personas: Personas, mv: Movement
) -> None:
    # A 2025 commune did not exist in 2024; a former one ended on 30/06/2025.
    with pytest.raises(DomainError) as err:
        make_model(mv.standing, [world.commune_a], started_on=D(2024, 3, 1))
    assert err.value.code == "place_era"
    make_model(mv.standing, [mv.legacy_a], started_on=D(2024, 3, 1))


def test_replication_keeps_its_origin_and_is_counted_per_year_and_commune(
    world: World, personas: Personas, mv: Movement
) -> None:
    origin = make_model(mv.standing, [mv.legacy_a], started_on=D(2024, 3, 1))
    copy_b = make_model(
        mv.standing, [mv.legacy_b], started_on=D(2024, 9, 1), origin=origin
    )
    copy_now = make_model(
        mv.standing, [world.commune_b], started_on=D(2025, 10, 1), origin=origin
    )
    make_model(mv.standing, [world.commune_a], started_on=D(2025, 8, 1))
    assert copy_b.replicated_from == origin
    assert set(origin.replications.all()) == {copy_b, copy_now}

    by_year = {
        y.year: (y.built, y.replicated)
        for y in model_counts_by_year(MovementModel.objects.all())
    }
    assert by_year == {2024: (1, 1), 2025: (1, 1)}
    counts = replication_counts(MovementModel.objects.all())
    # Former communes are counted under today's communes.
    assert counts[(2024, world.commune_a.name)] == {"built": 1, "replicated": 0}
    assert counts[(2024, world.commune_b.name)] == {"built": 0, "replicated": 1}
    assert counts[(2025, world.commune_b.name)] == {"built": 0, "replicated": 1}
    by_commune = {
        c.commune: (c.active, c.built, c.replicated)
        for c in model_counts_by_commune(MovementModel.objects.all())
    }
    assert by_commune[world.commune_a.name] == (2, 2, 0)
    assert by_commune[world.commune_b.name] == (2, 0, 2)


def test_a_replication_must_go_to_another_commune_and_start_after(
    world: World, mv: Movement
) -> None:
    origin = make_model(mv.standing, [world.commune_a], started_on=D(2025, 9, 1))
    with pytest.raises(DomainError) as err:
        make_model(mv.standing, [world.commune_a], origin=origin)
    assert err.value.code == "replica_communes"
    with pytest.raises(DomainError) as err:
        make_model(
            mv.standing, [world.commune_b], started_on=D(2025, 8, 1), origin=origin
        )
    assert err.value.code == "date_order"
    assert MovementModel.objects.count() == 1


def test_one_assessment_per_year_for_a_year_the_model_ran(
    world: World, personas: Personas
) -> None:
    model = make_model(personas.commune_a_officer, [world.commune_a])
    by = personas.commune_a_officer
    grassroots.model_assess(model, by=by, year=2025, rating=Rating.EFFECTIVE)
    with pytest.raises(DomainError) as err:
        grassroots.model_assess(model, by=by, year=2025, rating=Rating.PARTLY)
    assert err.value.code == "assessment_duplicate"
    with pytest.raises(DomainError) as err:
        grassroots.model_assess(model, by=by, year=2024, rating=Rating.PARTLY)
    assert err.value.code == "assessment_year"
    assert ModelAssessment.objects.get().rating == Rating.EFFECTIVE


def test_update_changes_and_audits_the_difference(
    world: World, personas: Personas
) -> None:
    by = personas.commune_a_officer
    model = make_model(by, [world.commune_a])
    data = grassroots.ModelInput(
        name="Camera an ninh mở rộng",
        model_type=model.model_type,
        communes=[world.commune_a],
        started_on=model.started_on,
        running_organisation="Tổ dân phố 3",
        members_count=20,
    )
    grassroots.model_update(model, by=by, data=data)
    model.refresh_from_db()
    assert model.members_count == 20
    changes = AuditEntry.objects.get(action="movement.model_update").changes
    assert changes["members_count"] == [12, 20]
    assert "started_on" not in changes


def test_overview_respects_the_viewer(
    world: World, personas: Personas, mv: Movement
) -> None:
    make_model(personas.commune_a_officer, [world.commune_a])
    make_model(personas.commune_b_officer, [world.commune_b])
    mine = movement_overview(user=personas.commune_a_officer)
    assert [c.commune for c in mine.models_by_commune] == [world.commune_a.name]
    everyone = movement_overview(user=mv.standing)
    assert len(everyone.models_by_commune) == 2
