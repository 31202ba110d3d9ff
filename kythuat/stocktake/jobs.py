"""Starting a large stocktake (count sheets of more than STOCKTAKE_BACKGROUND_LINES lines) as a
background job: the page shows progress and the stocktake when it is ready."""

from django.conf import settings

from kythuat.catalog.models import Tracking
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Balance, Item
from kythuat.jobs.registry import JobOutput, job_handler
from kythuat.org.querysets import subtree_ids

from . import services
from .models import Stocktake

DEFAULT_BACKGROUND_LINES = 10_000


def background_lines() -> int:
    return int(getattr(settings, "STOCKTAKE_BACKGROUND_LINES", DEFAULT_BACKGROUND_LINES))


def expected_lines(stocktake: Stocktake) -> int:
    """About how many count lines the sheets will have: the serial items held in the scope and
    the other balances (an estimate from today's books, to choose where the work runs)."""
    units = subtree_ids(stocktake.unit)
    items = Item.objects.filter(unit__in=units, status__in=HELD_STATUSES).count()
    stock = Balance.objects.filter(unit__in=units, quantity__gt=0).exclude(
        type__tracking=Tracking.SERIAL).count()
    return items + stock


@job_handler("stocktake.start")
def start(job, progress) -> JobOutput:
    stocktake = Stocktake.objects.get(pk=job.params["stocktake"])
    progress(0, 1)
    services.stocktake_start(actor=job.actor, stocktake=stocktake)
    progress(1, 1)
    return JobOutput(url=stocktake.get_absolute_url())
