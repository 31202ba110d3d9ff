"""The statistical reports as typed rows: increases and decreases of a period, holdings by
quality grade and subordinate unit, and authorised strength against holdings.

Every figure comes from the holdings selectors (period_report, subtree_balances_as_of and the
strength rows of the holdings screen); this module only regroups them. The caller has checked
that the unit is visible to the user (kythuat.org.selectors).
"""

from .flows import FlowLine, FlowRow, IncreaseDecreaseReport, increase_decrease_report
from .grades import GRADES, GradeReport, GradeRow, GradeSection, grade_report
from .strength import StrengthLine, StrengthReport, strength_report

__all__ = [
    "GRADES",
    "FlowLine",
    "FlowRow",
    "GradeReport",
    "GradeRow",
    "GradeSection",
    "IncreaseDecreaseReport",
    "StrengthLine",
    "StrengthReport",
    "grade_report",
    "increase_decrease_report",
    "strength_report",
]
