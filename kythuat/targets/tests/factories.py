"""Directives and clauses for the target tests, made as rows (the directives app's own
services are tested there)."""

import dataclasses
import datetime as dt
import itertools

from kythuat.directives.models import Clause, Directive, DirectiveKind
from kythuat.documents.models import FormatProfile, Issuer
from kythuat.indicators import registry
from kythuat.org.models import Unit

_numbers = itertools.count(1)


def clause_for(unit: Unit, *, text: str = "Xây dựng kho đạt chuẩn", number: str = "1",
               title: str = "Chương trình hành động thực hiện Nghị quyết 382") -> Clause:
    issuer = Issuer.objects.create(
        unit=unit, profile=FormatProfile.objects.get(code="state"), name=f"Bộ Tư lệnh {unit.name}",
        abbreviation="BTL", place="Lạng Sơn", valid_from=dt.date(2000, 1, 1))
    directive = Directive.objects.create(
        issuer=issuer, unit=unit, kind=DirectiveKind.objects.get(code="CTHĐ"),
        number=next(_numbers), symbol="CTHĐ-BTL", issued_on=dt.date(2025, 12, 1),
        series="2025", title=title)
    return Clause.objects.create(directive=directive, number=number, text=text)


@dataclasses.dataclass
class TemporaryIndicators:
    """Variants of registered indicators for one test (a lower-is-better flow, an entered
    figure), removed afterwards."""

    codes: list[str] = dataclasses.field(default_factory=list)

    def variant(self, base: str, code: str, **changes) -> str:
        registry.REGISTRY[code] = dataclasses.replace(registry.get(base), code=code, **changes)
        self.codes.append(code)
        return code

    def remove(self) -> None:
        for code in self.codes:
            registry.REGISTRY.pop(code, None)
