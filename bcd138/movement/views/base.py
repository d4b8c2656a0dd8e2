"""What the movement's pages share: filter lists, pages of 50, XLSX, forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bcd138.core import access
from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.core.uploads import CleanFile, clean_staff_uploads
from bcd138.core.xlsx import Sheet, xlsx_response
from bcd138.movement import access as mv
from bcd138.places.models import Place

PAGE_SIZE = 50


def communes_of(user: Any) -> QuerySet[Place]:
    """Today's communes the user covers, for the filters."""
    qs = Place.objects.current().communes()
    return access.visible(qs, user, field="").order_by("name")


def require_record(user: Any, section: str) -> None:
    mv.require_section(user, section)
    if not mv.may_record(user, section):
        raise PermissionDenied


def filters(form: Any) -> dict[str, Any]:
    """The form's filters, or none when it does not validate."""
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}


def listing(
    request: AuthedRequest,
    *,
    template: str,
    qs: QuerySet[Any],
    context: dict[str, Any],
    export: Callable[[QuerySet[Any]], tuple[str, Sheet]],
) -> HttpResponse:
    """A list page (the results partial for htmx) or its XLSX export."""
    if request.GET.get("export") == "xlsx":
        name, sheet = export(qs)
        return xlsx_response(name, [sheet])
    if not qs.ordered:  # an annotated count drops the model's default order
        qs = qs.order_by(*qs.model._meta.ordering)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    context = {**context, "page": page, "export_query": query.urlencode()}
    name = f"{template}#results" if request.htmx else template
    return render(request, name, context)


def sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Sheet:
    return Sheet(title=title, headers=[str(h) for h in headers], rows=rows)


def uploaded(form: Any, name: str = "attachments") -> list[CleanFile]:
    """The form's files checked by `core.uploads`, office documents accepted
    (DomainError if refused)."""
    return clean_staff_uploads(form.cleaned_data.get(name) or [])


def run(form: Any, perform: Callable[[], Any]) -> Any:
    """Call the service; a DomainError becomes the form's error (None returned)."""
    try:
        return perform()
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None


def saved(request: AuthedRequest) -> None:
    messages.success(request, _("Saved."))


def form_page(
    request: AuthedRequest, form: Any, *, title: str, cancel: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel": cancel, **extra}
    return render(request, "movement/record_form.html", context)


# A step posted from a detail page and refused: the page again, the form as it
# was sent with its error in it, and this status; nothing was saved.
REFUSED = 400


def this_year() -> int:
    return timezone.localdate().year
