from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """A full redirect for htmx requests (so the whole page reloads), a normal one otherwise.

    When the target is the page the user is on with only another "#…" (a form swapped into a
    detail page), htmx's redirect would only scroll, leaving the form on screen: the page is
    refreshed instead."""
    if getattr(request, "htmx", False):
        current = request.headers.get("HX-Current-URL", "")
        target = urlsplit(url)
        if current and target.fragment and urlsplit(current).path == target.path \
                and not target.query:
            return HttpResponseClientRefresh()
        return HttpResponseClientRedirect(url)
    return redirect(url)
