"""Pages: "Tra cứu địa bàn", looking up an address or a unit's name."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bcd138.core.errors import DomainError
from bcd138.core.http import AuthedRequest
from bcd138.places import services

SUGGESTIONS = 10


@login_required
@require_GET
def place_search(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query}
    if query:
        try:
            resolution = services.address_resolve(query)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["resolution"] = resolution
            if resolution.status == "not_found":
                # A partial name ("tam k") resolves to nothing but still matches.
                context["suggestions"] = services.places_search(q=query)[:SUGGESTIONS]
    template = "places/_resolution.html" if request.htmx else "places/place_search.html"
    return render(request, template, context)
