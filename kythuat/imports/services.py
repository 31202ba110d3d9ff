"""The steps of an import: upload, map columns, check, confirm (post) or cancel.

Each step is one service; the import row keeps where it stands, so the steps survive page
reloads. Imports of more than IMPORT_BACKGROUND_ROWS rows are checked and posted by a
background job (`kythuat.jobs`); smaller ones at once.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.jobs.models import Job
from kythuat.jobs.services import job_refresh, job_submit
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from . import pipeline, reader, receipts
from .models import Import, ImportMapping, ImportTemplate
from .specs import auto_map, header_key
from .specs import template as template_of

DEFAULT_BACKGROUND_ROWS = 10_000


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))


def _read_layout(imp: Import, file_name: str, content: bytes) -> dict:
    """Checks the file and finds its sheet, header row, headers, mapping and row count.

    Called before the transaction that stores them: reading a big book takes seconds, and on
    SQLite a transaction holds the one write lock of the whole database.
    """
    reader.check_file(file_name, content)
    book = reader.open_book(content)
    try:
        layout = reader.find_layout(book, template_of(imp.template))
        rows = reader.estimate_rows(book, layout)
    finally:
        book.close()
    remembered = ImportMapping.objects.filter(unit=imp.unit, template=imp.template).first()
    return {
        "file_name": file_name[:255],
        "content": content,
        "size": len(content),
        "sheet": layout.sheet,
        "header_row": layout.header_row,
        "headers": layout.headers,
        "mapping": auto_map(
            template_of(imp.template), layout.headers, remembered.columns if remembered else None
        ),
        "row_count": rows,
        "status": Import.Status.UPLOADED,
        "errors": [],
        "error_count": 0,
        "message": "",
        "prepared": None,
    }


def _apply(imp: Import, values: dict) -> None:
    for name, value in values.items():
        setattr(imp, name, value)


def missing_fields(imp: Import) -> list[str]:
    return [
        str(f.header) for f in template_of(imp.template).required if imp.mapping.get(f.key) is None
    ]


def import_upload(
    *,
    actor: User | None,
    unit: Unit,
    template: str,
    file_name: str,
    content: bytes,
    effective_date: dt.date | None = None,
) -> Import:
    """Stores an uploaded book after checking it can be read; the columns are matched
    to the template's fields automatically (and as this unit mapped them last time)."""
    if template not in ImportTemplate.values:
        raise ValidationError({"template": _("Choose a template.")})
    permissions.ensure_can_draft(actor, unit)
    imp = Import(
        template=template,
        unit=unit,
        effective_date=effective_date,
        created_by=actor if actor and actor.pk else None,
    )
    _apply(imp, _read_layout(imp, file_name, content))
    with transaction.atomic():
        imp.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATED,
            target=imp,
            unit=unit,
            note=_("%(rows)s rows") % {"rows": imp.row_count},
        )
    return imp


def _ensure_open(imp: Import) -> None:
    if not imp.is_open:
        raise ValidationError(
            _("This import is %(status)s; it cannot be changed any more.")
            % {"status": imp.get_status_display()},
            code="closed",
        )


def import_replace_file(
    *, actor: User | None, imp: Import, file_name: str, content: bytes
) -> Import:
    """A corrected file for the same import: read again, mapped again, to be checked again."""
    _ensure_open(imp)
    permissions.ensure_can_draft(actor, imp.unit)
    values = _read_layout(imp, file_name, content)
    with transaction.atomic():
        imp = Import.objects.select_for_update().get(pk=imp.pk)
        _ensure_open(imp)
        old_name = imp.file_name
        _apply(imp, values)
        imp.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGED,
            target=imp,
            unit=imp.unit,
            changes={"file_name": [old_name, imp.file_name]},
        )
    return imp


