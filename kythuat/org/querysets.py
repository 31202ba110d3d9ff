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
        return self.within(user.unit)

    def within(self, unit: "Unit") -> Self:
        """Rows that belong to `unit` or a unit below it."""
        lookups = (self.unit_lookup,) if isinstance(self.unit_lookup, str) else self.unit_lookup
        condition = models.Q()
        for lookup in lookups:
            condition |= models.Q(**{f"{lookup}__in": subtree_ids(unit)})
        return self.filter(condition)


class UnitQuerySet(UnitScopedQuerySet):
    def within(self, unit: "Unit") -> Self:
        return self.filter(subtree_filter(unit.path))

    def active(self, on: Any = None) -> Self:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
                           valid_from__lte=day)
