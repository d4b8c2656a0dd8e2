"""Loading, lookup, successors and address resolution, on the session-loaded units."""

from typing import Any

import pytest

from bcd138.core.errors import DomainError
from bcd138.core.models import AuditEntry
from bcd138.places import services
from bcd138.places.models import (
    CUTOVER,
    LEGACY_VALID_TO,
    Era,
    Level,
    Place,
    Succession,
)
from bcd138.places.services._common import MAX_CANDIDATES
from bcd138.places.text import search_key

pytestmark = pytest.mark.django_db


def _count(era: str, level: str) -> int:
    return Place.objects.filter(era=era, level=level).count()


# --------------------------------------------------------------------- loading


def test_the_2025_units_are_34_provinces_and_3321_communes() -> None:
    assert _count(Era.CURRENT, Level.PROVINCE) == 34
    assert _count(Era.CURRENT, Level.COMMUNE) == 3321
    assert _count(Era.CURRENT, Level.DISTRICT) == 0


def test_da_nang_has_94_communes_including_dac_khu_hoang_sa() -> None:
    da_nang = Place.objects.current().provinces().get(code="48")
    communes = Place.objects.current().communes().filter(parent=da_nang)
    assert communes.count() == 94
    assert communes.filter(kind="Đặc khu", name="Đặc khu Hoàng Sa").exists()


def test_the_legacy_units_are_63_provinces_696_districts_10035_communes() -> None:
    # The source has 10,040 rows: five island districts had no commune.
    assert _count(Era.LEGACY, Level.PROVINCE) == 63
    assert _count(Era.LEGACY, Level.DISTRICT) == 696
    assert _count(Era.LEGACY, Level.COMMUNE) == 10035


def test_validity_dates_split_at_the_cutover() -> None:
    assert not Place.objects.legacy().exclude(valid_to=LEGACY_VALID_TO).exists()
    assert not Place.objects.current().exclude(valid_from=CUTOVER).exists()
    assert Place.objects.valid_on(CUTOVER).count() == 34 + 3321


def test_every_unit_has_a_current_province_and_every_commune_a_current_commune() -> (
    None
):
    assert not Place.objects.filter(current_province__isnull=True).exists()
    assert not Place.objects.communes().filter(current_commune__isnull=True).exists()
    assert not Place.objects.provinces().filter(current_commune__isnull=False).exists()


def test_current_links_of_each_kind_of_unit() -> None:
    province = services.place_get(code="48")
    commune = services.place_get(code="20341")
    assert province.current_province == province
    assert (commune.current_province, commune.current_commune) == (province, commune)
    an_my = services.place_get(code="20341", era="legacy")
    assert (an_my.current_province, an_my.current_commune) == (province, commune)
    tam_ky = services.place_get(code="502", era="legacy")
    assert (tam_ky.current_province, tam_ky.current_commune) == (province, None)
    quang_nam = services.place_get(code="49", era="legacy")
    assert (quang_nam.current_province, quang_nam.current_commune) == (province, None)


def test_each_legacy_commune_has_exactly_one_default_successor() -> None:
    legacy_communes = Place.objects.legacy().communes()
    defaults = Succession.objects.filter(
        is_default=True, legacy__in=legacy_communes
    ).values_list("legacy_id", flat=True)
    assert len(defaults) == len(set(defaults)) == legacy_communes.count()
    # The default successor is the unit the commune is counted under.
    mismatched = [
        s
        for s in Succession.objects.filter(is_default=True).select_related("legacy")
        if s.legacy.level == Level.COMMUNE
        and s.legacy.current_commune_id != s.successor_id
    ]
    assert mismatched == []


def test_split_communes_have_several_successors_flagged_split() -> None:
    hoa_lien = services.place_get(code="20296", era="legacy")
    rows = hoa_lien.successions.order_by("-is_default")
    assert [(s.successor.code, s.is_default, s.is_split) for s in rows] == [
        ("20197", True, True),
        ("20194", False, True),
    ]


def test_loading_again_changes_nothing() -> None:
    before = Place.objects.count(), Succession.objects.count()
    stats = services.places_load()
    assert (stats.created, stats.updated) == (0, 0)
    assert (Place.objects.count(), Succession.objects.count()) == before
    assert stats.counts == {
        "2025": {"province": 34, "commune": 3321},
        "legacy": {"province": 63, "district": 696, "commune": 10035},
    }
    assert stats.successions == Succession.objects.count()


