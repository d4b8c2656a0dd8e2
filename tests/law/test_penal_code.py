"""The Penal Code catalogue: Điều 9 categories, the data, search and versions."""

from __future__ import annotations

import itertools
import json
from datetime import date
from typing import Any

import pytest

from bcd138.law.errors import MESSAGES, LawError
from bcd138.law.penal_code import (
    CATEGORY_LABELS,
    DATA_PATH,
    Catalogue,
    Category,
    article_key,
    catalogue,
    category_for,
    fold,
    load_versions,
    most_serious,
    select_version,
)

LS = Category.LESS_SERIOUS
S = Category.SERIOUS
VS = Category.VERY_SERIOUS
PS = Category.PARTICULARLY_SERIOUS

ON = date(2023, 5, 1)


@pytest.fixture(scope="module")
def blhs() -> Catalogue:
    return catalogue(ON)


@pytest.mark.parametrize(
    ("max_years", "life", "death", "expected"),
    [
        (None, False, False, LS),  # fine or non-custodial reform only
        (0.5, False, False, LS),
        (3, False, False, LS),
        (3.0001, False, False, S),
        (7, False, False, S),
        (7.0001, False, False, VS),
        (15, False, False, VS),
        (15.0001, False, False, PS),
        (20, False, False, PS),
        (20, True, False, PS),
        (None, True, False, PS),
        (20, True, True, PS),
        (None, False, True, PS),
    ],
)
def test_category_for_boundaries(
    max_years: float | None, life: bool, death: bool, expected: Category
) -> None:
    assert category_for(max_years, life=life, death=death) is expected


def test_category_for_rejects_negative_years() -> None:
    with pytest.raises(ValueError, match="negative"):
        category_for(-1, life=False, death=False)


def test_categories_have_vietnamese_labels_and_order() -> None:
    assert [c.value for c in Category] == [
        "less_serious",
        "serious",
        "very_serious",
        "particularly_serious",
    ]
    assert CATEGORY_LABELS == {
        LS: "Less serious (ít nghiêm trọng)",
        S: "Serious (nghiêm trọng)",
        VS: "Very serious (rất nghiêm trọng)",
        PS: "Particularly serious (đặc biệt nghiêm trọng)",
    }
    assert PS.label == "Particularly serious (đặc biệt nghiêm trọng)"
    assert [c.rank for c in Category] == [0, 1, 2, 3]


def test_most_serious() -> None:
    assert most_serious([S, LS, VS]) is VS
    assert most_serious([LS]) is LS
    assert most_serious(iter([PS, LS])) is PS
    with pytest.raises(ValueError, match="at least one"):
        most_serious([])


# law-vn.md §2.4: the category per khoản.
CLAUSE_CATEGORIES: dict[str, list[Category]] = {
    "123": [PS, VS],
    "134": [LS, S, VS, VS, PS],
    "141": [S, VS, PS],
    "168": [VS, VS, PS, PS],
    "171": [S, VS, VS, PS],
    "173": [LS, S, VS, PS],
    "174": [LS, S, VS, PS],
    "249": [S, VS, VS, PS],
    "251": [S, VS, PS, PS],
    "260": [S, VS, VS, LS],
    "318": [LS, S],
    "321": [LS, S],
    "322": [S, VS],
    "330": [LS, S],
}


@pytest.mark.parametrize(
    ("article", "khoan", "expected"),
    [
        (article, khoan, expected)
        for article, categories in CLAUSE_CATEGORIES.items()
        for khoan, expected in enumerate(categories, start=1)
    ],
)
def test_clause_categories_of_law_vn(
    blhs: Catalogue, article: str, khoan: int, expected: Category
) -> None:
    assert blhs.category(article, khoan) is expected


@pytest.mark.parametrize(
    ("article", "clauses"),
    [(article, len(categories)) for article, categories in CLAUSE_CATEGORIES.items()],
)
def test_articles_have_exactly_those_clauses(
    blhs: Catalogue, article: str, clauses: int
) -> None:
    assert [c.khoan for c in blhs.article(article).clauses] == list(
        range(1, clauses + 1)
    )


