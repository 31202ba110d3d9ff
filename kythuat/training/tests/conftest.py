import datetime as dt
from decimal import Decimal

import pytest

from kythuat.people import services as people
from kythuat.people.models import PersonCategory
from kythuat.training import services
from kythuat.training.models import ContestLevel, Prize


class Staff:
    """Technical staff of Lạng Sơn (one at the commune) and of Cao Bằng."""

    def __init__(self, org):
        qncn = PersonCategory.objects.get(code="qncn")
        start = dt.date(2018, 1, 1)
        self.repairer = people.person_create(actor=None, unit=org.province_a,
                                             full_name="Nguyễn Văn Thợ", rank="Thượng úy QNCN",
                                             category=qncn, started_on=start)
        self.commune = people.person_create(actor=None, unit=org.commune_a,
                                            full_name="Lò Văn Xã", category=qncn,
                                            started_on=start)
        self.cao_bang = people.person_create(actor=None, unit=org.province_b,
                                             full_name="Bế Văn Bằng", category=qncn,
                                             started_on=start)
        self.course = services.course_create(
            actor=None, unit=org.province_a, subject="Sửa chữa vũ khí bộ binh",
            starts_on=dt.date(2025, 3, 3), ends_on=dt.date(2025, 3, 14), hours=Decimal(80))
        self.region = ContestLevel.objects.get(code="quan-khu")
        self.first = Prize.objects.get(code="nhat")
        self.second = Prize.objects.get(code="nhi")


@pytest.fixture
def staff(org) -> Staff:
    return Staff(org)
