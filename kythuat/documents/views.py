"""Screens: format profiles, document types, issuers, issuing a number, the register, and the
generated Word documents (general report, handover record)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.querystring import id_param
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.holdings.models import Movement
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.selectors import visible_unit

from . import movement_prints, selectors, services
from .compose import Signature, render_docx
from .forms import (
    DocumentTypeForm,
    IssueNumberForm,
    IssuerFilterForm,
    IssuerForm,
    ProfileForm,
    RegisterFilterForm,
    RenameForm,
    ReportForm,
)
from .generators import ReportInput, report_document, report_subject
from .models import DocumentType, FormatProfile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(content: bytes, name: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"{name}.docx",
                        content_type=DOCX_TYPE)


def _ensure_superuser(request: AuthedRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only the system administrator may change reference data."))


def _unit_param(request: AuthedRequest):
    """The `unit` GET parameter: outside the user's subtree (or malformed) answers 404."""
    value = request.GET.get("unit") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return visible_unit(request.user, int(value))


# Profiles and types ------------------------------------------------------------------------

@login_required
@require_GET
def profile_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "documents/profile_list.html",
                  {"profiles": FormatProfile.objects.all()})


@login_required
@require_GET
def profile_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(FormatProfile, pk=pk)
    rows = []
    for name in ProfileForm.Meta.fields:
        field = FormatProfile._meta.get_field(name)
        value = getattr(profile, name)
        if field.choices:
            value = getattr(profile, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        rows.append((capfirst(field.verbose_name), value))
    return render(request, "documents/profile_detail.html", {"profile": profile, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _ensure_superuser(request)
    profile = get_object_or_404(FormatProfile, pk=pk)
    form = ProfileForm(request.POST or None, instance=get_object_or_404(FormatProfile, pk=pk))
    if form.is_valid():
        try:
            services.profile_update(actor=request.user, profile=profile,
                                    data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Format profile saved."))
            return redirect_after_post(request, profile.get_absolute_url())
    return render(request, "documents/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": profile.name},
        "back": profile.get_absolute_url()})


@login_required
@require_GET
def type_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "documents/type_list.html", {"types": DocumentType.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def type_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _ensure_superuser(request)
    document_type = get_object_or_404(DocumentType, pk=pk) if pk else None
    form = DocumentTypeForm(request.POST or None, instance=(
        get_object_or_404(DocumentType, pk=pk) if pk else None))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_type_save(actor=request.user, document_type=document_type,
                                        data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Document type saved."))
            return redirect_after_post(request, reverse("documents:type-list"))
    title = _("Edit document type") if pk else _("New document type")
    return render(request, "documents/form.html", {
        "form": form, "title": title, "back": reverse("documents:type-list")})


# Issuers -----------------------------------------------------------------------------------

def _filtered(request: AuthedRequest, form_class, select):
    """The filter form of a list screen and the scoped rows it selects (a `unit` parameter
    outside the user's subtree answers 404)."""
    _unit_param(request)
    form = form_class(request.GET, user=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    if filters.get("unit"):
        filters["unit_obj"] = filters.pop("unit")
    return form, select(user=request.user, filters=filters)


def _export_info(request: AuthedRequest, form, count: int) -> list:
    """Header of a list export: the unit filtered on (or the user's), date, filters, count."""
    unit = _unit_param(request) or request.user.unit
    return export_info(unit=unit.name if unit else "",
                       filters=filters_in_words(form, exclude=("unit",)), count=count)


def _issuers(request: AuthedRequest):
    return _filtered(request, IssuerFilterForm, selectors.issuer_list)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def issuer_list(request: AuthedRequest) -> HttpResponse:
    form, issuers = _issuers(request)
    context = {"form": form, "page": paginate(request, issuers),
               "query": request.GET.urlencode(),
               "can_create": request.user.has_role(Role.OFFICER)}
    template = "documents/_issuer_rows.html" if request.htmx else "documents/issuer_list.html"
    return render(request, template, context)


@login_required
@require_GET
def issuer_export(request: AuthedRequest) -> FileResponse:
    form, issuers = _issuers(request)
    columns = [Column(str(t)) for t in (
        _("Unit"), _("Name"), _("Abbreviation"), _("Superior body"), _("Format"), _("Place"),
        _("Valid from"), _("Valid to"), _("Term start"), _("Term end"))]
    rows = ([i.unit.name, i.name, i.abbreviation, i.parent_name, i.profile.name, i.place,
             i.valid_from, i.valid_to, i.term_start, i.term_end] for i in issuers.iterator())
    return export_response("xlsx", name=_("issuers"), title=_("Issuers"),
                           info=_export_info(request, form, issuers.count()),
                           columns=columns, rows=rows)


@login_required
@require_GET
def issuer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    issuer = selectors.visible_issuer(request.user, pk)
    numbers = selectors.register_list(user=request.user, filters={"issuer": issuer})
    return render(request, "documents/issuer_detail.html", {
        "issuer": issuer, "lineage": selectors.issuer_lineage(issuer),
        "numbers": numbers[:20],
        "can_edit": permissions.can_post(request.user, issuer.unit),
        "can_issue": permissions.can_draft(request.user, issuer.unit)})


@login_required
@require_http_methods(["GET", "POST"])
def issuer_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may add issuers."))
    initial = {"unit": request.user.unit_id,
               "profile": FormatProfile.objects.filter(code="state").first()}
    form = IssuerForm(request.POST or None, initial=initial, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            issuer = services.issuer_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Issuer %(name)s created.") % {"name": issuer.name})
            return redirect_after_post(request, issuer.get_absolute_url())
    return render(request, "documents/form.html", {
        "form": form, "title": _("New issuer"), "back": reverse("documents:issuer-list")})


@login_required
@require_http_methods(["GET", "POST"])
def issuer_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    issuer = selectors.visible_issuer(request.user, pk)
    if not permissions.can_post(request.user, issuer.unit):
        raise PermissionDenied(_("Only an officer of the unit may change its issuers."))
    form = IssuerForm(request.POST or None, instance=selectors.visible_issuer(request.user, pk),
                      user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.issuer_update(actor=request.user, issuer=issuer,
                                   data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Issuer %(name)s saved.") % {"name": issuer.name})
            return redirect_after_post(request, issuer.get_absolute_url())
    return render(request, "documents/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": issuer.name},
        "back": issuer.get_absolute_url()})


@login_required
@require_http_methods(["GET", "POST"])
def issuer_rename(request: AuthedRequest, pk: int) -> HttpResponse:
    issuer = selectors.visible_issuer(request.user, pk)
    if not permissions.can_post(request.user, issuer.unit):
        raise PermissionDenied(_("Only an officer of the unit may change its issuers."))
    form = RenameForm(request.POST or None, initial={
        "name": issuer.name, "abbreviation": issuer.abbreviation,
        "parent_name": issuer.parent_name, "place": issuer.place})
    if request.method == "POST" and form.is_valid():
        try:
            renamed = services.issuer_create(
                actor=request.user, unit=issuer.unit, predecessor=issuer, profile=issuer.profile,
                term_start=issuer.term_start, term_end=issuer.term_end, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("From %(date)s the issuer is named %(name)s.") % {
                "date": renamed.valid_from.strftime("%d/%m/%Y"), "name": renamed.name})
            return redirect_after_post(request, renamed.get_absolute_url())
    return render(request, "documents/form.html", {
        "form": form, "title": _("Rename %(name)s") % {"name": issuer.name},
        "back": issuer.get_absolute_url(),
        "intro": _("Documents already issued keep the old name and symbol; documents dated "
                   "from the new date use the new ones.")})


# Numbers -----------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def number_issue(request: AuthedRequest) -> HttpResponse:
    wanted = request.GET.get("issuer")
    form = IssueNumberForm(request.POST or None, user=request.user,
                           initial={"issuer": id_param(wanted)})
    if request.method == "GET" and wanted:
        selectors.visible_issuer(request.user, id_param(wanted) or 0)  # 404 unless visible
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.number_issue(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Number %(symbol)s issued.") % {"symbol": issued.symbol})
            return redirect_after_post(
                request, f"{reverse('documents:register')}?{urlencode({'q': issued.symbol})}")
    return render(request, "documents/form.html", {
        "form": form, "title": _("Issue a number"), "back": reverse("documents:register"),
        "submit": _("Issue the number")})


def _register(request: AuthedRequest):
    return _filtered(request, RegisterFilterForm, selectors.register_list)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def register(request: AuthedRequest) -> HttpResponse:
    form, numbers = _register(request)
    context = {"form": form, "page": paginate(request, numbers),
               "query": request.GET.urlencode(),
               "can_issue": request.user.has_role(Role.CLERK)}
    template = "documents/_register_rows.html" if request.htmx else "documents/register.html"
    return render(request, template, context)


@login_required
@require_GET
def register_export(request: AuthedRequest) -> FileResponse:
    form, numbers = _register(request)
    columns = [Column(str(t)) for t in (
        _("Number and symbol"), _("Date"), _("Type"), _("Subject"), _("Issuer"), _("Unit"),
        _("Source record"), _("Issued by"))]
    rows = ([n.symbol, n.date, n.document_type.name, n.subject, n.issuer.name,
             n.issuer.unit.name, n.reference, str(n.issued_by or "")]
            for n in numbers.iterator())
    return export_response("xlsx", name=_("register"), title=_("Register of issued numbers"),
                           info=_export_info(request, form, numbers.count()),
                           columns=columns, rows=rows)


# Generated documents -----------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthedRequest) -> HttpResponse:
    unit = _unit_param(request)
    initial = {"unit": unit.pk if unit else request.user.unit_id}
    form = ReportForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issuer = data["issuer"]
        if issuer is not None:
            issuer = selectors.issuer_on(issuer, data["date"]) or issuer
            head = selectors.Letterhead.of(issuer)
        else:
            head = selectors.letterhead(data["unit"], data["date"])
        number = None
        try:
            if data["issue_number"]:
                if head.issuer is None:
                    raise ValidationError({"issuer": _(
                        "Choose an issuer to take a number from the register.")})
                issued = services.number_issue(
                    actor=request.user, issuer=head.issuer,
                    document_type=DocumentType.objects.get(code="BC"), date=data["date"],
                    subject=report_subject(data["subject"], data["start"], data["end"]),
                    reference=f"report:{data['unit'].code}", once_key=data["request_key"])
                number = issued.symbol
        except ValidationError as error:
            add_service_error(form, error)
        else:
            document = report_document(ReportInput(
                unit=data["unit"], start=data["start"], end=data["end"], letterhead=head,
                date=data["date"], subject=data["subject"], number=number,
                situation=data["situation"], results=data["results"],
                shortcomings=data["shortcomings"], direction=data["direction"],
                recommendations=data["recommendations"],
                signature=_report_signature(data, head),
                recipients=[r for r in data["recipients"].splitlines() if r.strip()]))
            name = f"bao-cao-{file_slug(data['unit'].code)}-{data['end']:%Y%m%d}"
            return _docx_response(render_docx(document), name)
    return render(request, "documents/report_form.html", {"form": form})


def _report_signature(data: dict, head: selectors.Letterhead) -> Signature:
    """The signer typed on the form; what is left empty is the usual signer of the issuer."""
    usual = selectors.default_signer(data["unit"], head)
    auto = data["sign_prefix"] == "auto"
    return Signature(usual.prefix if auto else data["sign_prefix"],
                     data["sign_office"] or (usual.office if auto else ""),
                     data["sign_title"] or usual.title, data["sign_name"])


def _posted_movement(request: AuthedRequest, pk: int) -> Movement:
    return get_object_or_404(Movement.objects.visible_to(request.user).select_related(
        "from_unit", "to_unit", "from_facility", "to_facility", "created_by", "posted_by",
        "reverses", "to_unit__parent"), pk=pk)


def _print_name(title: str, movement: Movement) -> str:
    return f"{file_slug(title)}-{file_slug(movement.number.replace('/', ' ')) or movement.pk}"


@login_required
@require_GET
def movement_slip(request: AuthedRequest, pk: int) -> FileResponse:
    """The slip of a posted document: phiếu nhập kho, phiếu xuất kho or phiếu điều chuyển."""
    movement = _posted_movement(request, pk)
    kind = movement_prints.slip_kind(movement)
    if kind is None:
        raise Http404
    document = movement_prints.movement_slip(movement)
    return _docx_response(render_docx(document),
                          _print_name(movement_prints.slip_title(kind), movement))


@login_required
@require_GET
def movement_handover(request: AuthedRequest, pk: int) -> FileResponse:
    """The handover record (biên bản giao nhận) of a posted receipt, issue, transfer or
    return."""
    movement = _posted_movement(request, pk)
    if not movement_prints.has_handover(movement):
        raise Http404
    document = movement_prints.handover_record(movement)
    return _docx_response(render_docx(document), _print_name("biên bản giao nhận", movement))