REQUIRED_BRACKETS = [
    *("123", "134", "141", "168", "169", "170", "171", "172", "173", "174"),
    *("175", "178", "249", "250", "251", "255", "260", "290", "318", "321"),
    *("322", "330", "353", "354"),
]


def test_required_articles_have_brackets(blhs: Catalogue) -> None:
    for number in REQUIRED_BRACKETS:
        article = blhs.article(number)
        assert article.has_brackets, number
        for clause in article.clauses:
            assert clause.summary, (number, clause.khoan)
            assert clause.max_years is not None or clause.life or clause.death


def test_death_penalty_clauses(blhs: Catalogue) -> None:
    for number in ("250", "251", "353", "354"):
        top = blhs.clause(number, 4)
        assert top.death
        assert top.life
        assert top.category is PS
    assert blhs.clause("123", 1).death


@pytest.mark.parametrize(
    ("number", "khoan", "code"),
    [
        ("999", 1, "article_unknown"),
        ("107", 1, "article_unknown"),  # the general part is not catalogued
        ("173a", 1, "article_unknown"),
        ("173", 5, "clause_unknown"),
        ("173", 0, "clause_unknown"),
        ("123", 3, "clause_unknown"),  # preparation clause, not catalogued
        ("176", 1, "brackets_unknown"),  # title only, no bracket data
        ("292", 1, "brackets_unknown"),  # repealed
    ],
)
def test_unknown_article_and_clause_errors(
    blhs: Catalogue, number: str, khoan: int, code: str
) -> None:
    with pytest.raises(LawError) as raised:
        blhs.category(number, khoan)
    assert raised.value.code == code
    assert code in MESSAGES


def test_clause_errors_carry_params(blhs: Catalogue) -> None:
    with pytest.raises(LawError) as raised:
        blhs.clause("173", 9)
    assert raised.value.code == "clause_unknown"
    assert raised.value.params == {"article": "173", "khoan": "9"}
    assert raised.value.message == "Article 173 has no clause 9."
    with pytest.raises(LawError) as unknown:
        blhs.article("Điều 999")
    assert unknown.value.code == "article_unknown"
    assert unknown.value.params["on"] == "2018-01-01"


def test_article_lookup_accepts_number_forms(blhs: Catalogue) -> None:
    for form in ("173", "Điều 173", "điều 173", "Dieu 173", " 173 ", 173):
        assert blhs.article(form).title == "Tội trộm cắp tài sản"
    assert blhs.article("217a").title == (
        "Tội vi phạm quy định về kinh doanh theo phương thức đa cấp"
    )


def test_every_article_108_to_425_and_217a_has_a_title(blhs: Catalogue) -> None:
    numbers = [a.number for a in blhs.articles]
    expected = [str(n) for n in range(108, 426)]
    expected.insert(expected.index("218"), "217a")
    assert numbers == expected
    for article in blhs.articles:
        assert article.repealed or article.title, article.number
    assert blhs.article("173").is_offence
    assert not blhs.article("352").is_offence


def test_292_is_repealed(blhs: Catalogue) -> None:
    article = blhs.article("292")
    assert article.repealed
    assert not article.is_offence
    assert blhs.chapter_of("292").number == "XXI"


def test_chapters_cover_108_to_425_without_gaps_or_overlaps(blhs: Catalogue) -> None:
    chapters = blhs.chapters
    assert [c.number for c in chapters] == [
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
        "XXII",
        "XXIII",
        "XXIV",
        "XXV",
        "XXVI",
    ]
    assert chapters[0].first == "108"
    assert chapters[-1].last == "425"
    for before, after in itertools.pairwise(chapters):
        assert article_key(after.first)[0] == article_key(before.last)[0] + 1
    for chapter in chapters:
        assert article_key(chapter.first) <= article_key(chapter.last)
        assert chapter.title


def test_every_article_lies_in_its_chapter(blhs: Catalogue) -> None:
    for article in blhs.articles:
        containing = [c for c in blhs.chapters if c.contains(article.number)]
        assert [c.number for c in containing] == [article.chapter], article.number
    assert blhs.chapter_of("173").title == "Các tội xâm phạm sở hữu"
    assert blhs.chapter_of("217a").number == "XVIII"
    assert blhs.chapter_of("123").number == "XIV"
    assert blhs.chapter_of("425").number == "XXVI"


