"""Annexes other apps add to a review report (commendations handed out, …) without this app
importing them: an app registers a function that answers the annex of a report.

    @annex("commendations", order=20)
    def commendations_annex(report) -> AnnexTable | None: ...
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class AnnexTable:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    widths_cm: list | None = None  # column widths on paper; None: equal


ANNEXES: dict[str, tuple[int, Callable]] = {}


def annex(key: str, *, order: int = 100) -> Callable[[Callable], Callable]:
    def wrap(function: Callable) -> Callable:
        if ANNEXES.get(key, (order, function))[1] is not function:
            raise ValueError(f"Annex {key} is registered twice.")
        ANNEXES[key] = (order, function)
        return function

    return wrap


def annexes_of(report) -> list[AnnexTable]:
    """The annexes of a report in order; an app answering None adds nothing."""
    tables = []
    for _order, function in sorted(ANNEXES.values(), key=lambda entry: entry[0]):
        table = function(report)
        if table is not None:
            tables.append(table)
    return tables
