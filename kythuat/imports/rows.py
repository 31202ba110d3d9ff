"""From a sheet row to a checked row: each mapped cell read as its field needs."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kythuat.org.models import Unit, User

from . import reader
from .specs import DATE, DECIMAL, INT, Template

BATCH = 500  # rows checked together: one query per lookup per batch


@dataclass
class Row:
    number: int  # as Excel shows it
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # what checking found (a LineSpec …)

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)


@dataclass
class Context:
    """What every check of one import needs."""

    actor: User | None
    unit: Unit  # the import's unit: rows may name it or units below it
    default_date: dt.date | None
    template: Template
    name: str = ""  # the file, for document reasons
    reference: str = ""  # "import no. 12", for document reasons
    cache: dict[str, Any] = field(default_factory=dict)
    # False when posting right after: movement_create applies the document rules itself.
    line_rules: bool = True


def parse(template: Template, mapping: dict[str, int], number: int, cells: tuple) -> Row:
    row = Row(number=number, values={})
    for spec in template.fields:
        column = mapping.get(spec.key)
        raw = cells[column] if column is not None and column < len(cells) else None
        if reader.is_injection(raw):
            row.fail(
                _(
                    'column "%(column)s" starts with %(char)s, which a spreadsheet runs '
                    "as a formula; remove that character or the row."
                )
                % {"column": spec.header, "char": raw.strip()[0]}
            )
            row.values[spec.key] = None
            continue
        if raw is None or (isinstance(raw, str) and not reader.text(raw)):
            row.values[spec.key] = None
            if spec.required:
                row.fail(_('column "%(column)s" is empty.') % {"column": spec.header})
            continue
        try:
            if spec.kind == INT:
                value: Any = reader.to_int(raw)
            elif spec.kind == DECIMAL:
                value = reader.to_decimal(raw)
            elif spec.kind == DATE:
                value = reader.to_date(raw)
            else:
                value = reader.text(raw)
                if len(value) > spec.max_length:
                    raise reader.CellError(
                        _("at most %(count)s characters") % {"count": spec.max_length}
                    )
        except reader.CellError as error:
            row.fail(
                _('column "%(column)s": %(problem)s.') % {"column": spec.header, "problem": error}
            )
            value = None
        row.values[spec.key] = value
    return row


def read(book, layout: reader.Layout, template: Template, mapping: dict[str, int]) -> Iterator[Row]:
    for number, cells in reader.iter_rows(book, layout):
        yield parse(template, mapping, number, cells)


def batches(rows: Iterator[Row], size: int = BATCH) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def messages(error: Exception) -> list[str]:
    """The user-facing messages of a service's refusal."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    if isinstance(error, PermissionDenied):
        return [str(error) or _("You may not do this.")]
    return [str(error)]
