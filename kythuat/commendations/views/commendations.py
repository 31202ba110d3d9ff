"""The commendations awarded: the list with its counts by form, and its Excel export."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import filters_in_words
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org.selectors import unit_from_request

from .. import selectors
from ..filters import CommendationFilter
from .common import list_query


@login_required
@vary_on_headers("HX-Request")
def commendation_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    form = CommendationFilter(request.GET, user=request.user).form
    commendations = selectors.commendation_list(user=request.user, filters=request.GET)
    context = {"form": form, "page": paginate(request, commendations),
               "counts": selectors.counts_by_form(commendations),
               "query": list_query(request)}
    template = ("commendations/_commendation_rows.html" if request.htmx
                else "commendations/commendation_list.html")
    return render(request, template, context)


@login_required
@require_GET
def commendation_export(request: AuthedRequest) -> FileResponse:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    form = CommendationFilter(request.GET, user=request.user).form
    commendations = selectors.commendation_list(user=request.user, filters=request.GET)
    columns = [Column(_("No.")), Column(_("Recipient")), Column(_("Collective or individual")),
               Column(_("Rank")), Column(_("Position")), Column(_("Unit")),
               Column(_("Form of commendation")), Column(_("Decision")),
               Column(_("Date of the decision")), Column(_("Awarding unit")),
               Column(_("Achievement"))]
    rows = ([index, c.full_name if c.kind == "individual" else c.label,
             c.get_kind_display(), c.rank, c.position, c.unit.name, c.form.name,
             c.decision.number_symbol, c.awarded_on, c.decision.unit.name, c.achievement]
            for index, c in enumerate(commendations.iterator(chunk_size=500), start=1))
    info = export_info(unit=unit.name, filters=filters_in_words(form, exclude=("unit",)),
                       count=commendations.count())
    return export_response("xlsx", title=_("Commendations"), name=_("commendations"),
                           info=info, columns=columns, rows=rows)
