"""Reads: directives as the user may see them (down and up the tree), their clauses, and the
cascade of what a directive implements and what implements it."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kythuat.org.models import User

from .filters import DirectiveFilter
from .models import Clause, Directive

MAX_DEPTH = 10  # levels of the cascade shown each way; a real cascade has five or six


def directive_list(*, user: User, filters: Mapping[str, str] | None = None
                   ) -> QuerySet[Directive]:
    directives = (Directive.objects.visible_to(user).select_related("issuer", "kind", "unit")
                  .order_by("-issued_on", "-number", "-pk"))
    return DirectiveFilter(filters, queryset=directives, user=user).qs


def visible_directive(user: User, pk: object) -> Directive:
    directives = Directive.objects.visible_to(user).select_related(
        "issuer", "issuer__profile", "kind", "unit")
    return get_object_or_404(directives, pk=pk)


def visible_clause(user: User, pk: object) -> Clause:
    clauses = Clause.objects.visible_to(user).select_related("directive", "directive__unit")
    return get_object_or_404(clauses, pk=pk)


def clause_list(*, user: User, directive: Directive | None = None) -> QuerySet[Clause]:
    clauses = Clause.objects.visible_to(user).select_related("directive")
    if directive is not None:
        clauses = clauses.filter(directive=directive)
    return clauses.order_by("directive", "order", "pk")


@dataclass(frozen=True)
class CascadeRow:
    """One directive of the cascade: `depth` levels away from the starting directive, reached
    from the directive `via` (the row above it in the tree). A directive reached twice (the
    cascade is a graph) is listed under each parent, `repeated` after its first showing."""

    directive: Directive
    depth: int
    via: int
    repeated: bool = False


@dataclass(frozen=True)
class Cascade:
    directive: Directive
    ancestors: list[CascadeRow]  # what it implements, transitively (depth 1 = directly)
    descendants: list[CascadeRow]  # what implements it, transitively

    @property
    def ancestors_top_down(self) -> list[tuple[CascadeRow, int]]:
        """The ancestors read from the top (the resolution first), each with its indent: the
        depth-first list reversed, so every directive sits right above what implements it."""
        top = self.levels_above
        return [(row, top - row.depth) for row in reversed(self.ancestors)]

    @property
    def levels_above(self) -> int:
        return max((row.depth for row in self.ancestors), default=0)


def _walk(user: User, directive: Directive, *, upwards: bool) -> list[CascadeRow]:
    """The tree one way from the directive, depth first, with one query per level."""
    through = Directive.implements.through
    near, far = ("from_directive", "to_directive") if upwards else ("to_directive",
                                                                    "from_directive")
    visible = Directive.objects.visible_to(user).values("pk")
    links: dict[int, list[Directive]] = defaultdict(list)
    frontier, seen = {directive.pk}, {directive.pk}
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        edges = (through.objects.filter(**{f"{near}_id__in": frontier,
                                           f"{far}_id__in": visible})
                 .select_related(f"{far}__issuer", f"{far}__kind")
                 .order_by(f"{far}__issued_on", f"{far}_id"))
        reached = set()
        for edge in edges:
            links[getattr(edge, f"{near}_id")].append(getattr(edge, far))
            reached.add(getattr(edge, f"{far}_id"))
        frontier = reached - seen
        seen |= reached

    rows: list[CascadeRow] = []
    shown: set[int] = set()

    def visit(pk: int, depth: int, path: tuple[int, ...]) -> None:
        for child in links.get(pk, ()):
            if child.pk in path or depth > MAX_DEPTH:
                continue  # a cycle recorded before the rule existed: shown once, not forever
            rows.append(CascadeRow(child, depth, pk, repeated=child.pk in shown))
            if child.pk not in shown:
                shown.add(child.pk)
                visit(child.pk, depth + 1, (*path, child.pk))

    visit(directive.pk, 1, (directive.pk,))
    return rows


def directive_cascade(*, user: User, directive: Directive) -> Cascade:
    """What the directive implements (up to the resolution it starts from) and what implements
    it (down to the units' plans), each limited to the directives the user may see."""
    return Cascade(directive=directive, ancestors=_walk(user, directive, upwards=True),
                   descendants=_walk(user, directive, upwards=False))
