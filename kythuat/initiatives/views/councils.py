"""Councils: the list, a council's page (its dossiers, members, the logged member's score sheet,
the results once closed), setting one up, adding a member, closing it; and the recognition
decision in Word."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.org.models import Role

from .. import selectors, services
from ..filters import CouncilFilter
from ..forms import CloseForm, CouncilForm, MemberForm, ScoreForm
from ..models import Council, Dossier, ScoringCriterion
from ..word import recognition_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@vary_on_headers("HX-Request")
def council_list(request: AuthedRequest) -> HttpResponse:
    form = CouncilFilter(request.GET).form
    councils = selectors.council_list(user=request.user, filters=request.GET)
    context = {"form": form, "page": paginate(request, councils),
               "can_create": request.user.has_role(Role.OFFICER)}
    template = ("initiatives/_council_rows.html" if request.htmx
                else "initiatives/council_list.html")
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CouncilForm(request.POST or None, user=request.user, initial={
        "unit": request.user.unit_id, "year": today.year, "session": 1, "quorum": 3,
        "convened_on": today})
    if form.is_valid():
        try:
            council = services.council_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Council set up."))
            return redirect_after_post(request, council.get_absolute_url())
    return render(request, "initiatives/council_form.html", {"form": form})


def _council_context(request: AuthedRequest, council: Council, **extra) -> dict:
    user = request.user
    member = selectors.member_of(council, user)
    dossiers = list(council.dossiers.select_related("initiative", "initiative__unit")
                    .order_by("sent_on", "pk"))
    sheets = selectors.sheets(council, user)
    for dossier in dossiers:
        dossier.sheets = sheets.get(dossier.pk, [])
    can_run = permissions.can_post(user, council.unit)
    return {"council": council, "dossiers": dossiers, "member": member,
            "members": council.members.select_related("user"),
            "criteria": ScoringCriterion.objects.filter(is_active=True).order_by("order"),
            "can_run": can_run and council.is_open,
            "member_form": MemberForm(council=council) if can_run else None,
            "close_form": CloseForm(initial={"closed_on": timezone.localdate()}), **extra}


@login_required
def council_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    council = selectors.visible_council(request.user, pk)
    return render(request, "initiatives/council_detail.html", _council_context(request, council))


@login_required
@require_POST
def council_member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    council = selectors.visible_council(request.user, pk)
    form = MemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            services.council_member_add(actor=request.user, council=council, spec=form.spec())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect_after_post(request, council.get_absolute_url())
    return render(request, "initiatives/council_detail.html",
                  _council_context(request, council, member_form=form), status=400)


@login_required
@require_POST
def council_close(request: AuthedRequest, pk: int) -> HttpResponse:
    council = selectors.visible_council(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.council_close(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Council closed; the results are published."))
            return redirect_after_post(request, council.get_absolute_url())
    return render(request, "initiatives/council_detail.html",
                  _council_context(request, council, close_form=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_score(request: AuthedRequest, pk: int) -> HttpResponse:
    """The logged member's own score sheet for one dossier of his council."""
    dossier = selectors.visible_dossier(request.user, pk)
    council = dossier.council
    if selectors.member_of(council, request.user) is None:
        raise PermissionDenied(_("Only a member of %(council)s may score its dossiers.")
                               % {"council": council.name})
    own = selectors.sheets(council, request.user).get(dossier.pk, [])
    initial = {f"c{key}": value for key, value in own[0].points.items()} if own else {}
    form = ScoreForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.score_submit(actor=request.user, dossier=dossier, points=form.points())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your score sheet is saved; no one else sees it until "
                                        "the council closes."))
            return redirect_after_post(request, council.get_absolute_url())
    return render(request, "initiatives/score_form.html",
                  {"form": form, "dossier": dossier, "council": council})


@login_required
@require_GET
def dossier_decision(request: AuthedRequest, pk: int) -> FileResponse:
    """The recognition decision in Word, with the number recorded on the dossier."""
    dossier = selectors.visible_dossier(request.user, pk)
    if dossier.outcome != Dossier.Outcome.RECOGNISED:
        raise Http404(_("Only a recognised initiative has a recognition decision."))
    content = recognition_docx(dossier)
    name = f"qd-cong-nhan-sang-kien-{slugify(dossier.decision_number.replace('Đ', 'D'))}"
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"{name}.docx",
                        content_type=DOCX_TYPE)
