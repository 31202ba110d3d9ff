"""The directive list and its export, a directive's page, its cascade, its file and its forms."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions

from .. import selectors, services
from ..filters import DirectiveFilter
from ..forms import ClauseForm, DirectiveForm, StatusForm, can_write
from ..models import Directive
from ..sections import DIRECTIVE_PAGE


def _list_query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@vary_on_headers("HX-Request")
def directive_list(request: AuthedRequest) -> HttpResponse:
    form = DirectiveFilter(request.GET, user=request.user).form
    directives = selectors.directive_list(user=request.user, filters=request.GET).annotate(
        clause_count=Count("clauses"))
    context = {"form": form, "page": paginate(request, directives),
               "query": _list_query(request), "can_create": can_write(request.user)}
    template = ("directives/_directive_rows.html" if request.htmx
                else "directives/directive_list.html")
    return render(request, template, context)


@login_required
@require_GET
def directive_export(request: AuthedRequest) -> FileResponse:
    form = DirectiveFilter(request.GET, user=request.user).form
    visible = Directive.objects.visible_to(request.user).only("pk", "number", "symbol")
    directives = (selectors.directive_list(user=request.user, filters=request.GET)
                  .annotate(clause_count=Count("clauses"))
                  .prefetch_related(Prefetch("implements", queryset=visible)))
    columns = [Column(str(title)) for title in (
        _("Number and symbol"), _("Kind"), _("Date issued"), _("Issuer"), _("Party term"),
        _("Subject"), _("Status"), _("Implements"), _("Clauses"))]
    rows = ([d.number_symbol, d.kind.name, d.issued_on, d.issuer.name, d.term_label, d.title,
             d.get_status_display(), ", ".join(i.number_symbol for i in d.implements.all()),
             d.clause_count] for d in directives)
    unit = request.user.unit.name if request.user.unit_id else ""
    return export_response("xlsx", title=_("Directives"), name=_("directives"),
                           info=export_info(unit=unit, filters=filters_in_words(form),
                                            count=directives.count()),
                           columns=columns, rows=rows)


def detail_context(request: AuthedRequest, directive: Directive, **extra: Any) -> dict[str, Any]:
    visible = Directive.objects.visible_to(request.user).select_related("kind", "issuer")
    writable = permissions.can_post(request.user, directive.unit)
    context = {
        "directive": directive,
        "clauses": directive.clauses.order_by("order", "pk"),
        "implements": visible.filter(implemented_by=directive).order_by("issued_on"),
        "implemented_by": visible.filter(implements=directive).order_by("issued_on"),
        "can_write": writable,
        "status_form": StatusForm(initial={"status": directive.status}) if writable else None,
        "clause_form": ClauseForm() if writable else None,
        "sections": DIRECTIVE_PAGE.build(directive, request.user),
    }
    return {**context, **extra}


@login_required
def directive_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(request.user, pk)
    return render(request, "directives/directive_detail.html", detail_context(request, directive))


@login_required
@require_GET
def directive_cascade(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(request.user, pk)
    cascade = selectors.directive_cascade(user=request.user, directive=directive)
    return render(request, "directives/directive_cascade.html",
                  {"directive": directive, "cascade": cascade})


@login_required
@require_GET
def directive_file(request: AuthedRequest, pk: int) -> FileResponse:
    directive = selectors.visible_directive(request.user, pk)
    if not directive.attachment:
        raise Http404(_("This directive has no attached file."))
    try:
        handle = directive.attachment.open("rb")
    except FileNotFoundError:
        raise Http404(_("The attached file is missing from the server.")) from None
    name = f"{directive.number_symbol.replace('/', '-')}{Path(directive.attachment.name).suffix}"
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request: AuthedRequest) -> HttpResponse:
    form = DirectiveForm(request.POST or None, request.FILES or None, user=request.user)
    if form.is_valid():
        try:
            directive = services.directive_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Directive %(number)s recorded.")
                             % {"number": directive.number_symbol})
            return redirect_after_post(request, directive.get_absolute_url())
    return render(request, "directives/directive_form.html",
                  {"form": form, "title": _("New directive")})


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(request.user, pk)
    services.ensure_can_write(request.user, directive.unit)
    form = DirectiveForm(request.POST or None, request.FILES or None, user=request.user,
                         directive=directive, initial=DirectiveForm.initial_of(directive))
    if form.is_valid():
        try:
            # The service works on its own copy, so a refused change leaves this page's data.
            services.directive_update(
                actor=request.user, directive=selectors.visible_directive(request.user, pk),
                data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Directive %(number)s saved.")
                             % {"number": directive.number_symbol})
            return redirect_after_post(request, directive.get_absolute_url())
    return render(request, "directives/directive_form.html", {
        "form": form, "directive": directive,
        "title": _("Edit %(number)s") % {"number": directive.number_symbol}})


@login_required
@require_POST
def directive_status(request: AuthedRequest, pk: int) -> HttpResponse:
    directive = selectors.visible_directive(request.user, pk)
    services.ensure_can_write(request.user, directive.unit)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.directive_set_status(actor=request.user, directive=directive,
                                          **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The status of %(number)s is now: %(status)s.") % {
                "number": directive.number_symbol, "status": directive.get_status_display()})
            return redirect_after_post(request, directive.get_absolute_url())
    if request.htmx:
        return render(request, "directives/_status_form.html",
                      {"directive": directive, "status_form": form})
    return render(request, "directives/directive_detail.html",
                  detail_context(request, directive, status_form=form))
