"""The Penal Code catalogue (BLHS, special part) as in force on a date: search by
number or words, and one article with its clauses and their categories."""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bcd138.cases.api.schemas import ArticleDetailOut, ArticleOut
from bcd138.cases.services.charges import code_in_force
from bcd138.cases.services.clock import law_error
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.law import penal_code
from bcd138.law.errors import LawError

router = Router(tags=["Penal Code"])


class ArticleQuery(Schema):
    q: str = Field(
        default="",
        max_length=100,
        description='"173", "Điều 173" or words of the title; empty: every article.',
    )
    on: datetime.date | None = Field(
        None, description="The code in force on this day (default: today)."
    )


def _catalogue(on: datetime.date | None) -> penal_code.Catalogue:
    try:
        return code_in_force(on or timezone.localdate())
    except LawError as exc:
        raise law_error(exc) from None


@router.get("/articles", response=list[ArticleOut], summary="Search the Penal Code")
@paginate(LimitOffsetPagination)
def article_search(
    request: AuthedRequest, query: Query[ArticleQuery]
) -> list[penal_code.Article]:
    code = _catalogue(query.on)
    if not query.q.strip():
        return list(code.articles)
    return code.search(query.q, limit=len(code.articles))


@router.get(
    "/articles/{number}",
    response=ArticleDetailOut,
    summary="One article with its clauses",
)
def article_detail(
    request: AuthedRequest, number: str, on: datetime.date | None = None
) -> dict[str, Any]:
    code = _catalogue(on)
    try:
        article = code.article(number)
    except LawError as exc:
        error = law_error(exc)
        raise DomainError(error.message, code=error.code, status=404) from None
    chapter = code.chapter_of(article.number)
    # The deployment's own list of social-order chapters, as for charges.
    chapters = settings.BCD138_SOCIAL_ORDER_CHAPTERS or None
    return {
        "number": article.number,
        "title": article.title,
        "chapter": {
            "number": chapter.number,
            "title": chapter.title,
            "social_order": code.is_social_order(article.number, chapters=chapters),
        },
        "is_offence": article.is_offence,
        "repealed": article.repealed,
        "clauses": [
            {
                "khoan": c.khoan,
                "max_years": c.max_years,
                "life": c.life,
                "death": c.death,
                "non_custodial_only": c.non_custodial_only,
                "category": str(c.category),
                "summary": c.summary,
            }
            for c in article.clauses
        ],
        "code_in_force_from": code.effective_from,
        "code_label": code.label,
    }