def test_loading_restores_a_changed_name_and_writes_one_audit_entry() -> None:
    Place.objects.filter(era="2025", code="20341").update(name="Phường Sai Tên")
    audits = AuditEntry.objects.filter(action="places.load").count()
    stats = services.places_load()
    assert stats.updated == 1
    assert services.place_get(code="20341").name == "Phường Tam Kỳ"
    assert AuditEntry.objects.filter(action="places.load").count() == audits + 1


def test_places_load_reports_progress_when_given_a_stream() -> None:
    import io

    out = io.StringIO()
    Place.objects.filter(era="legacy", code="502").update(latitude=0.0)
    services.places_load(stdout=out)
    assert "legacy district: 0 new, 1 changed" in out.getvalue()


def test_stored_search_keys_match_the_text_module() -> None:
    rows = Place.objects.values_list("name", "search_key")
    assert [n for n, k in rows if search_key(n) != k] == []


# --------------------------------------------------------------------- reading


def test_place_get_unknown_code_is_a_404_domain_error() -> None:
    with pytest.raises(DomainError) as info:
        services.place_get(code="99999")
    assert (info.value.code, info.value.status) == ("place_unknown", 404)
    assert "99999" in info.value.message


def test_place_get_rejects_an_unknown_era() -> None:
    with pytest.raises(DomainError) as info:
        services.place_get(code="48", era="2019")
    assert info.value.code == "era_invalid"


def test_place_get_same_code_in_both_eras() -> None:
    assert services.place_get(code="20341").name == "Phường Tam Kỳ"
    assert services.place_get(code="20341", era="legacy").name == "Phường An Mỹ"


@pytest.mark.parametrize(
    ("era", "code", "expected"),
    [
        ("2025", "20341", ["20341"]),  # a 2025 commune covers itself
        ("2025", "48", ["48"]),  # a 2025 province too
        ("legacy", "20341", ["20341"]),  # Phường An Mỹ → Phường Tam Kỳ
        ("legacy", "20296", ["20197", "20194"]),  # split: default first
        ("legacy", "49", ["48"]),  # Quảng Nam → Đà Nẵng
        ("legacy", "498", ["20333"]),  # Huyện Hoàng Sa → Đặc khu Hoàng Sa
    ],
)
def test_place_successors(era: str, code: str, expected: list[str]) -> None:
    place = services.place_get(code=code, era=era)
    assert [p.code for p in services.place_successors(place)] == expected


def test_place_successors_of_a_legacy_district_are_the_communes_that_absorbed_it() -> (
    None
):
    tam_ky = services.place_get(code="502", era="legacy")
    successors = services.place_successors(tam_ky)
    assert "20341" in [p.code for p in successors]
    assert all(p.era == "2025" and p.parent.code == "48" for p in successors)


def test_places_search_by_name_with_or_without_diacritics() -> None:
    with_marks = list(services.places_search(q="Tam Kỳ")[:3])
    without = list(services.places_search(q="tam ky")[:3])
    assert with_marks == without
    assert with_marks[0].name == "Phường Tam Kỳ"  # 2025 first


def test_places_search_by_code_era_level_and_parent() -> None:
    da_nang = services.place_get(code="48")
    found = services.places_search(q="", era="2025", level="commune", parent=da_nang)
    assert found.count() == 94
    assert [p.name for p in services.places_search(q="20341", era="legacy")] == [
        "Phường An Mỹ"
    ]
    found = services.places_search(q="phuong hai chau", era="2025")
    assert found.first().code == "20242"


def test_places_search_rejects_a_bad_level() -> None:
    with pytest.raises(DomainError):
        services.places_search(level="hamlet")


# --------------------------------------------------------- address resolution


def _resolved(address: str) -> services.AddressResolution:
    result = services.address_resolve(address)
    assert result.status == "resolved", (address, result)
    return result


