from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def redirect_after_post(request: HttpRequest, url: str) -> HttpResponse:
    """A full redirect for htmx requests (so the whole page reloads), a normal one otherwise."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
