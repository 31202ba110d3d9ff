"""Sections of a person's page that other apps add (training, contests, licences,
commendations), so the people app imports none of them — the same pattern as
`reviews/annexes.py`.

    @person_section(order=50, title=_("Training courses"))
    def courses(person, user) -> PersonSection | None: ...

The function returns the template and its context, or None when it has nothing to show."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Registered:
    order: int
    title: Any  # a lazy translation
    build: Callable[..., PersonSection | None]


_SECTIONS: list[Registered] = []


def person_section(*, order: int, title) -> Callable:
    def decorator(fn: Callable[..., PersonSection | None]) -> Callable:
        _SECTIONS.append(Registered(order=order, title=title, build=fn))
        _SECTIONS.sort(key=lambda s: s.order)
        return fn

    return decorator


def sections_for(person, user) -> list[tuple[Any, PersonSection]]:
    """(title, section) for every registered section that has something to show."""
    out = []
    for registered in _SECTIONS:
        section = registered.build(person, user)
        if section is not None:
            out.append((registered.title, section))
    return out
