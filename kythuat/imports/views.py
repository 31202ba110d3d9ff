"""Import screens: upload → map columns → check → fix and upload again, or leave bad rows
out → confirm. Every step is stored on the import, so a reload finds it where it was."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
from kythuat.org import permissions
from kythuat.org.models import Role, User
from kythuat.org.querysets import subtree_ids
from kythuat.org.selectors import unit_from_request

from . import services, workbook
from .examples import example_values
from .forms import ConfirmForm, FileForm, ImportFilterForm, MappingForm, UploadForm
from .models import Import, ImportTemplate
from .specs import TEMPLATES
from .specs import template as template_of

SHOWN_ERRORS = 200


def _imports(request: AuthedRequest) -> tuple[QuerySet[Import], ImportFilterForm, object]:
    imports = (
        Import.objects.visible_to(request.user)
        .select_related("unit", "created_by")
        .defer("content", "prepared")
    )
    unit = (
        unit_from_request(request.user, request.GET.get("unit"))
        if request.GET.get("unit")
        else None
    )
    if unit is not None:
        imports = imports.filter(unit__in=subtree_ids(unit))
    form = ImportFilterForm(request.GET)
    if form.is_valid():
        if form.cleaned_data["template"]:
            imports = imports.filter(template=form.cleaned_data["template"])
        if form.cleaned_data["status"]:
            imports = imports.filter(status=form.cleaned_data["status"])
    return imports, form, unit


@login_required
@vary_on_headers("HX-Request")
def import_list(request: AuthedRequest) -> HttpResponse:
    imports, form, unit = _imports(request)
    context = {
        "page": paginate(request, imports),
        "form": form,
        "unit": unit,
        "templates": TEMPLATES.values(),
        "can_upload": request.user.has_role(Role.CLERK),
    }
    template = "imports/_import_rows.html" if request.htmx else "imports/import_list.html"
    return render(request, template, context)


@login_required
def import_export(request: AuthedRequest) -> HttpResponse:
    imports, _form, unit = _imports(request)
    rows = (
        [
            imp.pk,
            imp.created_at,
            imp.get_template_display(),
            imp.unit.name,
            imp.file_name,
            imp.row_count,
            imp.error_count,
            imp.posted_count,
            imp.get_status_display(),
            str(imp.created_by or ""),
        ]
        for imp in imports.iterator(chunk_size=500)
    )
    columns = [
        Column(_("No.")),
        Column(_("Uploaded at")),
        Column(_("Template")),
        Column(_("Unit")),
        Column(_("File")),
        Column(_("Rows")),
        Column(_("Rows with errors")),
        Column(_("Rows posted")),
        Column(_("Status")),
        Column(_("Uploaded by")),
    ]
    info = [
        (_("Unit"), unit.name if unit else (request.user.unit or _("all units"))),
        (_("Exported at"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]
    content = list_xlsx(title=_("Excel imports"), info=info, columns=columns, rows=rows)
    return _file(content, "nhap-excel.xlsx")


def _file(content: bytes, name: str) -> FileResponse:
    from io import BytesIO

    return FileResponse(BytesIO(content), as_attachment=True, filename=name, content_type=XLSX_TYPE)


@login_required
def template_download(request: AuthedRequest) -> HttpResponse:
    code = request.GET.get("template", "")
    if code not in TEMPLATES:
        raise Http404
    template = template_of(code)
    samples = example_values(template, request.user)
    return _file(workbook.template_xlsx(template, samples), f"mau-nhap-{code}.xlsx")


@login_required
def import_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may import files."))
    initial = {
        "template": request.GET.get("template") or ImportTemplate.ITEMS,
        "unit": request.user.unit_id,
    }
    form = UploadForm(
        request.POST or None, request.FILES or None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            imp = services.import_upload(
                actor=request.user,
                unit=data["unit"],
                template=data["template"],
                file_name=data["file"].name,
                content=data["file"].read(),
                effective_date=data["effective_date"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect_after_post(request, imp.get_absolute_url())
    return render(
        request, "imports/import_form.html", {"form": form, "templates": TEMPLATES.values()}
    )


def _visible(user: User, pk: int) -> Import:
    imports = Import.objects.visible_to(user).select_related("unit", "created_by")
    # The file and the checked rows are read by the services that need them, not per page.
    imp = get_object_or_404(imports.defer("content", "prepared"), pk=pk)
    return services.import_refresh(imp)


@login_required
@vary_on_headers("HX-Request")
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    if request.htmx and request.GET.get("poll"):
        if not imp.is_running:
            return redirect_after_post(request, imp.get_absolute_url())
        return render(request, "imports/_progress.html", _progress(imp))
    return render(request, "imports/import_detail.html", _detail_context(request, imp))


def _progress(imp: Import) -> dict:
    job = services.job_refresh(imp.job) if imp.job_id else None
    return {"imp": imp, "job": job}


def _detail_context(request: AuthedRequest, imp: Import, **forms) -> dict:
    spec = template_of(imp.template)
    mapping_form = forms.get("mapping_form") or MappingForm(
        initial={key: str(column) for key, column in imp.mapping.items()},
        template=spec,
        headers=imp.headers,
    )
    return {
        "imp": imp,
        "spec": spec,
        "mapping_form": mapping_form,
        "file_form": forms.get("file_form") or FileForm(),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "missing": services.missing_fields(imp),
        "errors": imp.errors[:SHOWN_ERRORS],
        "can_change": imp.is_open and permissions.can_draft(request.user, imp.unit),
        "can_confirm": imp.status == Import.Status.CHECKED
        and services.can_confirm(request.user, imp),
        "background_rows": services.background_rows(),
        **_progress(imp),
    }


def _after(request: AuthedRequest, imp: Import, done: str) -> HttpResponse:
    if imp.is_running and imp.job_id:
        return redirect_after_post(request, imp.get_absolute_url())
    messages.success(request, done)
    return redirect_after_post(request, imp.get_absolute_url())


@login_required
@require_POST
def import_mapping(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    form = MappingForm(request.POST, template=template_of(imp.template), headers=imp.headers)
    if form.is_valid():
        try:
            imp = services.import_set_mapping(
                actor=request.user, imp=imp, mapping=form.cleaned_data
            )
            imp = services.import_check(actor=request.user, imp=imp)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _after(request, imp, _("Every row has been checked."))
    imp.refresh_from_db()
    return render(
        request,
        "imports/import_detail.html",
        _detail_context(request, imp, mapping_form=form),
        status=200,
    )


@login_required
@require_POST
def import_file(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp = services.import_replace_file(
                actor=request.user, imp=imp, file_name=upload.name, content=upload.read()
            )
            if not services.missing_fields(imp):
                imp = services.import_check(actor=request.user, imp=imp)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _after(request, imp, _("The corrected file has been read."))
    imp.refresh_from_db()
    return render(
        request, "imports/import_detail.html", _detail_context(request, imp, file_form=form)
    )


@login_required
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        imp = services.import_confirm(
            actor=request.user, imp=imp, drop_bad=form.cleaned_data.get("drop_bad", False)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, imp.get_absolute_url())
    return _after(request, imp, _("The rows have been posted."))


@login_required
@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    try:
        services.import_cancel(actor=request.user, imp=imp)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, imp.get_absolute_url())
    messages.success(request, _("The import has been cancelled."))
    return redirect_after_post(request, redirect("imports:import-list").url)


@login_required
def import_errors(request: AuthedRequest, pk: int) -> HttpResponse:
    imp = _visible(request.user, pk)
    info = [
        (_("File"), imp.file_name),
        (_("Unit"), imp.unit.name),
        (_("Rows with errors"), imp.error_count),
    ]
    content = workbook.errors_xlsx(title=_("Rows with errors"), info=info, errors=imp.errors)
    return _file(content, f"loi-nhap-{imp.pk}.xlsx")
