"""Two officers click "issue" at the same moment: one number, one issued document. Threads
need a database that locks rows (PostgreSQL); SQLite serialises writers by itself and is
covered by the sequential retries in test_report_services."""

import threading

import pytest
from django.db import connection, connections

from kythuat.documents.models import IssuedNumber
from kythuat.reviews.models import Report
from kythuat.reviews.services import reports as services

from .test_report_world import ISSUE_DAY, make_world

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_concurrent_issues_take_one_number(org):
    world = make_world(org)
    report = world.central()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click() -> None:
        try:
            barrier.wait()
            issued = services.report_issue(actor=org.users["officer_a"],
                                           report=Report.objects.get(pk=report.pk),
                                           date=ISSUE_DAY)
            results.append(issued.number_id)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 2
    assert results[0] == results[1]
    assert IssuedNumber.objects.count() == 1
