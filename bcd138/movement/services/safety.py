"""The "An toàn về an ninh, trật tự" recognition (TT 124/2021/TT-BCA).

Rules (dates, periods and authority from `movement.rules`, by the year assessed):
- a unit registers once a year, in Quarter I (Điều 4.1, 5.1);
- each criterion of its kind's checklist is answered met / not met with its
  evidence; the platform suggests an answer where its data knows (no crime of
  the "serious" category or above in the commune during the period, from the
  cases; at least one active model; the share of the commune's units
  recognised), and the officer confirms it;
- the decision đạt / chưa đạt comes after every criterion is answered, "đạt"
  only when all are met, by the competent body (Điều 10), within the decision
  window after the assessment period (Điều 8.2, 9), once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bcd138.agencies.models import Agency, Role
from bcd138.cases.models import Case, Category
from bcd138.core import access, audit
from bcd138.core.errors import DomainError
from bcd138.core.uploads import CleanFile
from bcd138.movement import access as mv
from bcd138.movement import rules
from bcd138.movement.models import (
    AuthorityLevel,
    CriterionAnswer,
    MovementModel,
    Result,
    SafetyRecognition,
    UnitKind,
)
from bcd138.movement.services import common
from bcd138.movement.services.files import files_attach, storing
from bcd138.places.models import Place

SERIOUS_OR_ABOVE = (
    Category.SERIOUS,
    Category.VERY_SERIOUS,
    Category.PARTICULARLY_SERIOUS,
)
RECOGNISED_SHARE = 70  # per cent (Điều 5.5)


@dataclass
class RegistrationInput:
    kind: str
    unit_name: str
    commune: Place
    year: int
    registered_on: datetime.date
    registration_ref: str = ""
    agency: Agency | None = None
    managed_by: str = ""


@dataclass
class AnswerInput:
    code: str
    met: bool
    note: str = ""
    files: Sequence[CleanFile] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    met: bool
    reason: str


@dataclass(frozen=True)
class ChecklistRow:
    criterion: rules.Criterion
    text: str
    answer: CriterionAnswer | None
    suggestion: Suggestion | None


def recognitions_visible_to(user: Any) -> QuerySet[SafetyRecognition]:
    return mv.visible(SafetyRecognition.objects.all(), user)


def recognition_get_for(*, user: Any, pk: Any) -> SafetyRecognition:
    qs = SafetyRecognition.objects.select_related("commune", "agency")
    return mv.get_for(qs, user, pk)


def edition_of(rec: SafetyRecognition) -> rules.Edition:
    return rules.edition_for(rec.year)


def period_of(rec: SafetyRecognition) -> rules.Window:
    return edition_of(rec).period(rec.kind, rec.year)


def authority_of(rec: SafetyRecognition) -> str:
    return edition_of(rec).authority(rec.kind, rec.managed_by)


# ---- registration -----------------------------------------------------------


def _validate_registration(data: RegistrationInput, *, by: Any) -> None:
    if data.kind not in UnitKind.values:
        raise DomainError(_("Unknown kind of unit."), code="kind")
    common.require_commune(data.commune)
    common.require_year(data.year)
    if data.kind == UnitKind.COMMUNE:
        data.unit_name, data.agency = data.commune.name, None
    data.unit_name = common.require_text(data.unit_name, _("The unit"))
    edition = rules.edition_for(data.year)
    if data.kind in rules.MANAGED_KINDS:
        if data.managed_by not in edition.managing_levels:
            raise DomainError(_("Say which level manages the unit."), code="managed_by")
    else:
        data.managed_by = ""
    window = edition.registration(data.year)
    if data.registered_on not in window:
        raise DomainError(
            _("Registration is made in Quarter I: from %(start)s to %(end)s.")
            % {"start": common.dmy(window.start), "end": common.dmy(window.end)},
            code="registration_window",
        )
    common.require_past(data.registered_on, _("The registration date"))
    period = edition.period(data.kind, data.year)
    common.require_valid_on(data.commune, data.registered_on, period.end)
    mv.require_place(by, data.commune)


def recognition_register(*, by: Any, data: RegistrationInput) -> SafetyRecognition:
    """A unit's registration to strive for the standard in `data.year`."""
    mv.require_section(by, mv.SAFETY)
    _validate_registration(data, by=by)
    duplicate = SafetyRecognition.objects.filter(
        kind=data.kind, commune=data.commune, unit_name=data.unit_name, year=data.year
    )
    if duplicate.exists():
        raise DomainError(
            _("%(unit)s has already registered for %(year)d.")
            % {"unit": data.unit_name, "year": data.year},
            code="registration_duplicate",
        )
    with transaction.atomic():
        rec = SafetyRecognition.objects.create(
            kind=data.kind,
            unit_name=data.unit_name,
            commune=data.commune,
            agency=data.agency,
            managed_by=data.managed_by,
            year=data.year,
            registered_on=data.registered_on,
            registration_ref=data.registration_ref.strip()[:120],
            created_by=by if by.is_authenticated else None,
        )
        audit.record(
            "movement.safety_register",
            actor=by,
            obj=rec,
            place=data.commune,
            changes={"kind": data.kind, "year": data.year},
        )
    return rec


