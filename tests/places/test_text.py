"""Pure text functions: no database."""

import pytest

from bcd138.places import text


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Phường An Mỹ", "phuonganmy"),
        ("phuong an my", "phuonganmy"),
        ("PHƯỜNG  AN MỸ", "phuonganmy"),
        ("Thành phố Đà Nẵng", "thanhphodanang"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "tinhbariavungtau"),
        ("Xã Đắk Lắk", "xadaklak"),
        ("Phường 01", "phuong1"),
        ("Hòa", "hoa"),
        ("Hoà", "hoa"),  # old-style tone placement, decomposed the same
        ("", ""),
    ],
)
def test_search_key_strips_diacritics_case_and_punctuation(raw: str, key: str) -> None:
    assert text.search_key(raw) == key


def test_exact_key_keeps_diacritics_apart() -> None:
    assert text.exact_key("Xã Văn Lang") != text.exact_key("Xã Văn Lăng")
    assert text.search_key("Xã Văn Lang") == text.search_key("Xã Văn Lăng")


def test_address_parts_split_on_commas_and_drop_empties() -> None:
    parts = text.address_parts("12 Trần Phú,  P. An Mỹ ,, TP Tam Kỳ; Quảng Nam\n")
    assert parts == ["12 Trần Phú", "P. An Mỹ", "TP Tam Kỳ", "Quảng Nam"]


@pytest.mark.parametrize(
    ("raw", "kinds", "rest"),
    [
        ("P. An Mỹ", ("Phường",), "an my"),
        ("P.An Mỹ", ("Phường",), "an my"),
        ("Phuong An My", ("Phường",), "an my"),
        ("TP Tam Kỳ", ("Thành phố",), "tam ky"),
        ("T.P Tam Kỳ", ("Thành phố",), "tam ky"),
        ("Thành phố Tam Kỳ", ("Thành phố",), "tam ky"),
        ("TX. Điện Bàn", ("Thị xã",), "dien ban"),
        ("TT Núi Thành", ("Thị trấn",), "nui thanh"),
        ("H. Núi Thành", ("Huyện",), "nui thanh"),
        ("Q3", ("Quận",), "3"),
        ("Q.3", ("Quận",), "3"),
        ("X. An Mỹ", ("Xã",), "an my"),
        ("Tinh Quang Nam", ("Tỉnh",), "quang nam"),
        ("Dac khu Hoang Sa", ("Đặc khu",), "hoang sa"),
        ("Quảng Nam", (), "quang nam"),  # not "Quận ảng Nam"
        ("Xã", (), "xa"),  # a bare type word is a name, not a prefix
    ],
)
def test_kind_strip_recognises_prefixes_and_abbreviations(
    raw: str, kinds: tuple[str, ...], rest: str
) -> None:
    assert text.kind_strip(raw) == (kinds, rest)


def test_part_keys_prefer_the_typed_type_and_allow_others() -> None:
    keys = text.part_keys("P. An Mỹ")
    assert "phuonganmy" in keys.preferred
    assert "xaanmy" in keys.loose
    assert keys.rest == "anmy"


def test_part_keys_know_province_short_forms() -> None:
    assert "thanhphohochiminh" in text.part_keys("TP HCM").preferred
    assert "thanhphohochiminh" in text.part_keys("HCM").preferred
    assert "thanhphohanoi" in text.part_keys("HN").preferred


def test_a_name_that_looks_like_a_prefix_is_still_tried_whole() -> None:
    # Phường Quan Hoa (Hà Nội) must not only be read as "Quận Hoa".
    assert "phuongquanhoa" in text.part_keys("Quan Hoa").all()


def test_type_word_split_cuts_a_comma_less_address() -> None:
    pieces = text.type_word_split("Phường An Mỹ Thành phố Tam Kỳ Tỉnh Quảng Nam")
    assert pieces == ["phuong an my", "thanh pho tam ky", "tinh quang nam"]
    assert text.type_word_split("Phường Phương Liên") == ["phuong phuong lien"]


def test_is_country() -> None:
    assert text.is_country("Việt Nam")
    assert text.is_country("VN")
    assert not text.is_country("Nam Định")
