"""The special part of the Penal Code (Bộ luật Hình sự, BLHS), Điều 108–425.

- The catalogue is data (``data/penal_code.json``, its sources in ``data/SOURCE.md``):
  chapters with their article ranges, every article with its title, and for the
  common crimes the sentencing bracket of each clause (khoản).
- It is versioned by date of effect: ``catalogue(on)`` gives the version in force on
  ``on``. A later amendment (e.g. Law 86/2025 from 2025-07-01) is added as a new
  version in the data file, not as code.
- The crime category (Điều 9) is derived from the top of the bracket of the clause
  applied, never typed: ``category_for`` holds the rule, ``Catalogue.category``
  applies it to an article and clause. A case's category is its most serious charge
  (``most_serious``).
- Which chapters count as social-order crime (tội phạm trật tự xã hội, TTXH) is not
  published exactly; the data carries a documented default per chapter, and
  ``Catalogue.is_social_order`` takes an override.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from bcd138.law.errors import gettext_noop, refuse

DATA_PATH = Path(__file__).parent / "data" / "penal_code.json"

# Điều 9.1: the thresholds, in years, on the top of the applicable bracket.
LESS_SERIOUS_MAX_YEARS = 3
SERIOUS_MAX_YEARS = 7
VERY_SERIOUS_MAX_YEARS = 15


class Category(StrEnum):
    """The four crime categories of BLHS Điều 9, least serious first."""

    LESS_SERIOUS = "less_serious"
    SERIOUS = "serious"
    VERY_SERIOUS = "very_serious"
    PARTICULARLY_SERIOUS = "particularly_serious"

    @property
    def label(self) -> str:
        """The Vietnamese name (marked for translation, not translated here)."""
        return CATEGORY_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for less serious … 3 for particularly serious."""
        return _CATEGORY_ORDER.index(self)


CATEGORY_LABELS: dict[Category, str] = {
    Category.LESS_SERIOUS: gettext_noop("Less serious (ít nghiêm trọng)"),
    Category.SERIOUS: gettext_noop("Serious (nghiêm trọng)"),
    Category.VERY_SERIOUS: gettext_noop("Very serious (rất nghiêm trọng)"),
    Category.PARTICULARLY_SERIOUS: gettext_noop(
        "Particularly serious (đặc biệt nghiêm trọng)"
    ),
}

_CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)


def category_for(max_years: float | None, *, life: bool, death: bool) -> Category:
    """The Điều 9 category for a bracket whose most severe penalty is ``max_years``
    of imprisonment (None: no imprisonment, i.e. fine or non-custodial reform only),
    life imprisonment (``life``) or death (``death``)."""
    if life or death:
        return Category.PARTICULARLY_SERIOUS
    if max_years is None:
        return Category.LESS_SERIOUS
    if max_years < 0:
        raise ValueError("max_years must not be negative")
    if max_years <= LESS_SERIOUS_MAX_YEARS:
        return Category.LESS_SERIOUS
    if max_years <= SERIOUS_MAX_YEARS:
        return Category.SERIOUS
    if max_years <= VERY_SERIOUS_MAX_YEARS:
        return Category.VERY_SERIOUS
    return Category.PARTICULARLY_SERIOUS


def most_serious(categories: Iterable[Category]) -> Category:
    """The most serious of ``categories`` (a case takes its most serious charge)."""
    found = list(categories)
    if not found:
        raise ValueError("most_serious() needs at least one category")
    return max(found, key=lambda category: category.rank)


@dataclass(frozen=True)
class Clause:
    """One khoản of an article with the top of its sentencing bracket."""

    khoan: int
    max_years: float | None
    life: bool = False
    death: bool = False
    non_custodial_only: bool = False
    summary: str = ""

    @property
    def category(self) -> Category:
        years = None if self.non_custodial_only else self.max_years
        return category_for(years, life=self.life, death=self.death)