@pytest.mark.parametrize(
    "address",
    [
        "Phường An Mỹ, Thành phố Tam Kỳ, Tỉnh Quảng Nam",
        "phuong an my, tam ky, quang nam",
        "12 Trần Phú, P. An Mỹ, TP Tam Kỳ, Quảng Nam",
        "P.An My, TP. Tam Ky, Quang Nam, Viet Nam",
        "Phường An Mỹ Thành phố Tam Kỳ Tỉnh Quảng Nam",
        "Phường An Mỹ, Đà Nẵng",
    ],
)
def test_an_my_resolves_to_the_legacy_commune_now_phuong_tam_ky(address: str) -> None:
    result = _resolved(address)
    assert result.place is not None
    assert (result.place.era, result.place.code) == ("legacy", "20341")
    assert result.place.name == "Phường An Mỹ"
    assert [p.code for p in result.current] == ["20341"]
    assert result.current[0].name == "Phường Tam Kỳ"
    assert result.current[0].parent.code == "48"


@pytest.mark.parametrize(
    "address",
    ["Phường Tam Kỳ, Đà Nẵng", "phuong tam ky, tp da nang", "Phường Tam Kỳ, Quảng Nam"],
)
def test_new_names_resolve_to_the_2025_commune(address: str) -> None:
    result = _resolved(address)
    assert result.place is not None
    assert (result.place.era, result.place.code) == ("2025", "20341")
    assert result.current == [result.place]


def test_a_split_commune_lists_every_successor_default_first() -> None:
    result = _resolved("Thôn Quan Nam 1, Xã Hòa Liên, Huyện Hòa Vang, TP Đà Nẵng")
    assert result.place is not None
    assert result.place.code == "20296"
    assert [p.code for p in result.current] == ["20197", "20194"]


def test_numbered_wards_and_province_short_forms() -> None:
    result = _resolved("45 Lê Văn Sỹ, P.12, Q.3, TP HCM")
    assert result.place is not None
    assert (result.place.name, result.place.parent.name) == ("Phường 12", "Quận 3")


def test_a_former_name_is_found_through_aliases() -> None:
    result = _resolved("Phường Nguyễn Trung Trực, Ba Đình, Hà Nội")
    assert result.place is not None
    assert result.place.name == "Phường Trúc Bạch"


def test_diacritics_tell_apart_names_that_fold_the_same() -> None:
    result = _resolved("Xã Văn Lăng, Thái Nguyên")
    assert result.place is not None
    assert result.place.code == "05665"
    assert services.address_resolve("Xa Van Lang, Thai Nguyen").status == "ambiguous"


def test_a_name_alone_that_is_legacy_and_current_means_the_current_unit() -> None:
    result = _resolved("Đà Nẵng")
    assert result.place is not None
    assert (result.place.era, result.place.code) == (
        "2025",
        "48",
    )


def test_a_commune_name_in_several_provinces_is_ambiguous() -> None:
    result = services.address_resolve("Xã An Mỹ")
    assert result.status == "ambiguous"
    assert result.place is None
    assert result.current == []
    assert 2 <= len(result.candidates) <= MAX_CANDIDATES
    provinces = {c.parent.parent.code for c in result.candidates}
    assert len(provinces) > 1


def test_a_district_and_a_commune_of_the_same_name_are_asked_about() -> None:
    result = services.address_resolve("Tam Kỳ")
    assert result.status == "ambiguous"
    assert {(c.era, c.level) for c in result.candidates} >= {
        ("2025", "commune"),
        ("legacy", "district"),
    }


def test_adding_the_province_removes_the_ambiguity() -> None:
    result = _resolved("Xã An Mỹ, Huyện Tuy An, Phú Yên")
    assert result.place is not None
    assert result.place.code == "22153"


def test_unknown_text_is_not_found() -> None:
    result = services.address_resolve("Số 1 đường Không Tồn Tại, Xứ Sở Thần Tiên")
    assert result.status == "not_found"
    assert (result.place, result.current, result.candidates) == (None, [], [])


@pytest.mark.parametrize("address", ["", "   ", ",,, ;", "…", "x" * 600])
def test_empty_or_unusable_text_is_an_address_invalid_error(address: str) -> None:
    with pytest.raises(DomainError) as info:
        services.address_resolve(address)
    assert info.value.code == "address_invalid"


def test_address_resolve_uses_a_few_indexed_queries(
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(8):
        services.address_resolve("12 Trần Phú, P. An Mỹ, TP Tam Kỳ, Quảng Nam")
