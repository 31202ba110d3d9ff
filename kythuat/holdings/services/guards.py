"""Rules other apps add to posting: an isolated ammunition lot cannot be issued, a stocktake's
scope is frozen while it counts … Each guard raises ValidationError with a Vietnamese message.

A guard is a function `guard(movement, lines, stage)`: `lines` are LineSpec objects (item, lot,
type, quantity …), `stage` is "draft" (created or edited), "post" or "reverse". Guards run
inside the posting transaction, after the document's own rules.
"""

from collections.abc import Callable

from ..models import Movement

Guard = Callable[[Movement, list, str], None]

GUARDS: list[Guard] = []


def posting_guard(function: Guard) -> Guard:
    """Decorator: registers a guard (import the module from the app's AppConfig.ready)."""
    if function not in GUARDS:
        GUARDS.append(function)
    return function


def run_guards(movement: Movement, lines: list, stage: str) -> None:
    for guard in GUARDS:
        guard(movement, lines, stage)