@dataclass(frozen=True)
class Article:
    """An article (điều) of the special part."""

    number: str
    title: str
    chapter: str
    repealed: bool = False
    clauses: tuple[Clause, ...] = ()

    @property
    def is_offence(self) -> bool:
        """False for the few articles that define no crime (e.g. Điều 122, 352)."""
        return not self.repealed and self.title.startswith("Tội")

    @property
    def has_brackets(self) -> bool:
        return bool(self.clauses)

    @property
    def sort_key(self) -> tuple[int, str]:
        return article_key(self.number)


@dataclass(frozen=True)
class Chapter:
    """A chương of the special part with its first and last article."""

    number: str
    title: str
    first: str
    last: str
    social_order: bool

    def contains(self, number: str) -> bool:
        return article_key(self.first) <= article_key(number) <= article_key(self.last)


_NUMBER = re.compile(r"^(?:đ(?:iều|\.)?|dieu)?\s*(\d{1,3}[a-z]?)$")


def parse_number(text: str | int) -> str | None:
    """The article number in ``text`` ("173", "Điều 173", "điều 217a"), or None."""
    match = _NUMBER.match(str(text).strip().lower())
    return match.group(1) if match else None


def article_key(number: str) -> tuple[int, str]:
    """Sort key of an article number: 217 < 217a < 218."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits), number[len(digits) :]


def fold(text: str) -> str:
    """Lower case without diacritics ("Trộm cắp" → "trom cap"), for searching."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


@dataclass(frozen=True)
class Catalogue:
    """The special part as in force from ``effective_from``."""

    effective_from: date
    label: str
    chapters: tuple[Chapter, ...]
    articles: tuple[Article, ...]
    _index: dict[str, Article] = field(init=False, repr=False, compare=False)
    _chapters: dict[str, Chapter] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {a.number: a for a in self.articles})
        object.__setattr__(self, "_chapters", {c.number: c for c in self.chapters})

    def article(self, number: str | int) -> Article:
        """The article ``number`` ("173", "Điều 173", 173); ``article_unknown``."""
        parsed = parse_number(number)
        found = self._index.get(parsed) if parsed else None
        if found is None:
            raise refuse(
                "article_unknown",
                article=str(number),
                on=self.effective_from.isoformat(),
            )
        return found

    def clause(self, article: str | int, khoan: int) -> Clause:
        """Clause ``khoan`` of ``article``.

        ``clause_unknown`` when the article has no such clause; ``brackets_unknown``
        when the catalogue holds no clause data for the article at all (it cannot
        tell whether the clause exists).
        """
        found = self.article(article)
        if not found.clauses:
            raise refuse("brackets_unknown", article=found.number)
        for clause in found.clauses:
            if clause.khoan == khoan:
                return clause
        raise refuse("clause_unknown", article=found.number, khoan=str(khoan))

    def category(self, article: str | int, khoan: int) -> Category:
        """The Điều 9 category of a charge under clause ``khoan`` of ``article``."""
        return self.clause(article, khoan).category

    def chapter_of(self, article: str | int) -> Chapter:
        return self._chapters[self.article(article).chapter]

    def is_social_order(
        self, article: str | int, *, chapters: Collection[str] | None = None
    ) -> bool:
        """Whether ``article`` is a social-order crime (tội phạm trật tự xã hội).

        By default the chapter's flag in the data decides (a documented default,
        see ``data/SOURCE.md``); ``chapters`` (Roman numerals, e.g. {"XIV", "XVI"})
        replaces it when a deployment configures its own list.
        """
        chapter = self.chapter_of(article)
        if chapters is not None:
            return chapter.number in chapters
        return chapter.social_order

    def search(self, text: str, limit: int = 20) -> list[Article]:
        """Articles matching ``text``: by number ("173", "Điều 173", "217a") first,
        then by the words of their title, with or without diacritics, the most
        query words matched first (the whole phrase counts extra)."""
        query = text.strip()
        if not query or limit <= 0:
            return []
        results: list[Article] = []
        number = parse_number(query)
        if number is not None and number in self._index:
            results.append(self._index[number])
        words = set(_words(query))
        phrase = " ".join(_words(query))
        scored: list[tuple[float, tuple[int, str], Article]] = []
        if words:
            for article in self.articles:
                if article.repealed or article in results:
                    continue
                title_words = _words(article.title)
                score: float = len(words & set(title_words))
                if score == 0:
                    continue
                if phrase and phrase in " ".join(title_words):
                    score += 0.5
                scored.append((-score, article.sort_key, article))
        scored.sort(key=lambda item: (item[0], item[1]))
        results.extend(article for _, _, article in scored)
        return results[:limit]


