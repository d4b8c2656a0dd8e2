"""Request context for the audit log: where a write came from."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from bcd138.core import audit


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        if request.path.startswith("/admin/"):
            source = "admin"
        with audit.context(source=source, ip_address=client_ip(request)):
            return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind a trusted proxy, the first X-Forwarded-For hop."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR")
