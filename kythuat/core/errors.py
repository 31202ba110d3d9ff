"""Error pages: an address under /api/ answers in JSON, like the rest of the API, with the
same fields as its other errors (detail, errors, code); every other address gets the page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("There is no such address in the API; the addresses "
                                         "are listed at /api/docs/."),
                             "errors": {}, "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("The request failed because of an unexpected error. "
                                         "Try again, and tell the system administrator if it "
                                         "happens again."),
                             "errors": {}, "code": "error"}, status=500)
    return defaults.server_error(request)