def test_social_order_default_and_override(blhs: Catalogue) -> None:
    assert blhs.is_social_order("173")
    assert not blhs.is_social_order("353")
    not_social = {c.number for c in blhs.chapters if not c.social_order}
    assert not_social == {"XIII", "XVIII", "XIX", "XXIII", "XXV", "XXVI"}
    assert not blhs.is_social_order("173", chapters={"XX"})
    assert blhs.is_social_order("353", chapters={"XXIII"})


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("173", "173"),
        ("Điều 173", "173"),
        ("dieu 173", "173"),
        ("217a", "217a"),
        ("trom cap", "173"),
        ("trộm cắp", "173"),
        ("Trộm cắp tài sản", "173"),
        ("lua dao", "174"),
        ("đánh bạc", "321"),
        ("danh bac", "321"),
        ("ma tuy tang tru", "249"),
        ("giet nguoi", "123"),
    ],
)
def test_search_first_result(blhs: Catalogue, query: str, first: str) -> None:
    assert blhs.search(query)[0].number == first


def test_search_ranks_number_before_words_and_limits(blhs: Catalogue) -> None:
    results = blhs.search("173")
    assert [a.number for a in results] == ["173"]
    assert len(blhs.search("tai san", limit=5)) == 5
    assert blhs.search("tai san", limit=0) == []
    assert blhs.search("   ") == []
    assert blhs.search("xyzzy") == []
    assert all(not a.repealed for a in blhs.search("bai bo"))
    # Word overlap: both words beat one word.
    ranked = [a.number for a in blhs.search("cuop tai san")]
    assert ranked[:2] == ["168", "171"]


def test_fold_strips_diacritics() -> None:
    assert fold("Tội trộm cắp tài sản") == "toi trom cap tai san"
    assert fold("ĐÁNH BẠC") == "danh bac"


def test_packaged_version_dates(blhs: Catalogue) -> None:
    assert blhs.effective_from == date(2018, 1, 1)
    assert catalogue(date(2018, 1, 1)) is blhs
    assert catalogue(date(2026, 1, 1)) is blhs  # no later version in the data yet
    with pytest.raises(LawError) as raised:
        catalogue(date(2017, 12, 31))
    assert raised.value.code == "catalogue_before_2018"
    assert raised.value.params == {"first": "2018-01-01", "on": "2017-12-31"}


def _two_versions() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    data["versions"].append(
        {
            "effective_from": "2025-07-01",
            "label": "test amendment",
            "extends": "2018-01-01",
            "articles": [
                {
                    "number": "353",
                    "title": "Tội tham ô tài sản",
                    "clauses": [
                        {"khoan": 1, "max_years": 7},
                        {"khoan": 4, "max_years": 20, "life": True},
                    ],
                },
                {"number": "217b", "title": "Tội thử nghiệm"},
            ],
        }
    )
    return data


def test_versions_resolve_by_date_of_effect() -> None:
    versions = load_versions(_two_versions())
    assert [v.effective_from for v in versions] == [date(2018, 1, 1), date(2025, 7, 1)]
    old = select_version(versions, date(2023, 5, 1))
    new = select_version(versions, date(2026, 1, 1))
    assert old.effective_from == date(2018, 1, 1)
    assert new.effective_from == date(2025, 7, 1)
    assert select_version(versions, date(2025, 6, 30)) is old
    assert select_version(versions, date(2025, 7, 1)) is new
    # The later version changes only what it lists.
    assert old.clause("353", 4).death
    assert not new.clause("353", 4).death
    assert new.category("353", 4) is PS
    with pytest.raises(LawError) as raised:
        new.clause("353", 2)
    assert raised.value.code == "clause_unknown"
    assert new.article("173") == old.article("173")
    assert new.chapter_of("217b").number == "XVIII"
    assert [a.number for a in new.articles][109:112] == ["217", "217a", "217b"]
    with pytest.raises(LawError):
        old.article("217b")
    with pytest.raises(LawError) as before:
        select_version(versions, date(2017, 1, 1))
    assert before.value.code == "catalogue_before_2018"


def test_data_file_is_json_with_versions() -> None:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    assert [v["effective_from"] for v in data["versions"]] == ["2018-01-01"]
