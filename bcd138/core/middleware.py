"""Request context for the audit log: where a write came from."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from bcd138.core import audit


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        if request.path.startswith("/admin/"):
            source = "admin"
        with audit.context(source=source, ip_address=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