# ---- suggestions from the platform's data -----------------------------------


def _serious_crime(rec: SafetyRecognition, period: rules.Window) -> Suggestion:
    cases = Case.objects.filter(
        place__current_commune_id=rec.commune.current_commune_id,
        occurred_on__range=(period.start, period.end),
        category__in=SERIOUS_OR_ABOVE,
    )
    count = cases.count()
    if count == 0:
        return Suggestion(
            True,
            _("No case of the serious category or above in the commune in the period."),
        )
    return Suggestion(
        False,
        _(
            "%(count)d case(s) of the serious category or above in the commune in "
            "the period: met only if detected and handled promptly."
        )
        % {"count": count},
    )


def _active_model(rec: SafetyRecognition, period: rules.Window) -> Suggestion:
    running = MovementModel.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start),
        started_on__lte=period.end,
    )
    if rec.agency_id is not None:
        running = running.filter(running_agency_id=rec.agency_id)
    else:
        running = running.filter(
            communes__current_commune_id=rec.commune.current_commune_id
        )
    count = running.distinct().count()
    if count:
        return Suggestion(
            True, _("%(count)d model(s) ran in the period.") % {"count": count}
        )
    return Suggestion(False, _("No model recorded as running in the period."))


def _units_recognised(rec: SafetyRecognition) -> Suggestion:
    units = SafetyRecognition.objects.filter(
        commune__current_commune_id=rec.commune.current_commune_id, year=rec.year
    ).exclude(kind=UnitKind.COMMUNE)
    agg = units.aggregate(n=Count("id"), met=Count("id", filter=Q(result=Result.MET)))
    if not agg["n"]:
        return Suggestion(False, _("No unit of the commune registered this year."))
    share = round(100 * agg["met"] / agg["n"])
    return Suggestion(
        share >= RECOGNISED_SHARE,
        _("%(met)d of %(n)d registered units recognised (%(share)d%%).")
        % {"met": agg["met"], "n": agg["n"], "share": share},
    )


def recognition_suggestions(rec: SafetyRecognition) -> dict[str, Suggestion]:
    """What the platform's data suggests for the criteria it can pre-fill."""
    period = period_of(rec)
    out: dict[str, Suggestion] = {}
    for criterion in edition_of(rec).criteria(rec.kind):
        if criterion.prefill == "no_serious_crime":
            out[criterion.code] = _serious_crime(rec, period)
        elif criterion.prefill == "active_model":
            out[criterion.code] = _active_model(rec, period)
        elif criterion.prefill == "units_recognised":
            out[criterion.code] = _units_recognised(rec)
    return out


