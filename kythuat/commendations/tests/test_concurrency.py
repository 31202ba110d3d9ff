import threading

import pytest
from django.db import connection, connections

from kythuat.commendations import services
from kythuat.commendations.models import CommendationDecision
from kythuat.documents.models import IssuedNumber

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="concurrent transactions need a server database"),
]


def test_two_simultaneous_clicks_take_one_number(org, decide):
    decision = decide()
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def click():
        try:
            barrier.wait()
            stale = CommendationDecision.objects.get(pk=decision.pk)
            numbers.append(services.decision_issue(actor=None, decision=stale).number_id)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(numbers)) == 1
    assert IssuedNumber.objects.count() == 1
