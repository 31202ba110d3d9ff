"""Scoping in one place: every user-facing query starts with `.visible_to(user)`."""

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from .models import Unit, User


def subtree_filter(path: str) -> models.Q:
    """Paths starting with `path`, as a range on the index: a path holds hex digits and dots,
    and "/" sorts right after ".", so [path, path[:-1] + "/") is exactly the subtree. SQLite
    cannot use an index for LIKE 'x%' (its LIKE ignores case); both databases can for this."""
    return models.Q(path__gte=path, path__lt=f"{path[:-1]}/")


def ancestor_paths(path: str, include_self: bool = True) -> list[str]:
    """The paths of the units above the one at `path` (and its own), read off the path itself:
    each level adds one fixed-width segment, so no query is needed."""
    from .models import PATH_STEP

    paths = [path[: i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]
    return paths if include_self else paths[:-1]


def subtree_ids(unit: "Unit") -> models.QuerySet:
    """The ids of a unit and every unit below it, as a subquery (one index range scan)."""
    from .models import Unit

    return Unit.objects.filter(subtree_filter(unit.path)).values("pk")


class UnitScopedQuerySet(models.QuerySet):
    """Base for models that belong to a Unit; `unit_lookup` is the path to it.

    Several lookups (a movement has a sender and a receiver) make a row visible when any of
    them is inside the subtree.
    """

    unit_lookup: str | tuple[str, ...] = "unit"

    def visible_to(self, user: "User") -> Self:
        if user.is_superuser:
            return self
        if not user.is_authenticated or user.unit_id is None:
            return self.none()
        return self.seen_from(user.unit)

    def seen_from(self, unit: "Unit") -> Self:
        """What a user of `unit` sees: the unit's subtree. A model seen more widely (a review
        by the units of its plan, an initiative by the councils it was sent to) overrides this
        one method; `visible_to` keeps the superuser and signed-out cases in one place."""
        return self.within(unit)

    def within(self, unit: "Unit") -> Self:
        """Rows that belong to `unit` or a unit below it."""
        lookups = (self.unit_lookup,) if isinstance(self.unit_lookup, str) else self.unit_lookup
        condition = models.Q()
        for lookup in lookups:
            condition |= models.Q(**{f"{lookup}__in": subtree_ids(unit)})
        return self.filter(condition)

    # "Down and up": a record of a unit is seen by that unit, everything below it (it is sent
    # down, as a directive is) and every unit above it (they supervise). Used by directives.

    def visible_down_and_up(self, user: "User") -> Self:
        if user.is_superuser:
            return self
        if not user.is_authenticated or user.unit_id is None:
            return self.none()
        return self.within_lineage(user.unit)

    def within_lineage(self, unit: "Unit") -> Self:
        """Rows that belong to `unit`, a unit below it or a unit above it."""
        from .models import Unit

        above = Unit.objects.filter(path__in=ancestor_paths(unit.path)).values("pk")
        lookups = (self.unit_lookup,) if isinstance(self.unit_lookup, str) else self.unit_lookup
        condition = models.Q()
        for lookup in lookups:
            condition |= (models.Q(**{f"{lookup}__in": subtree_ids(unit)})
                          | models.Q(**{f"{lookup}__in": above}))
        return self.filter(condition)


class UnitQuerySet(UnitScopedQuerySet):
    def within(self, unit: "Unit") -> Self:
        return self.filter(subtree_filter(unit.path))

    def within_lineage(self, unit: "Unit") -> Self:
        return self.filter(subtree_filter(unit.path)
                           | models.Q(path__in=ancestor_paths(unit.path)))

    def active(self, on: Any = None) -> Self:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
                           valid_from__lte=day)


def users_visible_to(queryset: models.QuerySet, user: "User") -> models.QuerySet:
    """The users a user may name or manage: those of the caller's subtree (every user for the
    system administrator). Users have no unit lookup of their own kind, so this is the one
    place their scope is written."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated or user.unit_id is None:
        return queryset.none()
    return queryset.filter(unit__in=subtree_ids(user.unit))