@transaction.atomic
def import_set_mapping(
    *, actor: User | None, imp: Import, mapping: dict[str, int | None]
) -> Import:
    """Sets which column holds which field, and remembers it for the unit's next files."""
    imp = Import.objects.select_for_update().get(pk=imp.pk)
    _ensure_open(imp)
    permissions.ensure_can_draft(actor, imp.unit)
    spec = template_of(imp.template)
    clean = {}
    errors: dict[str, str] = {}
    used: dict[int, str] = {}
    for field in spec.fields:
        column = mapping.get(field.key)
        if column is None or column == "":
            if field.required:
                errors[field.key] = _('Choose the column that holds "%(field)s".') % {
                    "field": field.header
                }
            continue
        column = int(column)
        if not 0 <= column < len(imp.headers):
            errors[field.key] = _("Choose one of the file's columns.")
        elif column in used:
            errors[field.key] = _('This column is already used for "%(field)s".') % {
                "field": spec.field(used[column]).header
            }
        else:
            used[column] = field.key
            clean[field.key] = column
    if errors:
        raise ValidationError(errors)
    imp.mapping = clean
    imp.status, imp.errors, imp.error_count = Import.Status.UPLOADED, [], 0
    imp.prepared = None
    imp.save(update_fields=["mapping", "status", "errors", "error_count", "prepared", "updated_at"])
    remembered = {
        header_key(imp.headers[column]): key for key, column in clean.items() if imp.headers[column]
    }
    ImportMapping.objects.update_or_create(
        unit=imp.unit, template=imp.template, defaults={"columns": remembered}
    )
    return imp


CHECK_FIELDS = ["row_count", "error_count", "errors", "status", "message", "prepared"]


def _check_now(imp: Import, actor: User | None, progress=None) -> Import:
    """Checks the rows and stores what it found.

    Items, lots and opening balances are checked by reading only, outside any transaction,
    so a long check never holds the database's write lock (on SQLite, one for the whole
    database); only storing the result is a short transaction, which refuses if the import
    changed meanwhile. Units, types and documents are checked by trying them out inside a
    transaction that is rolled back, so they run in the caller's transaction.
    """
    if imp.template in pipeline.RECEIPTS:
        stamp = imp.updated_at
        checked = pipeline.check_rows(imp, actor, progress)
        with transaction.atomic():
            locked = Import.objects.select_for_update().get(pk=imp.pk)
            if locked.updated_at != stamp or not (locked.is_open or locked.is_running):
                raise ValidationError(
                    _("The import was changed while its rows were being checked; check it again."),
                    code="changed",
                )
            return _store_check(locked, checked)
    with transaction.atomic():
        return _store_check(imp, pipeline.check_rows(imp, actor, progress))


def _store_check(imp: Import, checked: pipeline.Checked) -> Import:
    imp.row_count = len(checked.rows)
    imp.error_count = len(checked.bad)
    imp.errors = checked.error_list()
    imp.status, imp.message = Import.Status.CHECKED, ""
    imp.prepared = receipts.pack(checked.good) if imp.template in pipeline.RECEIPTS else None
    imp.save(update_fields=[*CHECK_FIELDS, "updated_at"])
    return imp


def import_check(*, actor: User | None, imp: Import, background: bool = True) -> Import:
    """Checks every row against the rules of the screens; big files in the background."""
    with transaction.atomic():
        imp = Import.objects.select_for_update().get(pk=imp.pk)
        _ensure_open(imp)
        permissions.ensure_can_draft(actor, imp.unit)
        if missing := missing_fields(imp):
            raise ValidationError(
                _("Map the columns first: %(fields)s.") % {"fields": ", ".join(missing)},
                code="unmapped",
            )
        if background and actor is not None and imp.row_count > background_rows():
            return _submit(
                imp,
                actor,
                Import.Status.CHECKING,
                "imports.check",
                _("Checking %(file)s") % {"file": imp.file_name},
                {},
            )
    try:
        return _check_now(imp, actor)
    except ValidationError as error:
        if getattr(error, "code", None) != "changed":  # else the change stands as it is
            _fail(imp, error, back_to=Import.Status.UPLOADED)
        raise


def _ensure_can_confirm(actor: User | None, imp: Import) -> None:
    if imp.template == ImportTemplate.UNITS:
        permissions.ensure_can_manage_users(actor, imp.unit)
    elif imp.template == ImportTemplate.TYPES:
        permissions.ensure_can_manage_catalog(actor)
        permissions.ensure_can_post(actor, imp.unit)
    else:
        permissions.ensure_can_post(actor, imp.unit)


def can_confirm(user: User, imp: Import) -> bool:
    try:
        _ensure_can_confirm(user, imp)
    except PermissionDenied:
        return False
    return True


