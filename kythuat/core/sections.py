"""Sections that a higher app adds to a lower app's page, so the lower app imports none of
them and dependencies keep pointing one way (docs/architecture.md, ADR 0006).

    TYPE_PAGE = Sections()                       # in the page's app (catalog/sections.py)

    @TYPE_PAGE.section(order=10, title=_("On hand by grade"))   # in the higher app
    def on_hand(etype, user) -> Section | None: ...

    TYPE_PAGE.build(etype, user)                 # in the page's view: [(title, Section)]

A section function returns the template and its context, or None when it has nothing to show.
The registering module is imported from its app's `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Registered:
    order: int
    title: Any  # a lazy translation
    build: Callable[..., Section | None]


class Sections:
    def __init__(self) -> None:
        self._registered: list[_Registered] = []

    def section(self, *, order: int, title: Any = "") -> Callable:
        def decorator(fn: Callable[..., Section | None]) -> Callable:
            self._registered.append(_Registered(order=order, title=title, build=fn))
            self._registered.sort(key=lambda r: r.order)
            return fn

        return decorator

    def build(self, *args: Any, **kwargs: Any) -> list[tuple[Any, Section]]:
        """(title, section) for every registered section that has something to show."""
        built = ((r.title, r.build(*args, **kwargs)) for r in self._registered)
        return [(title, section) for title, section in built if section is not None]
