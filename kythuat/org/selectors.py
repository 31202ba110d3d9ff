"""Reads on the organisation, always scoped to the user."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kythuat.core.querystring import id_param

from . import permissions
from .models import PATH_STEP, Lineage, Unit, UnitMove, User
from .querysets import ancestor_paths, users_visible_to


def unit_list(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).select_related("kind", "parent")


def default_unit(user: User) -> Unit:
    """The unit a user's screens start from: their own, or the top of the tree for the system
    administrator."""
    if user.unit_id is not None:
        return user.unit
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None or not user.is_superuser:
        raise Http404
    return root


def visible_unit(user: User, pk: object) -> Unit:
    """The unit with this id if the user may see it; 404 otherwise (never 403)."""
    return get_object_or_404(Unit.objects.visible_to(user), pk=pk)


def unit_from_request(user: User, value: object) -> Unit:
    """The `unit` parameter of a screen or report, defaulting to the user's unit; a unit
    outside the user's subtree, or a malformed id, answers 404."""
    if value in (None, ""):
        return default_unit(user)
    pk = id_param(str(value).strip())  # refuses ids past what the database stores too
    if pk is None:
        raise Http404
    return visible_unit(user, pk)


def _subtree_users(user: User) -> QuerySet[User]:
    """Users of the caller's subtree; everyone for the system administrator."""
    users = users_visible_to(User.objects.select_related("unit"), user)
    return users if user.is_superuser else users.filter(is_superuser=False)


def user_list(*, user: User) -> QuerySet[User]:
    """Users of the caller's subtree (everyone for the system administrator), with their API
    tokens."""
    return _subtree_users(user).select_related("auth_token", "auth_token__use").order_by(
        "unit__path", "username")


def managed_users(user: User) -> QuerySet[User]:
    """The users an administrator manages (their subtree); refuses (403) whoever may not
    manage users."""
    if not permissions.can_manage_users(user):
        raise PermissionDenied(_("Only a unit administrator may manage users."))
    return _subtree_users(user)


# The organisation over time ----------------------------------------------------------------


def tree_as_at(*, user: User, day: dt.date) -> QuerySet[Unit]:
    """The units the user can see that existed on `day` (today's tree order)."""
    return (Unit.objects.visible_to(user).active(day).select_related("kind")
            .prefetch_related("former_names").order_by("path"))


def tree_then(units: list[Unit], day: dt.date) -> list[Unit]:
    """The units in the tree order of `day`: a unit re-parented since is put back under the
    parent it had then; each gets `level` (depth in that tree, from the first unit's depth)
    and `name_then`."""
    moved = moves_after(day)
    ids = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = moved.get(unit.pk, unit.parent_id)
        children.setdefault(parent if parent in ids else None, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None, level: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u.path):
            unit.level, unit.name_then = level, unit.name_on(day)
            ordered.append(unit)
            walk(unit.pk, level + 1)

    walk(None, 0)
    return ordered


def lineage(unit: Unit) -> dict[str, list]:
    """The unit's predecessors (the units that went into it), successors and changes of
    parent unit, with dates and decisions."""
    return {
        "predecessors": list(unit.predecessor_links.select_related("predecessor")
                             .order_by("on", "pk")),
        "successors": list(unit.successor_links.select_related("successor")
                           .order_by("on", "pk")),
        "moves": list(unit.moves.select_related("old_parent", "new_parent")
                      .order_by("on", "pk")),
    }


def heirs() -> dict[int, int]:
    """{closed unit id: the unit its history is reported under}: one small table."""
    return dict(Lineage.objects.filter(is_heir=True).values_list("predecessor_id",
                                                                  "successor_id"))


@dataclass(frozen=True)
class ScopePart:
    """One subtree to add (sign +1) or take away (-1) when a unit is seen "as it is"; its
    records are grouped under `group` (a path) or, when None, under their own units."""

    unit: Unit
    sign: int
    group: str | None


def as_is_parts(unit: Unit, heir_map: dict[int, int] | None = None) -> list[ScopePart]:
    """The scope of a unit "as the organisation is": its subtree, plus the subtrees of the
    closed units whose history rolls into it by lineage, minus those of its closed units whose
    history went elsewhere. Groups are the paths of the unit's direct subordinates (or its own)
    under which each part's records are shown.

    A unit is "in" when the unit its history ends with (following heirs) is in the subtree;
    the parts are the places where that changes going down the tree, so adding each part's
    subtree with its sign counts every unit's own records once, in the right group."""
    heir_map = heirs() if heir_map is None else heir_map
    if not heir_map or unit.valid_to is not None:
        return [ScopePart(unit, 1, None)]
    ids = set(heir_map) | set(heir_map.values())
    known = {u.pk: u for u in Unit.objects.filter(pk__in=ids).only("pk", "path", "parent_id")}
    children = list(Unit.objects.filter(parent_id__in=heir_map).only("pk", "path", "parent_id"))
    by_path = {u.path: u for u in known.values()}
    step = len(unit.path) + PATH_STEP

    def final(pk: int) -> Unit:
        seen = set()
        while pk in heir_map and pk not in seen:
            seen.add(pk)
            pk = heir_map[pk]
        return known[pk]

    def state(path: str, pk: int | None) -> tuple[bool, str | None]:
        """(in the scope, fixed group or None for "by its own path")."""
        if pk is not None and pk in heir_map:
            end = final(pk)
            if not end.path.startswith(unit.path):
                return (False, None)
            group = end.path[:step] if len(end.path) >= step else unit.path
            own = path[:step] if len(path) >= step else unit.path
            return (True, None if path.startswith(unit.path) and group == own
                    and len(path) >= step else group)
        return (path.startswith(unit.path), None)

    def parent_state(path: str) -> tuple[bool, str | None]:
        if len(path) <= PATH_STEP:
            return (False, None)
        parent_path = path[:-PATH_STEP]
        parent = by_path.get(parent_path)
        return state(parent_path, parent.pk if parent else None)

    parts: list[ScopePart] = [ScopePart(unit, 1, None)]
    candidates = {u.pk: u for u in [*known.values(), *children] if u.pk != unit.pk}
    for candidate in sorted(candidates.values(), key=lambda u: u.path):
        mine, above = state(candidate.path, candidate.pk), parent_state(candidate.path)
        if candidate.path.startswith(unit.path) and len(candidate.path) == len(unit.path):
            continue
        if mine == above:
            continue
        if above[0]:
            parts.append(ScopePart(candidate, -1, above[1]))
        if mine[0]:
            parts.append(ScopePart(candidate, 1, mine[1]))
    return parts


