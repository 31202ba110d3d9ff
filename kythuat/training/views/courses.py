"""Training plans (list, page with its subjects, setting one up) and courses (list, Excel,
page with the trainees entered, form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Role

from .. import selectors, services
from ..filters import CourseFilter, PlanFilter
from ..forms import CourseForm, PlanForm, PlanItemForm, TraineeForm, TraineeResultForm
from ..models import Course, PlanItem, Trainee, TrainingPlan
from .common import ensure_draft, request_unit

# Plans ---------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def plan_list(request: AuthedRequest) -> HttpResponse:
    request_unit(request)
    plans = selectors.plan_list(user=request.user, filters=request.GET)
    context = {"form": PlanFilter(request.GET, user=request.user).form,
               "page": paginate(request, plans),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "training/_plan_rows.html" if request.htmx else "training/plan_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=request.user, initial={
        "unit": request.user.unit_id, "year": timezone.localdate().year})
    if form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Training plan set up; add its subjects."))
            return redirect_after_post(request, plan.get_absolute_url())
    return render(request, "training/form.html", {
        "form": form, "title": _("New training plan"), "back": "training:plan-list"})


def _visible_plan(request: AuthedRequest, pk: int) -> TrainingPlan:
    return get_object_or_404(TrainingPlan.objects.visible_to(request.user)
                             .select_related("unit"), pk=pk)


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _visible_plan(request, pk)
    return _plan_page(request, plan, PlanItemForm())


def _plan_page(request: AuthedRequest, plan: TrainingPlan, form: PlanItemForm) -> HttpResponse:
    items = list(plan.items.all())
    courses = (selectors.course_list(user=request.user)
               .filter(plan_item__plan=plan).order_by("starts_on"))
    done: dict[int, dict] = {}
    for course in courses:
        row = done.setdefault(course.plan_item_id, {"courses": 0, "trainees": 0})
        row["courses"] += 1
        row["trainees"] += course.trainee_count
    rows = [(item, done.get(item.pk, {"courses": 0, "trainees": 0})) for item in items]
    context = {"plan": plan, "rows": rows, "courses": courses, "form": form,
               "total_hours": sum(i.planned_hours for i in items),
               "can_edit": permissions.can_draft(request.user, plan.unit)}
    return render(request, "training/plan_detail.html", context,
                  status=400 if form.errors else 200)


@login_required
@require_POST
def plan_item_add(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _visible_plan(request, pk)
    ensure_draft(request, plan.unit, _("You may not change this plan."))
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Subject added to the plan."))
            return redirect_after_post(request, plan.get_absolute_url())
    return _plan_page(request, plan, form)


@login_required
@require_POST
def plan_item_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PlanItem.objects.visible_to(request.user)
                             .select_related("plan__unit"), pk=pk)
    ensure_draft(request, item.plan.unit, _("You may not change this plan."))
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Subject removed from the plan."))
    return redirect_after_post(request, item.plan.get_absolute_url())


# Courses -------------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def course_list(request: AuthedRequest) -> HttpResponse:
    request_unit(request)
    courses = selectors.course_list(user=request.user, filters=request.GET)
    context = {"form": CourseFilter(request.GET, user=request.user).form,
               "page": paginate(request, courses),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "training/_course_rows.html" if request.htmx else "training/course_list.html"
    return render(request, template, context)


@login_required
@require_GET
def course_export(request: AuthedRequest) -> HttpResponse:
    unit = request_unit(request) or request.user.unit
    form = CourseFilter(request.GET, user=request.user).form
    courses = selectors.course_list(user=request.user, filters=request.GET)
    columns = [Column(_("Subject")), Column(_("Unit")), Column(_("Place")), Column(_("From")),
               Column(_("Until")), Column(_("Hours of the course")), Column(_("Trainees")),
               Column(_("Person-hours"))]
    rows = ([c.subject, c.unit.name, c.place, c.starts_on, c.ends_on, c.hours,
             c.trainee_count, c.person_hours or 0] for c in courses.iterator(chunk_size=2000))
    info = export_info(unit=unit.name if unit else "", filters=filters_in_words(form))
    return export_response("xlsx", name=_("training courses"), title=_("Training courses"),
                           info=info, columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthedRequest) -> HttpResponse:
    initial = {"unit": request.user.unit_id}
    if item_id := request.GET.get("plan_item", "").strip():
        item = PlanItem.objects.visible_to(request.user).filter(
            pk=int(item_id) if item_id.isdigit() else 0).select_related("plan").first()
        if item is not None:
            initial.update(plan_item=item.pk, subject=item.subject, hours=item.planned_hours,
                           unit=item.plan.unit_id)
    form = CourseForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            course = services.course_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Course recorded; enter its trainees."))
            return redirect_after_post(request, course.get_absolute_url())
    return render(request, "training/form.html", {
        "form": form, "title": _("New training course"), "back": "training:course-list"})


def _visible_course(request: AuthedRequest, pk: int) -> Course:
    return get_object_or_404(Course.objects.visible_to(request.user)
                             .select_related("unit", "plan_item__plan"), pk=pk)


@login_required
def course_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _visible_course(request, pk)
    return _course_page(request, course, None)


def _course_page(request: AuthedRequest, course: Course, form: TraineeForm | None,
                 ) -> HttpResponse:
    people = selectors.people_for(user=request.user, unit=course.unit).exclude(
        training__course=course)
    form = form or TraineeForm(people=people, initial={"hours": course.hours})
    trainees = list(selectors.course_trainees(user=request.user, course=course))
    context = {"course": course, "trainees": trainees, "form": form,
               "person_hours": sum(t.hours for t in trainees),
               "results": Trainee.Result.choices,
               "can_edit": permissions.can_draft(request.user, course.unit)}
    return render(request, "training/course_detail.html", context,
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _visible_course(request, pk)
    ensure_draft(request, course.unit, _("You may not change this course."))
    initial = {name: getattr(course, name) for name in (
        "subject", "place", "starts_on", "ends_on", "hours", "plan_item", "note")}
    form = CourseForm(request.POST or None, user=request.user, course=course, initial=initial)
    if form.is_valid():
        try:
            services.course_update(actor=request.user, course=course,
                                   data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Course saved."))
            return redirect_after_post(request, course.get_absolute_url())
    return render(request, "training/form.html", {
        "form": form, "title": course.subject, "back": "training:course-list"})


@login_required
@require_POST
def trainee_add(request: AuthedRequest, pk: int) -> HttpResponse:
    course = _visible_course(request, pk)
    ensure_draft(request, course.unit, _("You may not change this course."))
    people = selectors.people_for(user=request.user, unit=course.unit)
    form = TraineeForm(request.POST, people=people)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.trainee_add(actor=request.user, course=course, person=data["person"],
                                 hours_attended=data["hours"], result=data["result"],
                                 note=data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Trainee added."))
            return redirect_after_post(request, course.get_absolute_url())
    return _course_page(request, course, form)


def _visible_trainee(request: AuthedRequest, pk: int) -> Trainee:
    return get_object_or_404(Trainee.objects.visible_to(request.user)
                             .select_related("course__unit", "person__unit"), pk=pk)


@login_required
@require_POST
def trainee_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    trainee = _visible_trainee(request, pk)
    course = trainee.course
    ensure_draft(request, course.unit, _("You may not change this course."))
    form = TraineeResultForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.trainee_update(actor=request.user, trainee=trainee,
                                    hours_attended=data["hours"], result=data["result"],
                                    note=data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Result of %(person)s saved.")
                             % {"person": trainee.person})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, course.get_absolute_url())


@login_required
@require_POST
def trainee_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    trainee = _visible_trainee(request, pk)
    course = trainee.course
    ensure_draft(request, course.unit, _("You may not change this course."))
    services.trainee_remove(actor=request.user, trainee=trainee)
    messages.success(request, _("%(person)s removed from the course.")
                     % {"person": trainee.person})
    return redirect_after_post(request, course.get_absolute_url())
