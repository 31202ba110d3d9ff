"""The phases (objectives, the criteria tree with weights, committees), the steering
committees, the emulation blocks with their ranking and chart, and the pledges."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import export_info, export_response
from kythuat.org.querysets import subtree_ids
from kythuat.org.selectors import unit_from_request

from .. import reports, selectors
from ..models import EmulationBlock, Phase, Pledge, SteeringCommittee


@login_required
def phase_list(request: AuthedRequest) -> HttpResponse:
    phases = Phase.objects.visible_to(request.user).select_related("campaign").prefetch_related(
        "labels__level")
    return render(request, "campaign/phase_list.html", {"phases": phases})


@login_required
def phase_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    phase = get_object_or_404(Phase.objects.visible_to(request.user).select_related("campaign"),
                              pk=pk)
    context = {
        "phase": phase,
        "objectives": phase.campaign.objectives.all(),
        "levels": selectors.phase_tree(phase),
        "labels": phase.labels.select_related("level"),
        "committees": selectors.committees(user=request.user, phase=phase),
        "blocks": EmulationBlock.objects.visible_to(request.user).filter(phase=phase)
        .select_related("superior"),
        "pledges": Pledge.objects.visible_to(request.user).filter(phase=phase)
        .select_related("unit"),
        "tie_breaks": phase.campaign.tie_breaks.filter(is_active=True),
    }
    return render(request, "campaign/phase_detail.html", context)


@login_required
def committee_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(SteeringCommittee.objects.visible_to(request.user)
                                  .select_related("unit", "phase"), pk=pk)
    return render(request, "campaign/committee_detail.html",
                  {"committee": committee, "members": committee.members.all()})


@login_required
def block_list(request: AuthedRequest) -> HttpResponse:
    blocks = (EmulationBlock.objects.visible_to(request.user)
              .select_related("phase", "superior", "level").order_by("superior__path", "name"))
    return render(request, "campaign/block_list.html", {"page": paginate(request, blocks)})


def _block(request: AuthedRequest, pk: int) -> EmulationBlock:
    blocks = EmulationBlock.objects.visible_to(request.user).select_related(
        "phase", "phase__campaign", "superior", "level")
    return get_object_or_404(blocks, pk=pk)


def _year(request: AuthedRequest, block: EmulationBlock) -> tuple[int, list[int]]:
    years = selectors.block_years(block)
    today = timezone.localdate().year
    default = max((y for y in years if y < today), default=years[0])
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and int(value) in years else default
    return year, years


def _chart(rows: list[selectors.RankRow]) -> str:
    scored = [row for row in rows if row.is_scored]
    if not scored:
        return ""
    config = {
        "type": "bar",
        "data": {"labels": [row.unit.label for row in scored],
                 "datasets": [{"label": _("Points scored by the higher level"),
                               "data": [float(row.total or 0) for row in scored],
                               "links": [row.sheet.get_absolute_url() for row in scored]}]},
        "options": {"indexAxis": "y", "plugins": {"legend": {"display": False}},
                    "responsive": True, "scales": {"x": {"beginAtZero": True}}},
    }
    return json.dumps(config)


@login_required
def block_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    block = _block(request, pk)
    year, years = _year(request, block)
    rows = selectors.block_ranking(block, year)
    objectives = list(block.phase.campaign.objectives.values_list("number", flat=True))
    return render(request, "campaign/block_detail.html", {
        "eblock": block, "year": year, "years": years, "rows": rows, "chart": _chart(rows),
        "objectives": objectives,
        "tie_breaks": block.phase.campaign.tie_breaks.filter(is_active=True)})


@login_required
def block_export(request: AuthedRequest, pk: int) -> FileResponse:
    block = _block(request, pk)
    year, _years = _year(request, block)
    rows = selectors.block_ranking(block, year)
    objectives = list(block.phase.campaign.objectives.values_list("number", flat=True))
    info = [*export_info(unit=block.superior.name, filters=""), (_("Block"), block.name),
            (_("Year"), year)]
    return export_response("xlsx", title=_("Campaign 50 ranking"),
                           name=_("campaign-50-ranking-%(year)s") % {"year": year}, info=info,
                           columns=reports.ranking_columns(objectives),
                           rows=reports.ranking_rows(rows, objectives))


@login_required
def pledge_list(request: AuthedRequest) -> HttpResponse:
    pledges = Pledge.objects.visible_to(request.user).select_related("unit", "phase")
    if request.GET.get("unit"):
        unit = unit_from_request(request.user, request.GET["unit"])
        pledges = pledges.filter(unit__in=subtree_ids(unit))
    return render(request, "campaign/pledge_list.html", {"page": paginate(request, pledges)})


@login_required
def pledge_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    from kythuat.targets.selectors import with_progress

    pledge = get_object_or_404(Pledge.objects.visible_to(request.user).select_related(
        "unit", "phase", "clause__directive"), pk=pk)
    targets = [item.target for item in pledge.items.select_related("target__unit")]
    try:
        rows = with_progress(targets)
    except ValidationError:
        rows = []
    return render(request, "campaign/pledge_detail.html", {"pledge": pledge, "rows": rows})
