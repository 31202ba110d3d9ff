"""Exam sessions: the list, a new session, its page with the candidates (eligibility, override,
marks) and the level decision, in Word."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
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
from ..filters import ExamSessionFilter
from ..forms import CandidateForm, DecideForm, OverrideForm, SessionForm
from ..models import ExamSession
from ..word import DOCX_TYPE, decision_docx, docx_name
from .common import check_unit, form_page, query_without_page


@login_required
@vary_on_headers("HX-Request")
def exam_list(request: AuthedRequest) -> HttpResponse:
    check_unit(request)
    filters = ExamSessionFilter(request.GET, user=request.user,
                                queryset=ExamSession.objects.visible_to(request.user))
    sessions = filters.qs.select_related("unit").annotate(
        candidate_count=Count("candidates", distinct=True),
        passed_count=Count("candidates", filter=Q(candidates__result="passed"), distinct=True)
    ).order_by("-held_on", "pk")
    context = {"form": filters.form, "page": paginate(request, sessions),
               "query": query_without_page(request),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "people/_exam_rows.html" if request.htmx else "people/exam_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def exam_create(request: AuthedRequest) -> HttpResponse:
    permissions.ensure_can_draft(request.user, request.user.unit)
    form = SessionForm(request.POST or None, user=request.user,
                       initial={"unit": request.user.unit_id, "held_on": timezone.localdate()})
    if form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Exam session recorded."))
            return redirect_after_post(request, session.get_absolute_url())
    return form_page(request, form, title=_("New exam session"),
                     back=reverse("people:exam-list"),
                     crumbs=[(_("Skill exams"), reverse("people:exam-list"))])


def _detail(request: AuthedRequest, session: ExamSession, status: int = 200, **extra) \
        -> HttpResponse:
    user = request.user
    can_draft = permissions.can_draft(user, session.unit) and session.status == "open"
    candidates = list(session.candidates.select_related("person", "person__unit", "trade",
                                                        "override_by"))
    context = {
        "session": session, "candidates": candidates,
        "committee": session.committee.select_related("unit"),
        "trades": session.trades.all(),
        "can_draft": can_draft,
        "can_decide": can_draft and permissions.can_post(user, session.unit),
        "candidate_form": CandidateForm(user=user, session=session),
        "decide_form": DecideForm(initial={"decision_date": timezone.localdate()}),
        "mark_errors": [],
        **extra,
    }
    return render(request, "people/exam_detail.html", context, status=status)


@login_required
def exam_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.visible_session(request.user, pk))


@login_required
@require_POST
def candidate_add(request: AuthedRequest, pk: int) -> HttpResponse:
    session = selectors.visible_session(request.user, pk)
    permissions.ensure_can_draft(request.user, session.unit)
    form = CandidateForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        try:
            services.candidate_add(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Candidate entered."))
            return redirect_after_post(request, session.get_absolute_url())
    return _detail(request, session, status=400, candidate_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_override(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = selectors.visible_candidate(request.user, pk)
    session = candidate.session
    permissions.ensure_can_post(request.user, session.unit)
    form = OverrideForm(request.POST or None)
    if form.is_valid():
        try:
            services.candidate_override(actor=request.user, candidate=candidate,
                                        **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Candidate admitted."))
            return redirect_after_post(request, session.get_absolute_url())
    return form_page(request, form, title=_("Admit a candidate the rule does not"),
                     back=session.get_absolute_url(),
                     subtitle=f"{candidate} — {candidate.eligibility_note}",
                     crumbs=[(_("Skill exams"), reverse("people:exam-list")),
                             (session.name, session.get_absolute_url())])


@login_required
@require_POST
def exam_marks(request: AuthedRequest, pk: int) -> HttpResponse:
    """The marks of every admitted candidate in one form: all are saved, or none."""
    session = selectors.visible_session(request.user, pk)
    permissions.ensure_can_draft(request.user, session.unit)
    try:
        with transaction.atomic():
            for candidate in session.candidates.select_related("person", "trade"):
                if not candidate.admitted:
                    continue
                theory = request.POST.get(f"theory_{candidate.pk}", "")
                practice = request.POST.get(f"practice_{candidate.pk}", "")
                if (theory, practice) == ("", "") and candidate.result == "pending":
                    continue
                services.candidate_mark(actor=request.user, candidate=candidate,
                                        theory_mark=theory, practice_mark=practice)
    except ValidationError as error:
        return _detail(request, session, status=400, mark_errors=error.messages)
    messages.success(request, _("Marks saved."))
    return redirect_after_post(request, f"{session.get_absolute_url()}#candidates")


@login_required
@require_POST
def exam_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    session = selectors.visible_session(request.user, pk)
    permissions.ensure_can_post(request.user, session.unit)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.session_decide(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Level decision issued; the new levels are recorded."))
            return redirect_after_post(request, session.get_absolute_url())
    return _detail(request, session, status=400, decide_form=form)


@login_required
@require_GET
def exam_decision(request: AuthedRequest, pk: int) -> HttpResponse:
    """The result decision in Word (a draft without a number until it is issued)."""
    session = selectors.visible_session(request.user, pk)
    response = HttpResponse(decision_docx(session), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docx_name(session)}"'
    return response

