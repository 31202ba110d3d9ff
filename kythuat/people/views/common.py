from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from kythuat.core.types import AuthedRequest
from kythuat.org.selectors import unit_from_request


def query_without_page(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def check_unit(request: AuthedRequest) -> None:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree


def form_page(request: AuthedRequest, form: Any, *, title: str, back: str, subtitle: str = "",
              crumbs: list[tuple[str, str]] | None = None, status: int = 200) -> HttpResponse:
    return render(request, "people/form_page.html", {
        "form": form, "title": title, "back": back, "subtitle": subtitle,
        "crumbs": crumbs or [], "action": request.get_full_path()},
        status=status if not form.is_bound or form.is_valid() else 400)
