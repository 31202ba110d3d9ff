"""Control characters in a query string (`?q=%00`): refused by the API, dropped on screens.

PostgreSQL cannot compare text holding NUL, and many lists read parameters straight from the
query string, so one `%00` answered 500. No parameter needs a control character, so they are
dealt with before any view: the API answers 400 naming the parameter; a screen gets its
parameters without them, as if they had not been typed.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

from .text import has_control, strip_control

API_PREFIX = "/api/"


class QueryStringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.GET
        dirty = [key for key, values in query.lists()
                 if has_control(key) or any(has_control(value) for value in values)]
        if not dirty:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            message = _("The query parameter %(name)s holds a control character; remove it "
                        "and send the request again.")
            errors = {strip_control(key): [message % {"name": strip_control(key)}]
                      for key in dirty}
            return JsonResponse({"detail": next(iter(errors.values()))[0], "errors": errors,
                                 "code": "invalid"}, status=400)
        cleaned = QueryDict(mutable=True)
        for key, values in query.lists():
            cleaned.setlist(strip_control(key), [strip_control(value) for value in values])
        cleaned._mutable = False
        request.GET = cleaned
        return self.get_response(request)


MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL store


def id_param(value: str | None) -> int | None:
    """A record id read from the query string; None for anything else ("abc", "1e3", "-1",
    a number past what the database stores), which the caller treats as not given."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
