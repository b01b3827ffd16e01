"""Health records and maintenance works: row builders and the yearly condition simulation.

A facility graded by indices (road, bridge, tunnel) is simulated year by year
from 2019 to 2025: its condition decays, a periodic inspection records the
indices and the grade they give, and the grade may call for a work (preventive,
minor, corrective, major: the four categories of STANDARDS.md §0) that lifts
the condition once it is finished. The seed document's named works are forced
into their years, with the condition before them in the matching band.

Afterwards the facility row carries its latest inspection: ``grade``,
``grade_standard``, ``last_inspected`` and ``next_due`` (= last + cycle).
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Callable

from . import names as N
from .context import FIRST_YEAR, LAST_YEAR, in_year, new_uid, plus_days, plus_years, work_status

DURATION_DAYS = {"preventive": (2, 12), "minor": (1, 20), "corrective": (30, 120), "major": (90, 240),
                 "emergency": (0, 1)}


@dataclass
class Records:
    """The record rows made for a set of facilities."""

    inspections: list
    works: list
    materials: list

    @classmethod
    def empty(cls) -> Records:
        return cls([], [], [])

    def extend(self, other: Records) -> None:
        self.inspections.extend(other.inspections)
        self.works.extend(other.works)
        self.materials.extend(other.materials)


def to_json(indices: dict) -> str:
    return json.dumps(indices, ensure_ascii=False, sort_keys=True)


def inspection(rng, facility: dict, kind: str, on, inspection_type: str, inspector: str, standard: str,
               indices: dict | None, grade: str | None, summary: str) -> dict:
    return {
        "uid": new_uid(rng), "facility_uid": facility["uid"], "facility_kind": kind,
        "inspected_on": on.isoformat(), "inspection_type": inspection_type, "inspector": inspector,
        "standard": standard, "indices": to_json(indices) if indices is not None else None, "grade": grade,
        "summary": summary,
    }


def work(rng, records: Records, facility: dict, kind: str, category: str, started, finished, description: str,
         contractor: str, cost: float, materials=()) -> dict:
    """Append a maintenance row (status as of the reference date) and its materials; return the row."""
    row = {
        "uid": new_uid(rng), "facility_uid": facility["uid"], "facility_kind": kind, "category": category,
        "status": work_status(started, finished), "started_on": started.isoformat(),
        "finished_on": finished.isoformat(), "description": description, "contractor": contractor,
        "cost_yuan": round(cost, 2),
    }
    records.works.append(row)
    for name, unit, qty in materials:
        records.materials.append({"uid": new_uid(rng), "maintenance_uid": row["uid"], "material": name,
                                  "quantity": round(qty, 2), "unit": unit})
    return row


def set_latest(facility: dict, inspections: list, standard: str, cycle_years) -> None:
    """Copy the latest inspection onto the facility row; ``cycle_years`` is a number or grade -> years."""
    if not inspections:
        return
    last = max(inspections, key=lambda r: r["inspected_on"])
    facility["grade"] = last["grade"]
    facility["grade_standard"] = standard
    facility["last_inspected"] = last["inspected_on"]
    years = cycle_years(last["grade"]) if callable(cycle_years) else cycle_years
    facility["next_due"] = plus_years(_dt.date.fromisoformat(last["inspected_on"]), years).isoformat()


def periodic(rng, facility, year) -> str:
    return "periodic"


@dataclass
class Profile:
    """How one kind of graded facility ages, is inspected and is repaired."""

    kind: str
    standard: str
    months: tuple  # inspection season (first, last month)
    start: Callable  # (rng, facility, age) -> state
    decay: Callable  # (rng, state) -> None
    indices: Callable  # (state, facility) -> dict
    grade: Callable  # (indices, facility) -> str
    policy: dict  # grade -> (category, probability)
    effect: Callable  # (rng, state, category) -> None
    force: Callable  # (rng, state, facility, grade) -> None: put the state in that grade's band
    job: Callable  # (rng, facility, category) -> (description, materials, cost)
    summary: Callable  # (rng, indices, grade, facility) -> str
    cycle_years: float
    contractors: tuple = N.CONTRACTORS
    inspection_type: Callable = periodic  # (rng, facility, year) -> inspection type


@dataclass
class SeedWork:
    """A work the seed document names: when, what, and the grade the facility had before it."""

    year: int
    category: str
    started: tuple  # (month, day)
    days: int
    description: str
    materials: tuple
    cost: float
    before: str


def simulate(profile: Profile, rng, facility: dict, inspectors: list, seed_work: SeedWork | None = None) -> Records:
    """Inspect and maintain ``facility`` year by year; set its latest grade; return the rows."""
    out = Records.empty()
    built = facility.get("built_year") or 1990
    first = max(FIRST_YEAR, built + 1)
    state = profile.start(rng, facility, first - built)
    pending: list = []  # (finished, category)
    for year in range(first, LAST_YEAR + 1):
        on = in_year(rng, year, *profile.months)
        for finished, category in [p for p in pending if p[0] < on]:
            profile.effect(rng, state, category)
            pending.remove((finished, category))
        if year > first:
            profile.decay(rng, state)
        forced = seed_work is not None and seed_work.year == year
        if forced:
            profile.force(rng, state, facility, seed_work.before)
        indices = profile.indices(state, facility)
        grade = profile.grade(indices, facility)
        out.inspections.append(inspection(
            rng, facility, profile.kind, on, profile.inspection_type(rng, facility, year), rng.choice(inspectors),
            profile.standard, indices, grade, profile.summary(rng, indices, grade, facility)))
        if forced:
            started = max(plus_days(on, 10), _dt.date(year, *seed_work.started))
            finished = plus_days(started, seed_work.days)
            work(rng, out, facility, profile.kind, seed_work.category, started, finished, seed_work.description,
                 rng.choice(profile.contractors), seed_work.cost, seed_work.materials)
            pending.append((finished, seed_work.category))
            continue
        category, p = profile.policy.get(grade, (None, 0.0))
        if category is None or rng.random() >= p:
            continue
        started = plus_days(on, rng.randint(15, 150))
        finished = plus_days(started, rng.randint(*DURATION_DAYS[category]))
        description, materials, cost = profile.job(rng, facility, category)
        work(rng, out, facility, profile.kind, category, started, finished, description,
             rng.choice(profile.contractors), cost, materials)
        pending.append((finished, category))
    set_latest(facility, out.inspections, profile.standard, profile.cycle_years)
    return out
