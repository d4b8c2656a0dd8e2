"""Pages of outreach sessions (tuyên truyền) and their totals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.xlsx import Sheet
from bcd138.movement import access as mv
from bcd138.movement import forms as f
from bcd138.movement.models import OutreachSession
from bcd138.movement.services import outreach as svc
from bcd138.movement.views import base


def _rows(qs: QuerySet[OutreachSession]) -> Any:
    for s in qs.select_related("place", "organiser"):
        yield [
            s.pk,
            s.held_on,
            s.get_channel_display(),
            s.title,
            s.get_topic_display(),
            s.place.name,
            s.venue,
            s.get_platform_display() if s.platform else "",
            s.page_name,
            s.link,
            s.organiser.name,
            s.attendees,
            s.views,
            s.shares,
        ]


def _export(qs: QuerySet[OutreachSession]) -> tuple[str, Sheet]:
    headers = [
        _("No."),
        _("Date"),
        _("Channel"),
        _("Title"),
        _("Topic"),
        _("Place"),
        _("Venue"),
        _("Platform"),
        _("Page or channel"),
        _("Link"),
        _("Organiser"),
        _("Attendees"),
        _("Views"),
        _("Shares"),
    ]
    return "tuyen-truyen", base.sheet(_("Outreach"), headers, _rows(qs))


@login_required
def session_list(request: AuthedRequest) -> HttpResponse:
    mv.require_section(request.user, mv.OUTREACH)
    form = f.OutreachFilterForm(
        request.GET or None, communes=base.communes_of(request.user)
    )
    visible = svc.outreach_visible_to(request.user)
    try:
        qs = svc.outreach_filter(visible, **base.filters(form))
    except DomainError:
        qs = visible.none()
    context = {
        "form": form,
        "may_record": mv.may_record(request.user, mv.OUTREACH),
        "totals": svc.outreach_channel_totals(qs),
    }
    return base.listing(
        request,
        template="movement/session_list.html",
        qs=qs.select_related("place", "organiser"),
        context=context,
        export=_export,
    )


def _form(request: AuthedRequest, **kwargs: Any) -> f.OutreachForm:
    return f.OutreachForm(
        request.POST or None,
        request.FILES or None,
        places=mv.writable_places(request.user),
        agencies=mv.writable_agencies(request.user),
        **kwargs,
    )


def _input(form: f.OutreachForm, files: Any) -> svc.OutreachInput:
    d = form.cleaned_data
    return svc.OutreachInput(
        channel=d["channel"],
        held_on=d["held_on"],
        title=d["title"],
        topic=d["topic"],
        place=d["place"],
        organiser=d["organiser"],
        venue=d["venue"],
        platform=d["platform"],
        page_name=d["page_name"],
        link=d["link"],
        attendees=d["attendees"],
        views=d["views"],
        shares=d["shares"],
        notes=d["notes"],
        files=files,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest) -> HttpResponse:
    base.require_record(request.user, mv.OUTREACH)
    form = _form(request, initial={"organiser": mv.own_agency(request.user)})
    if request.method == "POST" and form.is_valid():
        session = base.run(
            form,
            lambda: svc.outreach_create(
                by=request.user, data=_input(form, base.uploaded(form))
            ),
        )
        if session is not None:
            base.saved(request)
            return redirect("movement:session", pk=session.pk)
    return base.form_page(
        request,
        form,
        title=_("New outreach session"),
        cancel=reverse("movement:outreach"),
        groups=OUTREACH_GROUPS,
    )


# Fields shown together: what every session has, then in person, then online.
OUTREACH_GROUPS = [
    ("", ["channel", "held_on", "title", "topic", "organiser", "place"]),
    (gettext_lazy("In person"), ["venue", "attendees"]),
    (gettext_lazy("Online"), ["platform", "page_name", "link", "views", "shares"]),
    ("", ["notes", "attachments"]),
]


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    session = svc.outreach_get_for(user=request.user, pk=pk)
    mv.require_edit(request.user, session)
    initial = {name: getattr(session, name) for name in svc.FIELDS}
    form = _form(request, initial=initial)
    del form.fields["attachments"]
    if request.method == "POST" and form.is_valid():
        done = base.run(
            form,
            lambda: svc.outreach_update(
                session, by=request.user, data=_input(form, [])
            ),
        )
        if done is not None:
            base.saved(request)
            return redirect("movement:session", pk=session.pk)
    return base.form_page(
        request,
        form,
        title=_("Change the outreach session"),
        cancel=reverse("movement:session", args=[session.pk]),
        groups=OUTREACH_GROUPS,
    )


@login_required
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = svc.outreach_get_for(user=request.user, pk=pk)
    return session_page(request, session)


def session_page(
    request: AuthedRequest,
    session: OutreachSession,
    *,
    files_form: f.FilesForm | None = None,
) -> HttpResponse:
    """The session's page; with a refused upload's form (400)."""
    context = {
        "session": session,
        "files": session.files.all(),
        "may_edit": mv.may_edit(request.user, session),
        "files_form": files_form or f.FilesForm(),
    }
    status = base.REFUSED if files_form is not None else 200
    return render(request, "movement/session_detail.html", context, status=status)
