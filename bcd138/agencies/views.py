"""Pages: agencies and steering committees in the user's jurisdiction (read-only;
changes go through the administration screens)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import render

from bcd138.agencies import services
from bcd138.agencies.models import POSITION_ORDER, AgencyKind
from bcd138.core.http import AuthedRequest


@login_required
def agency_list(request: AuthedRequest) -> HttpResponse:
    qs = services.agencies_visible_to(request.user).select_related("place")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    if kind in AgencyKind.values:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(place__name__icontains=q))
    page = Paginator(qs.order_by("name", "pk"), 30).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": AgencyKind.choices, "kind": kind, "q": q}
    template = (
        "agencies/agency_list.html#results"
        if request.htmx
        else "agencies/agency_list.html"
    )
    return render(request, template, context)


@login_required
def agency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = services.agency_get_for(user=request.user, pk=pk)
    seats = agency.committee_seats.select_related("committee").order_by("committee")
    children = services.agencies_visible_to(request.user).filter(parent=agency)
    context = {"agency": agency, "seats": seats, "children": children}
    return render(request, "agencies/agency_detail.html", context)


@login_required
def committee_list(request: AuthedRequest) -> HttpResponse:
    committees = services.committees_visible_to(request.user).select_related(
        "place", "standing_agency"
    )
    return render(request, "agencies/committee_list.html", {"committees": committees})


@login_required
def committee_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    committee = services.committee_get_for(user=request.user, pk=pk)
    order = Case(
        *[When(position=p, then=Value(i)) for i, p in enumerate(POSITION_ORDER)],
        output_field=IntegerField(),
    )
    members = committee.members.select_related("agency").order_by(order, "person_name")
    context = {"committee": committee, "members": members}
    return render(request, "agencies/committee_detail.html", context)