def recognition_checklist(
    rec: SafetyRecognition, *, with_suggestions: bool = True
) -> list[ChecklistRow]:
    answers = {a.code: a for a in rec.answers.prefetch_related("files")}
    suggestions = recognition_suggestions(rec) if with_suggestions else {}
    language = get_language() or "vi"
    return [
        ChecklistRow(c, c.text(language), answers.get(c.code), suggestions.get(c.code))
        for c in edition_of(rec).criteria(rec.kind)
    ]


# ---- answering --------------------------------------------------------------


def recognition_answer(
    rec: SafetyRecognition, *, by: Any, answers: Sequence[AnswerInput]
) -> list[CriterionAnswer]:
    """Answer criteria of the checklist (met / not met, evidence); the platform's
    suggestion at the time is kept beside the officer's answer."""
    mv.require_edit(by, rec)
    if rec.is_decided:
        raise DomainError(
            _("The recognition has been decided; its checklist is closed."),
            code="decided",
        )
    codes = {c.code for c in edition_of(rec).criteria(rec.kind)}
    unknown = [a.code for a in answers if a.code not in codes]
    if unknown:
        raise DomainError(
            _("Unknown criterion: %(code)s") % {"code": ", ".join(unknown)},
            code="criterion",
        )
    if len({a.code for a in answers}) != len(answers):
        raise DomainError(_("A criterion is answered twice."), code="criterion")
    suggestions = recognition_suggestions(rec)
    existing = {a.code: a for a in rec.answers.all()}
    actor = by if by.is_authenticated else None
    saved = []
    with storing() as written, transaction.atomic():
        for item in answers:
            suggestion = suggestions.get(item.code)
            answer = existing.get(item.code) or CriterionAnswer(
                recognition=rec, code=item.code
            )
            answer.met = item.met
            answer.note = item.note.strip()[:5000]
            answer.suggested = suggestion.met if suggestion else None
            answer.answered_by = actor
            saved.append(answer)
        # One insert for the new answers; the few changed ones saved each.
        CriterionAnswer.objects.bulk_create([a for a in saved if a.pk is None])
        for answer in saved:
            if answer.code in existing:
                answer.save()
        for answer, item in zip(saved, answers, strict=True):
            files_attach(answer, item.files, by=by, written=written)
        audit.record(
            "movement.safety_answer",
            actor=by,
            obj=rec,
            place=rec.commune,
            changes={a.code: a.met for a in answers},
        )
    return saved


# ---- the decision -----------------------------------------------------------


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def body_name(rec: SafetyRecognition, level: str) -> str:
    """The usual name of the deciding body, to pre-fill the form."""
    commune = rec.commune
    if level == AuthorityLevel.COMMUNE:
        return f"Ủy ban nhân dân {_lower_first(commune.name)}"
    if level == AuthorityLevel.PROVINCE:
        province = commune.current_province or commune
        return f"Ủy ban nhân dân {_lower_first(province.name)}"
    if level == AuthorityLevel.DISTRICT and commune.parent is not None:
        return f"Ủy ban nhân dân {_lower_first(commune.parent.name)}"
    return "Bộ Công an"


def require_may_decide(by: Any, rec: SafetyRecognition, level: str) -> None:
    """Commune police record their commune chair's decisions; the higher bodies'
    decisions are recorded by the standing office."""
    mv.require_edit(by, rec)
    if level == AuthorityLevel.COMMUNE or access.is_superuser(by):
        return
    if not access.place_in_jurisdiction(by, rec.commune, roles=[Role.STANDING_OFFICE]):
        raise DomainError(
            _("The standing office records the decisions of this body."),
            code="forbidden",
            status=403,
        )


