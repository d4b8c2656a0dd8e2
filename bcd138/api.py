"""The JSON API: one NinjaAPI at /api/v1/, a router per app.

Browser sessions (with CSRF) and personal API tokens (`Authorization: Bearer …`)
both authenticate. A `DomainError` becomes a 4xx JSON body; so do the framework's
404 and 403, so a client always gets `{"detail": …, "code": …}`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from bcd138.agencies import services as agency_services
from bcd138.agencies.api import router as agencies_router
from bcd138.agencies.api import tokens_router
from bcd138.awards.api import router as awards_router
from bcd138.cases.api import routers as cases_routers
from bcd138.core.api import router as core_router
from bcd138.core.errors import DomainError
from bcd138.hotspots.api import router as hotspots_router
from bcd138.intake.api import routers as intake_routers
from bcd138.movement.api import router as movement_router
from bcd138.places.api import router as places_router
from bcd138.programs.api import router as programs_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = agency_services.api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser's session, CSRF-checked.

    Only when a session cookie is sent: a program using a token sends none, cannot
    be the victim of a cross-site request, and must not be refused for lacking a
    CSRF token (ninja checks CSRF before trying the next authenticator).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="bcd138 API",
    version="1",
    description="API of bcd138, for the crime-prevention steering committees.",
    # A bearer token first: a cross-site page cannot set that header.
    auth=[TokenAuth(), BrowserSession()],
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/places", places_router)
api.add_router("/agencies", agencies_router)
api.add_router("/tokens", tokens_router)
api.add_router("/", intake_routers)  # /reports and /public/reports
api.add_router("/", cases_routers)  # /cases and /law
api.add_router("/", programs_router)  # /programs/…
api.add_router("/movement", movement_router)
api.add_router("/awards", awards_router)
api.add_router("/", hotspots_router)  # /hotspots/…


def _error(request: HttpRequest, status: int, detail: Any, code: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.message, exc.code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("You may not do this."), "forbidden")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, _("Sign in, or send a valid API token."), "unauthenticated"
    )


@api.exception_handler(ValidationError)
def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, exc.errors, "validation")


__all__ = ["api"]
