"""Charges: an article and clause of the Penal Code in force on the offence date.

The category is derived from the clause (BLHS Điều 9, ``law.penal_code``), never
typed; the social-order tag from the article's chapter, or from the chapters a
deployment configures (``BCD138_SOCIAL_ORDER_CHAPTERS``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from bcd138.cases.models import Accused, Case, CaseEvent, Charge
from bcd138.cases.services.clock import law_error
from bcd138.core.errors import DomainError
from bcd138.law import penal_code
from bcd138.law.errors import LawError


@dataclass(frozen=True)
class ChargeInput:
    article: str
    clause: int


@dataclass(frozen=True)
class ResolvedCharge:
    article: str
    clause: int
    title: str
    category: penal_code.Category
    chapter: str
    social_order: bool


def code_in_force(on: datetime.date) -> penal_code.Catalogue:
    """The edition in force on ``on``; a DomainError before the first one (2018)."""
    try:
        return penal_code.catalogue(on)
    except LawError as exc:
        raise law_error(exc) from None


def charge_resolve(charge: ChargeInput, *, on: datetime.date) -> ResolvedCharge:
    """The charge checked against the code in force on ``on``; DomainError if the
    article is not an offence or the clause does not exist."""
    code = code_in_force(on)
    try:
        article = code.article(str(charge.article))
        clause = code.clause(article.number, int(charge.clause))
    except LawError as exc:
        raise law_error(exc) from None
    if not article.is_offence:
        raise DomainError(
            _("Article %(article)s defines no offence.") % {"article": article.number},
            code="not_an_offence",
        )
    chapters = settings.BCD138_SOCIAL_ORDER_CHAPTERS or None
    return ResolvedCharge(
        article=article.number,
        clause=clause.khoan,
        title=article.title,
        category=clause.category,
        chapter=article.chapter,
        social_order=code.is_social_order(article.number, chapters=chapters),
    )


def charges_resolve(
    charges: Sequence[ChargeInput], *, on: datetime.date
) -> list[ResolvedCharge]:
    if not charges:
        raise DomainError(_("Give at least one article and clause."), code="charges")
    resolved = [charge_resolve(c, on=on) for c in charges]
    keys = [(r.article, r.clause) for r in resolved]
    if len(set(keys)) != len(keys):
        raise DomainError(_("The same charge is given twice."), code="charges")
    return resolved


def charges_write(
    case: Case,
    resolved: Iterable[ResolvedCharge],
    *,
    event: CaseEvent,
    accused: Accused | None = None,
) -> None:
    Charge.objects.bulk_create(
        Charge(
            case=case,
            accused=accused,
            article=r.article,
            clause=r.clause,
            title=r.title,
            category=r.category,
            chapter=r.chapter,
            social_order=r.social_order,
            added_by=event,
        )
        for r in resolved
    )


def category_after(
    case: Case, new: Iterable[ResolvedCharge], *, replacing: Accused | bool | None
) -> penal_code.Category:
    """The case's category (its most serious charge) once ``new`` is added and,
    unless ``replacing`` is False, the current charges of that accused (None: the
    case's own charges) are ended."""
    current = case.charges.filter(ended_by__isnull=True)
    if replacing is None:
        current = current.exclude(accused__isnull=True)
    elif replacing is not False:
        current = current.exclude(accused=replacing)
    stored = current.values_list("category", flat=True)
    categories = [penal_code.Category(c) for c in stored]
    categories += [r.category for r in new]
    return penal_code.most_serious(categories)
