"""Reads on the catalogue and its dated reference data."""

import datetime as dt

from .models import GradeDefinition


def serviceable_grades(day: dt.date) -> list[int]:
    """The grades counted as serviceable (technical coefficient) on a day."""
    return sorted(set(GradeDefinition.objects.valid_on(day).filter(is_serviceable=True)
                      .values_list("level", flat=True)))
