import datetime as dt

import pytest

from kythuat.indicators.registry import Direction

from .factories import TemporaryIndicators, clause_for

START = dt.date(2026, 1, 1)
DEADLINE = dt.date(2026, 12, 31)


@pytest.fixture
def clause(org):
    """A clause of a programme of Quân khu 1 (the top of the test tree)."""
    return clause_for(org.hq)


@pytest.fixture
def indicators():
    temporary = TemporaryIndicators()
    yield temporary
    temporary.remove()


@pytest.fixture
def lower_flow(indicators) -> str:
    """Documents posted, counted as if fewer were better (as accidents are)."""
    return indicators.variant("holdings.documents_posted", "test.documents_lower",
                              direction=Direction.LOWER)


@pytest.fixture
def entered(indicators) -> str:
    return indicators.variant("holdings.documents_posted", "test.entered", entered=True)


@pytest.fixture
def assign(org, clause):
    """target_assign with the test's usual values; keyword arguments override them."""
    from kythuat.targets import services

    def make(**values):
        defaults = {"actor": org.users["officer_hq"], "clause": clause,
                    "indicator_code": "holdings.on_hand", "unit": org.hq, "start": START,
                    "deadline": DEADLINE, "form": "absolute", "stated_value": 10,
                    "stated_unit": "piece"}
        return services.target_assign(**{**defaults, **values})

    return make
