"""What each kind of unit holds, how equipment ages, and the dates and wording of documents.

Numbers here are the demo's assumptions, chosen to look plausible, not regulations.
"""

import datetime as dt
import random
from collections.abc import Sequence

FIRST_YEAR = 2007

# Serial items per unit role at the opening registration (relative weights).
SERIAL_PROFILE: dict[str, dict[str, float]] = {
    "commune": {"rifle": 22, "pistol": 2, "crew": 3, "optic": 1, "radio": 1.5},
    "ptkv": {
        "rifle": 12,
        "pistol": 6,
        "crew": 2,
        "optic": 2,
        "radio": 5,
        "vehicle": 3,
        "generator": 1,
    },
    "district": {
        "rifle": 16,
        "pistol": 6,
        "crew": 3,
        "optic": 2,
        "radio": 6,
        "vehicle": 2,
        "generator": 1,
    },
    "province": {
        "rifle": 120,
        "pistol": 25,
        "crew": 25,
        "heavy": 4,
        "optic": 10,
        "radio": 25,
        "vehicle": 18,
        "generator": 4,
        "engineer": 6,
        "chem": 6,
        "boat": 2,
        "measure": 3,
    },
    "province_depot": {
        "rifle": 260,
        "pistol": 20,
        "crew": 40,
        "heavy": 6,
        "optic": 15,
        "radio": 12,
        "vehicle": 6,
    },
    "division": {"pistol": 20, "radio": 25, "vehicle": 12, "optic": 6, "measure": 2},
    "regiment": {
        "pistol": 12,
        "radio": 16,
        "vehicle": 45,
        "generator": 5,
        "heavy": 8,
        "crew": 8,
        "engineer": 4,
        "chem": 4,
    },
    "battalion": {"rifle": 30, "pistol": 6, "crew": 16, "radio": 8, "optic": 5},
    "company": {"rifle": 85, "pistol": 3, "crew": 12, "radio": 3, "optic": 4},
    "division_depot": {
        "rifle": 450,
        "pistol": 30,
        "crew": 60,
        "heavy": 10,
        "armour": 8,
        "optic": 20,
        "radio": 30,
        "vehicle": 25,
        "generator": 6,
        "chem": 4,
    },
    "station": {"vehicle": 6, "generator": 6, "measure": 10},
}
# Lot and bulk lines per unit role at the opening registration: category → number of types.
STOCK_PROFILE: dict[str, dict[str, int]] = {
    "province_depot": {"ammo": 8, "shell": 1, "explosive": 2, "material": 2, "protective": 2},
    "division_depot": {
        "ammo": 10,
        "shell": 4,
        "explosive": 3,
        "spare": 8,
        "part": 3,
        "fuel": 3,
        "material": 3,
        "protective": 2,
    },
    "province": {
        "ammo": 6,
        "explosive": 1,
        "spare": 3,
        "part": 2,
        "fuel": 3,
        "material": 2,
        "protective": 3,
    },
    "regiment": {"ammo": 5, "shell": 2, "spare": 3, "part": 2, "fuel": 3, "material": 1},
    "station": {"spare": 10, "part": 3, "fuel": 2, "material": 3},
    "company": {"protective": 1},
    "district": {"protective": 1, "material": 1},
    "commune": {"protective": 1},
}
# Quantity range of one lot or bulk line, by category and holder.
DEPOTS = ("province_depot", "division_depot")
QUANTITY = {
    "ammo": {"depot": (20_000, 150_000), "unit": (8_000, 40_000), "small": (1_000, 6_000)},
    "shell": {"depot": (300, 2_000), "unit": (100, 600), "small": (20, 100)},
    "explosive": {"depot": (200, 1_500), "unit": (50, 300), "small": (10, 50)},
    "spare": {"depot": (20, 150), "unit": (10, 60), "small": (2, 10)},
    "part": {"depot": (20, 120), "unit": (5, 40), "small": (2, 10)},
    "fuel": {"depot": (20_000, 80_000), "unit": (5_000, 30_000), "small": (500, 2_000)},
    "material": {"depot": (100, 800), "unit": (30, 200), "small": (5, 30)},
    "protective": {"depot": (500, 3_000), "unit": (100, 600), "small": (20, 120)},
}
# Who takes part in the distribution and what is handed down.
ISSUED = ("rifle", "pistol", "crew", "optic", "radio")
REPAIRED = ("vehicle", "generator", "crew", "heavy", "radio")
# Yearly chance that an item in a grade drops one grade (doubled for items over 30 years).
AGEING = {1: 0.04, 2: 0.02, 3: 0.03, 4: 0.05}
# Share of the serial items registered at the opening; the rest arrive year by year.
OPENING_SHARE = 0.5
RECEIPT_CATEGORIES = {
    "rifle": 40,
    "pistol": 4,
    "crew": 10,
    "optic": 5,
    "radio": 15,
    "vehicle": 12,
    "generator": 4,
    "heavy": 2,
    "armour": 1,
    "engineer": 2,
    "chem": 2,
    "boat": 1,
    "measure": 2,
}
FACTORIES = {
    "ammo": ["Nhà máy Z113", "Nhà máy Z121", "Nhà máy Z129", "Nhà máy Z131"],
    "shell": ["Nhà máy Z125", "Nhà máy Z131"],
    "explosive": ["Nhà máy Z121", "Nhà máy Z195"],
    "spare": ["Nhà máy Z153", "Nhà máy Z751", "Công ty Ô tô 1-5"],
    "part": ["Nhà máy Z111", "Nhà máy Z125"],
}


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Splits a whole number in proportion to weights (largest remainders), exactly."""
    if total <= 0 or not weights or sum(weights) <= 0:
        return [0] * len(weights)
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weighted(rng: random.Random, options: dict, k: int = 1) -> list:
    """k distinct keys drawn by weight (all of them when there are fewer)."""
    pool = dict(options)
    picked = []
    while pool and len(picked) < k:
        key = rng.choices(list(pool), weights=list(pool.values()))[0]
        picked.append(key)
        del pool[key]
    return picked


def grade_for_age(rng: random.Random, age: int) -> int:
    if age < 4:
        return 1
    if age < 12:
        return rng.choices((1, 2), (3, 7))[0]
    if age < 25:
        return rng.choices((2, 3, 4), (6, 3, 1))[0]
    return rng.choices((2, 3, 4, 5), (4, 4, 1.5, 0.5))[0]


class Calendar:
    """Dates of one phase of a year: they only move forward, and never past today."""

    def __init__(self, rng: random.Random, start: dt.date, end: dt.date, today: dt.date):
        self.rng = rng
        self.day = start
        self.end = min(end, today)

    @property
    def is_open(self) -> bool:
        return self.day <= self.end

    def next(self, most: int = 3) -> dt.date:
        self.day = min(self.day + dt.timedelta(days=self.rng.randint(0, most)), self.end)
        if self.day.weekday() == 6 and self.day < self.end:  # no paperwork on Sundays
            self.day += dt.timedelta(days=1)
        return self.day


def decision(rng: random.Random, day: dt.date, symbol: str, issuer: str) -> str:
    """A plausible order number: "Lệnh số 125/LX-KT ngày 12/02/2012 của …"."""
    signed = day - dt.timedelta(days=rng.randint(3, 25))
    return (
        f"số {rng.randint(12, 980)}/{symbol} ngày {signed.day:02d}/{signed.month:02d}/"
        f"{signed.year} của {issuer}"
    )