def require_complete(rec: SafetyRecognition, result: str) -> None:
    criteria = edition_of(rec).criteria(rec.kind)
    answers = {a.code: a.met for a in rec.answers.all()}
    missing = [c.code for c in criteria if c.code not in answers]
    if missing:
        raise DomainError(
            _("Answer every criterion first (missing: %(codes)s).")
            % {"codes": ", ".join(missing)},
            code="checklist_incomplete",
        )
    if result == Result.MET and not all(answers[c.code] for c in criteria):
        raise DomainError(
            _("A unit is recognised only when it meets every criterion."),
            code="checklist_not_met",
        )


def require_authority(rec: SafetyRecognition, level: str) -> None:
    required = authority_of(rec)
    if level != required:
        raise DomainError(
            _(
                "%(body)s has no authority to decide this; the competent body "
                "is: %(ok)s."
            )
            % {
                "body": AuthorityLevel(level).label
                if level in AuthorityLevel.values
                else level,
                "ok": AuthorityLevel(required).label,
            },
            code="authority",
        )


def require_window(rec: SafetyRecognition, decided_on: datetime.date) -> None:
    window = edition_of(rec).decision_window(rec.kind, rec.year)
    if decided_on not in window:
        raise DomainError(
            _(
                "The decision for %(year)d is taken after the assessment period, "
                "from %(start)s to %(end)s."
            )
            % {
                "year": rec.year,
                "start": common.dmy(window.start),
                "end": common.dmy(window.end),
            },
            code="decision_window",
        )
    common.require_past(decided_on, _("The decision date"))


def recognition_decide(
    rec: SafetyRecognition,
    *,
    by: Any,
    result: str,
    decision_ref: str,
    decided_on: datetime.date,
    level: str,
    body: str = "",
) -> SafetyRecognition:
    """Record the competent body's decision đạt / chưa đạt, once."""
    require_may_decide(by, rec, level)
    if rec.is_decided:
        raise DomainError(
            _("This recognition has already been decided."), code="decided"
        )
    if result not in Result.values:
        raise DomainError(_("Unknown result."), code="result")
    decision_ref = common.require_text(decision_ref, _("The decision"), max_length=120)
    require_authority(rec, level)
    require_window(rec, decided_on)
    require_complete(rec, result)
    with transaction.atomic():
        rec.result = result
        rec.decision_ref = decision_ref
        rec.decided_on = decided_on
        rec.decided_by_level = level
        rec.decided_by_name = (body or "").strip()[:250] or body_name(rec, level)
        rec.save()
        audit.record(
            "movement.safety_decide",
            actor=by,
            obj=rec,
            place=rec.commune,
            changes={"result": result, "decision": decision_ref, "level": level},
        )
    return rec


# ---- lists and totals -------------------------------------------------------


def recognitions_filter(
    qs: QuerySet[SafetyRecognition],
    *,
    commune: Place | None = None,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[SafetyRecognition]:
    if commune is not None:
        qs = qs.filter(commune__current_commune=commune)
    if year is not None:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status == "pending":
        qs = qs.filter(result="")
    elif status in Result.values:
        qs = qs.filter(result=status)
    if q:
        qs = qs.filter(unit_name__icontains=q)
    return qs


@dataclass
class RecognitionTotal:
    year: int
    kind: str
    registered: int = 0
    met: int = 0
    not_met: int = 0

    @property
    def pending(self) -> int:
        return self.registered - self.met - self.not_met

    @property
    def kind_label(self) -> str:
        return str(UnitKind(self.kind).label)


def recognition_totals(qs: QuerySet[SafetyRecognition]) -> list[RecognitionTotal]:
    """Registered, recognised and not recognised units per year and kind."""
    rows = (
        qs.order_by()
        .values("year", "kind")
        .annotate(
            n=Count("id"),
            met=Count("id", filter=Q(result=Result.MET)),
            not_met=Count("id", filter=Q(result=Result.NOT_MET)),
        )
        .order_by("-year", "kind")
    )
    return [
        RecognitionTotal(r["year"], r["kind"], r["n"], r["met"], r["not_met"])
        for r in rows
    ]
