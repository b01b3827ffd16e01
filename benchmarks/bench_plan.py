"""Benchmark: the maintenance plan (按轻重缓急) against the network assessment, on the same city store.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_plan.py [--scale city] [--seed 1] [--store PATH]

Writes the demo city of ``--scale`` into a fresh store (or copies ``--store``; the original is never
touched), then, in one process, runs the two Processing algorithms as a user would (``processing.run``,
output to a temporary layer):

- ``safe_municipal:assess_network`` as of 2025-12-31 (the baseline: grades every facility and writes
  the assessments; the plan needs its grades and due dates);
- ``safe_municipal:maintenance_plan`` for 2026 with a budget of 50 million yuan (ACCEPT off, the
  default): reads the store, ranks every item, writes the output layer;
- the same with ACCEPT on and no budget: every item (~90,000 on the city) becomes a planned,
  audited maintenance record in one transaction — the heaviest use;
- that again (idempotent: nothing is written).

Prints one machine-readable line (target: ratio ≤ 1.5)::

    RESULT maintenance_plan seconds=… assess=… ratio=… accept_all=… accept_ratio=… rerun=… items=… written=…
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap as _importable  # noqa: E402 - the checkout as package safe_municipal
from _bootstrap import qgis_app  # noqa: E402

PLAN = "safe_municipal:maintenance_plan"


def _processing():
    """Processing initialised, with the plugin's provider (and the plan algorithm, until provider.py lists it)."""
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from safe_municipal.processing.alg_maintenance_plan import MaintenancePlanAlgorithm
    from safe_municipal.processing.provider import SafeMunicipalProvider

    Processing.initialize()
    reg = QgsApplication.processingRegistry()
    provider = reg.providerById("safe_municipal")
    if provider is None:
        provider = SafeMunicipalProvider()
        reg.addProvider(provider)
    if reg.algorithmById(PLAN) is None:
        provider.addAlgorithm(MaintenancePlanAlgorithm())
    return provider


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="city")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--store", help="an existing (unassessed) demo store to copy instead of generating one")
    a = p.parse_args()
    _importable()
    app = qgis_app()
    _provider = _processing()  # noqa: F841 - kept alive for the run
    from qgis import processing

    from safe_municipal.layers.demo_writer import write_demo_city

    tmp = Path(tempfile.mkdtemp(prefix="sm_bench_plan_"))
    path = tmp / f"{a.scale}.gpkg"
    try:
        if a.store:
            shutil.copyfile(a.store, path)
        else:
            start = time.perf_counter()
            write_demo_city(str(path), a.scale, a.seed, validate=False)
            print(f"demo city {a.scale} written in {time.perf_counter() - start:.1f} s")
        store = str(path)

        start = time.perf_counter()
        assessed = processing.run("safe_municipal:assess_network", {"STORE": store, "AS_OF": "2025-12-31"})
        assess = time.perf_counter() - start
        print(f"assess_network         {assess:8.2f} s  (assessed {assessed['ASSESSED']}, written {assessed['CHANGED']})")

        window = {"STORE": store, "FROM": "2026-01-01", "TO": "2026-12-31", "OUTPUT": "TEMPORARY_OUTPUT"}
        start = time.perf_counter()
        plan = processing.run(PLAN, dict(window, BUDGET=50_000_000))
        seconds = time.perf_counter() - start
        summary = json.loads(plan["SUMMARY"])
        print(f"maintenance_plan       {seconds:8.2f} s  ({plan['ITEMS']} items, {plan['WITHIN_BUDGET']} within "
              f"the budget of 50 M yuan; by reason {summary['by_reason']})")

        start = time.perf_counter()
        accepted = processing.run(PLAN, dict(window, ACCEPT=True, PLAN_REF="bench 2026"))
        accept_all = time.perf_counter() - start
        print(f"  ACCEPT, no budget    {accept_all:8.2f} s  ({accepted['ACCEPTED']} planned records written)")

        start = time.perf_counter()
        again = processing.run(PLAN, dict(window, ACCEPT=True, PLAN_REF="bench 2026"))
        rerun = time.perf_counter() - start
        print(f"  ACCEPT again         {rerun:8.2f} s  ({again['ACCEPTED']} written: idempotent)")

        ratio = seconds / assess if assess else float("inf")
        accept_ratio = accept_all / assess if assess else float("inf")
        print(f"RESULT maintenance_plan seconds={seconds:.2f} assess={assess:.2f} ratio={ratio:.2f} "
              f"accept_all={accept_all:.2f} accept_ratio={accept_ratio:.2f} rerun={rerun:.2f} "
              f"items={plan['ITEMS']} written={accepted['ACCEPTED']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