def _post_now(imp: Import, actor: User | None, drop_bad: bool, progress=None) -> Import:
    """Posts inside the caller's transaction; the import is marked done in the same one."""
    checked, posted = pipeline.post_rows(imp, actor, drop_bad=drop_bad, progress=progress)
    if not checked.skipped:  # checked again while posting: the counts of now
        imp.row_count = len(checked.rows)
        imp.error_count, imp.errors = len(checked.bad), checked.error_list()
    imp.posted_count = len(checked.good)
    imp.prepared = None
    imp.documents = [{"id": m.pk, "number": m.number} for m in posted][:1000]
    imp.status, imp.message, imp.finished_at = Import.Status.DONE, "", timezone.now()
    imp.save()
    audit.record(
        actor=actor,
        action=AuditEvent.Action.POSTED,
        target=imp,
        unit=imp.unit,
        note=_("%(rows)s rows posted in %(documents)s documents")
        % {"rows": imp.posted_count, "documents": len(posted)},
    )
    return imp


def import_confirm(
    *,
    actor: User | None,
    imp: Import,
    drop_bad: bool = False,
    progress=None,
    background: bool = True,
) -> Import:
    """Posts every good row in ONE transaction; if anything is refused, nothing is kept and
    the import says why."""
    with transaction.atomic():
        imp = Import.objects.select_for_update().get(pk=imp.pk)
        if imp.status != Import.Status.CHECKED:
            raise ValidationError(_("Check the rows before posting them."), code="not_checked")
        _ensure_can_confirm(actor, imp)
        if imp.error_count and not drop_bad:
            raise ValidationError(
                _(
                    "Some rows have errors: correct the file and upload it "
                    "again, or choose to leave the bad rows out."
                ),
                code="bad_rows",
            )
        if background and actor is not None and imp.row_count > background_rows():
            return _submit(
                imp,
                actor,
                Import.Status.POSTING,
                "imports.confirm",
                _("Posting %(file)s") % {"file": imp.file_name},
                {"drop_bad": drop_bad},
            )
    try:
        with transaction.atomic():
            return _post_now(imp, actor, drop_bad, progress)
    except ValidationError as error:
        _fail(imp, error, back_to=Import.Status.FAILED)
        raise


def _fail(imp: Import, error: ValidationError, *, back_to: str) -> None:
    """Stores why a step failed, outside the transaction that was rolled back."""
    Import.objects.filter(pk=imp.pk).update(
        status=back_to, message=" ".join(error.messages)[:4000], updated_at=timezone.now()
    )
    imp.refresh_from_db()


def _submit(imp: Import, actor: User, status: str, kind: str, title: str, params: dict) -> Import:
    imp.status, imp.message = status, ""
    imp.save(update_fields=["status", "message", "updated_at"])
    job = job_submit(
        actor=actor, kind=kind, unit=imp.unit, params={"import": imp.pk, **params}, title=title
    )
    Import.objects.filter(pk=imp.pk).update(job=job)
    imp.refresh_from_db()
    return import_refresh(imp)


def import_refresh(imp: Import) -> Import:
    """Brings an import whose background job ended badly back to a state the user can act
    on, with the job's reason as its message."""
    if not imp.is_running or imp.job_id is None:
        return imp
    job = job_refresh(Job.objects.get(pk=imp.job_id))
    if job.status == Job.Status.FAILED:
        back_to = (
            Import.Status.FAILED if imp.status == Import.Status.POSTING else Import.Status.UPLOADED
        )
        Import.objects.filter(pk=imp.pk, status=imp.status).update(
            status=back_to, message=job.error, updated_at=timezone.now()
        )
        imp.refresh_from_db()
    return imp


@transaction.atomic
def import_cancel(*, actor: User | None, imp: Import) -> Import:
    imp = Import.objects.select_for_update().get(pk=imp.pk)
    _ensure_open(imp)
    permissions.ensure_can_draft(actor, imp.unit)
    imp.status, imp.content, imp.prepared = Import.Status.CANCELLED, b"", None
    imp.save(update_fields=["status", "content", "prepared", "updated_at"])
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=imp, unit=imp.unit)
    return imp
