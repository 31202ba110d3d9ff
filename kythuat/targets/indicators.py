"""The dashboard's alert for targets at risk. Targets add no indicator of their own: their
actuals are the indicators of the apps that own the records."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.org.models import Unit

from .models import Target
from .progress import Status
from .selectors import with_progress

ALERT_LIMIT = 100  # running targets measured for the alert, the nearest deadlines first


@alert_source("targets_at_risk")
def targets_at_risk(unit: Unit) -> list[Alert]:
    today = timezone.localdate()
    running = (Target.objects.within(unit).filter(start__lte=today, deadline__gte=today)
               .select_related("unit").order_by("deadline", "pk")[:ALERT_LIMIT])
    count = sum(1 for row in with_progress(running, today=today)
                if row.progress.status == Status.AT_RISK)
    if not count:
        return []
    query = urlencode({"unit": unit.pk, "status": Status.AT_RISK})
    return [Alert(
        source="targets_at_risk", level="warning",
        title=ngettext("%(count)s target at risk", "%(count)s targets at risk", count)
        % {"count": count},
        count=count, url=f"{reverse('targets:target-list')}?{query}",
        detail=gettext("Behind the straight line from the baseline to the goal by more than "
                       "the tolerance; open the list to see which."),
    )]