def all_moves() -> list[tuple[int, int, dt.date]]:
    """Every recorded re-parenting (unit, old parent, date), in date order: one small read,
    which a request does once (the registry remembers it)."""
    return list(UnitMove.objects.order_by("on", "pk").values_list("unit_id", "old_parent_id",
                                                                    "on"))


def moves_after(day: dt.date, moves: list[tuple[int, int, dt.date]] | None = None
                ) -> dict[int, int]:
    """{unit id: the parent it had on `day`} for the units re-parented after that day (by a
    reorganisation): the first move after the day gives the parent of that day."""
    found: dict[int, int] = {}
    for unit_id, old_parent_id, on in all_moves() if moves is None else moves:
        if on > day:
            found.setdefault(unit_id, old_parent_id)
    return found


def as_was_parts(unit: Unit, day: dt.date, moved: dict[int, int] | None = None
                 ) -> list[ScopePart]:
    """The scope of a unit "as the organisation was" on `day`: its subtree with the units
    re-parented since put back where they were that day. Same shape as `as_is_parts`: the
    subtrees to add or take away at the places where membership (or the subordinate a record
    is shown under) differs from today's tree."""
    moved = moves_after(day) if moved is None else moved
    if not moved:
        return [ScopePart(unit, 1, None)]
    ids = set(moved) | set(moved.values()) | {unit.pk}
    nodes = {u.pk: u for u in Unit.objects.filter(pk__in=ids).only("pk", "path", "parent_id")}
    paths = {p for u in nodes.values() for p in ancestor_paths(u.path)}
    for found in Unit.objects.filter(path__in=paths).only("pk", "path", "parent_id"):
        nodes.setdefault(found.pk, found)
    by_path = {u.path: u for u in nodes.values()}
    step = len(unit.path) + PATH_STEP

    def parent_then(node: Unit) -> Unit | None:
        if node.pk in moved:
            return nodes.get(moved[node.pk])
        return by_path.get(node.path[:-PATH_STEP]) if len(node.path) > PATH_STEP else None

    def state(node: Unit | None) -> tuple[bool, str | None]:
        below, seen = None, set()
        while node is not None and node.pk not in seen:
            if node.pk == unit.pk:
                return (True, below)
            seen.add(node.pk)
            below, node = node.path, parent_then(node)
        return (False, None)

    def normalised(node: Unit, found: tuple[bool, str | None]) -> tuple[bool, str | None]:
        """A fixed group equal to the one the node's own path gives is "by its own path"."""
        inside, group = found
        if inside and group is not None and node.path.startswith(unit.path) \
                and len(node.path) >= step and node.path[:step] == group:
            return (True, None)
        return found

    def current_parent_state(node: Unit) -> tuple[bool, str | None]:
        parent = by_path.get(node.path[:-PATH_STEP])
        return (False, None) if parent is None else normalised(parent, state(parent))

    parts = [ScopePart(unit, 1, None)]
    for pk in sorted(moved, key=lambda pk: nodes[pk].path if pk in nodes else ""):
        node = nodes.get(pk)
        if node is None or node.pk == unit.pk:
            continue
        mine = normalised(node, state(node))
        above = current_parent_state(node)
        if mine == above:
            continue
        if above[0]:
            parts.append(ScopePart(node, -1, above[1]))
        if mine[0]:
            parts.append(ScopePart(node, 1, mine[1]))
    return parts


def children_then(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Unit]:
    """The direct subordinates of a unit during a period: those existing in it, without the
    units put under it after its end, with those taken away from it since."""
    moved_in = UnitMove.objects.filter(new_parent=unit, on__gt=end).values("unit_id")
    moved_out = UnitMove.objects.filter(old_parent=unit, on__gt=end).values("unit_id")
    return (Unit.objects.filter(models.Q(parent=unit) | models.Q(pk__in=moved_out))
            .exclude(pk__in=moved_in).filter(valid_from__lte=end)
            .exclude(valid_to__lt=start))
