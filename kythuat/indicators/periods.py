"""Periods and scopes: the P and S of "measure M for scope S over period P"."""

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.org.models import Unit

FIRST_YEAR = 1945
DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@dataclass(frozen=True)
class Period:
    """A closed range of days; a stock is read as at `end`, a flow is counted over the range."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                _("The end of the period (%(end)s) is before its start (%(start)s); choose an "
                  "end date after the start.")
                % {"end": self.end.strftime("%d/%m/%Y"), "start": self.start.strftime("%d/%m/%Y")},
                code="period_reversed")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = dt.date(year, 3 * quarter - 2, 1)
        after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return cls(first, after - dt.timedelta(days=1))

    @classmethod
    def year_to_date(cls, today: dt.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(dt.date(today.year, 1, 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def label(self) -> str:
        start, end = self.start, self.end
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            if start.year == end.year:
                return _("year %(year)s") % {"year": start.year}
            return f"{start.year}–{end.year}"
        quarter = (start.month + 2) // 3
        if start.day == 1 and start.month % 3 == 1 and Period.quarter(start.year,
                                                                      quarter) == self:
            return _("quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": start.year}
        return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"

    def as_params(self) -> dict[str, str]:
        """The query parameters that give this period back through `period_from_params`."""
        return {"from": self.start.strftime("%d/%m/%Y"), "to": self.end.strftime("%d/%m/%Y")}


def _parse_date(text: str, label: str) -> dt.date:
    match = DATE.match(text)
    try:
        if not match:
            raise ValueError
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise ValidationError(
            _("%(label)s “%(value)s” is not a date; write it as day/month/year, for example "
              "31/12/2022.") % {"label": label, "value": text[:20]},
            code="bad_date") from None


def _parse_year(text: str) -> int:
    today = timezone.localdate()
    if not text.strip().isdigit() or not FIRST_YEAR <= int(text) <= today.year + 20:
        raise ValidationError(
            _("The year “%(value)s” is not valid; choose a year between %(first)s and "
              "%(last)s.") % {"value": text[:10], "first": FIRST_YEAR, "last": today.year + 20},
            code="bad_year")
    return int(text)


def period_from_params(params: Mapping[str, str], default: Period | None = None) -> Period:
    """The period of a screen or API call: `year` with an optional `quarter` (1–4), or `from`
    and `to` (dd/mm/yyyy), or `year_from` and `year_to`; the year to date without any.
    Bad values raise a ValidationError that says how to write them."""
    if params.get("year"):
        year = _parse_year(params["year"])
        quarter = params.get("quarter") or ""
        if not quarter:
            return Period.year(year)
        if quarter not in {"1", "2", "3", "4"}:
            raise ValidationError(_("The quarter must be 1, 2, 3 or 4."), code="bad_quarter")
        return Period.quarter(year, int(quarter))
    if params.get("from") or params.get("to"):
        start = _parse_date(params.get("from") or "", _("The start of the period"))
        end = _parse_date(params.get("to") or "", _("The end of the period"))
        return Period(start, end)
    if params.get("year_from") or params.get("year_to"):
        first = _parse_year(params.get("year_from") or params.get("year_to") or "")
        last = _parse_year(params.get("year_to") or params.get("year_from") or "")
        return Period(dt.date(first, 1, 1), dt.date(last, 12, 31))
    return default or Period.year_to_date()


class View(enum.StrEnum):
    """How units that changed over time are shown: both views give the same army-wide totals;
    they differ in which unit a dissolved unit's history is counted under."""

    AS_WAS = "as_was"  # records under the units that existed on their own dates
    AS_IS = "as_is"  # history of dissolved units rolled into their successors

    @property
    def label(self) -> str:
        return {View.AS_WAS: _("as the organisation was"),
                View.AS_IS: _("as the organisation is")}[self]

    @property
    def description(self) -> str:
        return {View.AS_WAS: _("Figures under the units that existed at the time; units "
                               "dissolved since are listed as they were."),
                View.AS_IS: _("Figures of dissolved and merged units are counted under the "
                              "units that succeeded them.")}[self]


def view_from_params(params: Mapping[str, str]) -> View:
    """The `view` parameter of a screen or API call (as_was by default); an unknown value is
    the default."""
    value = params.get("view") or ""
    return View(value) if value in {view.value for view in View} else View.AS_WAS


@dataclass(frozen=True)
class Scope:
    """A unit's subtree, seen as it was or as it is."""

    unit: Unit
    view: View = View.AS_WAS


def as_scope(scope: "Scope | Unit") -> Scope:
    return scope if isinstance(scope, Scope) else Scope(scope)
