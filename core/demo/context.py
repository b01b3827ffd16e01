"""Seeded randomness, identifiers, codes and dates shared by the demo generator's parts.

Every part draws from its own ``random.Random`` stream, named by seed, scale,
district and purpose (string seeds are hashed with SHA-512 by ``random``, so
they do not depend on ``PYTHONHASHSEED``). Changing one part of the generator
therefore leaves the other parts' rows unchanged, and the same scale and seed
always give the same city.

Nothing here reads the clock: "today" for the data is :data:`REFERENCE_DATE`.
"""
from __future__ import annotations

import datetime as _dt
import random
import uuid
from collections import defaultdict

from ..schema import table as _table

REFERENCE_DATE = _dt.date(2025, 12, 31)  # the data's "as of" date
FIRST_YEAR, LAST_YEAR = 2019, 2025  # years with inspection and maintenance records
DIRECT_UNIT = "宜昌市市政公用设施管理处"  # the office: manages arterials, bridges and tunnels directly


def new_uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def day(rng: random.Random, start: _dt.date, end: _dt.date) -> _dt.date:
    """A random day in [start, end]."""
    return _dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def in_year(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> _dt.date:
    last = _dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - _dt.timedelta(days=1)
    return day(rng, _dt.date(year, first_month, 1), last)


def plus_days(d: _dt.date, n: int) -> _dt.date:
    return d + _dt.timedelta(days=n)


def plus_years(d: _dt.date, years: float) -> _dt.date:
    return d + _dt.timedelta(days=round(365.25 * years))


def work_status(started: _dt.date, finished: _dt.date) -> str:
    """A work's status as of the reference date."""
    if finished <= REFERENCE_DATE:
        return "done"
    if started <= REFERENCE_DATE:
        return "in_progress"
    return "planned"


class Context:
    """What every part of one generation run shares: the seed, the scale, code counters."""

    def __init__(self, scale: str, spec, seed: int):
        self.scale = scale
        self.spec = spec
        self.seed = seed
        self._counters: dict = defaultdict(int)

    def rng(self, *parts) -> random.Random:
        return random.Random("safe_municipal.demo/" + "/".join(str(p) for p in (self.seed, self.scale) + parts))

    def code(self, table_name: str, district_code: str) -> str:
        """The next human code of a facility table in a district, e.g. ``GD-XL-000123``."""
        key = (table_name, district_code)
        self._counters[key] += 1
        return f"{_table(table_name).code_prefix}-{district_code}-{self._counters[key]:06d}"
