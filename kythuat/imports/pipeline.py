"""Reading, checking and posting one import; no status bookkeeping (that is services.py).

`check_rows` reads every row and judges it; `post_rows` checks again (the books may have
changed since) and posts. Items, lots and opening balances are checked by reading only, so
outside any transaction; units, types and documents are checked by trying them inside a
transaction that is rolled back. Posting runs in one transaction: all or nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kythuat.holdings.models import Movement
from kythuat.org.models import User

from . import documents, reader, receipts, registers
from .models import Import, ImportTemplate
from .rows import BATCH, Context, Row, batches, read
from .specs import template as template_of

Progress = Callable[[int, int], None]
RECEIPTS = {ImportTemplate.ITEMS, ImportTemplate.LOTS, ImportTemplate.OPENING}
RUNNERS = {
    ImportTemplate.UNITS: registers.run,
    ImportTemplate.TYPES: registers.run,
    ImportTemplate.DOCUMENTS: documents.run,
}
MAX_STORED_ERRORS = 1000


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    skipped: int = 0  # bad rows already left out (posting from the checked rows)

    @property
    def bad(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.errors]

    def error_list(self) -> list[dict]:
        return [{"row": row.number, "messages": row.errors} for row in self.bad[:MAX_STORED_ERRORS]]


def context(imp: Import, actor: User | None) -> Context:
    return Context(
        actor=actor,
        unit=imp.unit,
        default_date=imp.effective_date,
        template=template_of(imp.template),
        name=imp.file_name,
        reference=_("import no. %(number)s") % {"number": imp.pk},
    )


class _Counter:
    """Progress over two passes (check, then post) of `total` rows each."""

    def __init__(self, progress: Progress | None, total: int, passes: int) -> None:
        self.progress, self.total, self.done, self.passes = progress, total, 0, passes

    def __call__(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            whole = max(self.total * self.passes, self.done)
            self.progress(min(self.done, whole), whole)


def _check(imp: Import, ctx: Context, counter: _Counter) -> Checked:
    if imp.template not in RECEIPTS and not connection.in_atomic_block:
        raise RuntimeError("Units, types and documents are checked inside a transaction.")
    book = reader.open_book(bytes(imp.content))
    layout = reader.Layout(sheet=imp.sheet, header_row=imp.header_row, headers=imp.headers)
    mapping = {key: int(column) for key, column in imp.mapping.items() if column is not None}
    checked = Checked()
    rows = read(book, layout, ctx.template, mapping)
    if imp.template in RECEIPTS:
        for batch in batches(rows, BATCH):
            receipts.check(ctx, batch)
            for row in batch:  # keep only what posting needs
                if row.ok and imp.template != ImportTemplate.LOTS:
                    row.values = {}
            checked.rows.extend(batch)
            counter(len(batch))
    else:
        checked.rows = list(rows)
        counter.total = max(counter.total, len(checked.rows))
        RUNNERS[imp.template](ctx, checked.rows, dry_run=True, progress=counter)
    book.close()
    if not checked.rows:
        raise ValidationError(_("The sheet has no rows under its header row."), code="no_rows")
    return checked


def check_rows(imp: Import, actor: User | None, progress: Progress | None = None) -> Checked:
    return _check(imp, context(imp, actor), _Counter(progress, imp.row_count, 1))


def post_rows(
    imp: Import, actor: User | None, *, drop_bad: bool, progress: Progress | None = None
) -> tuple[Checked, list[Movement]]:
    """Checks every row again and posts the good ones; refuses if any is bad and bad rows
    are not to be dropped."""
    ctx = context(imp, actor)
    # Without bad rows to leave out, movement_create's own check of every line is enough.
    ctx.line_rules = drop_bad
    counter = _Counter(progress, imp.row_count, 2)
    if imp.template in RECEIPTS and imp.prepared:
        # Checked moments ago: the documents' own rules run again as they are drafted.
        good = receipts.unpack(imp.prepared)
        counter.done = counter.total = len(good)
        counter.passes = 1
        return Checked(rows=good, skipped=imp.error_count), receipts.post(ctx, good, counter)
    checked = _check(imp, ctx, counter)
    bad = checked.bad
    if bad and not drop_bad:
        first = bad[0]
        raise ValidationError(
            ngettext(
                "%(count)s row has errors (the first: row %(row)s: %(message)s). Correct the file "
                "and upload it again, or choose to leave the bad rows out.",
                "%(count)s rows have errors (the first: row %(row)s: %(message)s). Correct the "
                "file and upload it again, or choose to leave the bad rows out.",
                len(bad),
            )
            % {"count": len(bad), "row": first.number, "message": " ".join(first.errors)},
            code="bad_rows",
        )
    good = checked.good
    if not good:
        raise ValidationError(_("No row is left to import."), code="nothing_left")
    counter.done = counter.total = len(checked.rows)
    if imp.template in RECEIPTS:
        posted = receipts.post(ctx, good, counter)
    else:
        posted = RUNNERS[imp.template](ctx, good, dry_run=False, progress=counter)
    return checked, posted