def _clause(raw: Mapping[str, Any]) -> Clause:
    max_years = raw.get("max_years")
    return Clause(
        khoan=int(raw["khoan"]),
        max_years=None if max_years is None else float(max_years),
        life=bool(raw.get("life", False)),
        death=bool(raw.get("death", False)),
        non_custodial_only=bool(raw.get("non_custodial_only", False)),
        summary=str(raw.get("summary", "")),
    )


def _resolve(
    raw: Mapping[str, Any], earlier: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """A version's own data merged over the version it ``extends`` (if any):
    chapters replaced when given, articles replaced one by one by number."""
    base_key = raw.get("extends")
    if base_key is None:
        return dict(raw)
    base = earlier[str(base_key)]
    articles: dict[str, Any] = {str(a["number"]): a for a in base["articles"]}
    for entry in raw.get("articles", []):
        articles[str(entry["number"])] = entry
    merged = {**base, **raw}
    merged["chapters"] = raw.get("chapters", base["chapters"])
    merged["articles"] = sorted(
        articles.values(), key=lambda a: article_key(str(a["number"]))
    )
    return merged


def _build(raw: Mapping[str, Any]) -> Catalogue:
    chapters = tuple(
        Chapter(
            number=str(c["number"]),
            title=str(c["title"]),
            first=str(c["first"]),
            last=str(c["last"]),
            social_order=bool(c["social_order"]),
        )
        for c in raw["chapters"]
    )
    articles: list[Article] = []
    for a in raw["articles"]:
        number = str(a["number"])
        chapter = next((c for c in chapters if c.contains(number)), None)
        if chapter is None:
            raise ValueError(f"article {number} lies in no chapter")
        articles.append(
            Article(
                number=number,
                title=str(a.get("title", "")),
                chapter=chapter.number,
                repealed=bool(a.get("repealed", False)),
                clauses=tuple(_clause(c) for c in a.get("clauses", [])),
            )
        )
    return Catalogue(
        effective_from=date.fromisoformat(str(raw["effective_from"])),
        label=str(raw.get("label", "")),
        chapters=chapters,
        articles=tuple(sorted(articles, key=lambda a: a.sort_key)),
    )


def load_versions(data: Mapping[str, Any]) -> tuple[Catalogue, ...]:
    """Every version in ``data`` (the parsed data file), oldest first."""
    raws = sorted(data["versions"], key=lambda v: str(v["effective_from"]))
    resolved: dict[str, dict[str, Any]] = {}
    for raw in raws:
        resolved[str(raw["effective_from"])] = _resolve(raw, resolved)
    return tuple(_build(raw) for raw in resolved.values())


def select_version(versions: Iterable[Catalogue], on: date) -> Catalogue:
    """The version of ``versions`` in force on ``on``; ``catalogue_before_2018``
    when ``on`` precedes the first one."""
    ordered = sorted(versions, key=lambda v: v.effective_from)
    in_force = [v for v in ordered if v.effective_from <= on]
    if not in_force:
        first = ordered[0].effective_from.isoformat() if ordered else "-"
        raise refuse("catalogue_before_2018", first=first, on=on.isoformat())
    return in_force[-1]


@lru_cache(maxsize=1)
def packaged_versions() -> tuple[Catalogue, ...]:
    """The versions of the packaged data file, loaded once."""
    return load_versions(json.loads(DATA_PATH.read_text(encoding="utf-8")))


def catalogue(on: date) -> Catalogue:
    """The Penal Code catalogue in force on ``on``."""
    return select_version(packaged_versions(), on)
