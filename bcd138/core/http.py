"""Request types for views: what the middleware adds, for the type checker."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from bcd138.agencies.models import User


class Request(HttpRequest):
    """A request after the middleware: `htmx` details are always present."""

    htmx: HtmxDetails


class AuthedRequest(Request):
    """A request to a login-required view or an authenticated API endpoint."""

    user: User
