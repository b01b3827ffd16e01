#!/usr/bin/env python3
"""Open a facility's archive (the dock) in a small store and in a city store.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_archive.py [--repeat 7]

Both stores are demo cities (``write_demo_city``, seed 1) written to ``benchmarks/out/`` and reused
when present. Each gets the same two benchmark facilities, drain pipes because theirs is the
largest table (over 100,000 rows at city scale): ``BENCH-GD-000030`` with 30 inspections and 30
maintenance works (one material each) and ``BENCH-GD-001000`` with 1,000 inspections; both link
two existing manholes, so the Connections tab has work to do.

A measured open runs from the ``open_archive`` call to the dock fully populated (header, the
layer's attribute form, first pages of records, thumbnails, grade chart, connections, change
history; ``QgsApplication.processEvents()``), with a new dock each time (the slowest case: the
dock is reused in practice). The median of ``--repeat`` opens after one warm-up open counts.
Prints ``RESULT archive_open small=<s> city=<s> ratio=<city/small> thousand_records=<s> next_page=<s>``
(thousand_records and next_page in the city store; next_page = one ``fetchMore`` of 50 rows).
"""
import argparse
import datetime as dt
import gc
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap, qgis_app  # noqa: E402

bootstrap()

SMALL_CODE, THOUSAND_CODE = "BENCH-GD-000030", "BENCH-GD-001000"


def _uid(rnd_int: int) -> str:
    return str(uuid.UUID(int=rnd_int, version=4))


def make_store(path: Path, scale: str) -> None:
    from safe_municipal.layers.demo_writer import write_demo_city

    t0 = time.perf_counter()
    counts = write_demo_city(str(path), scale=scale, seed=1, validate=False)
    print(f"wrote {path.name} ({scale}) in {time.perf_counter() - t0:.1f} s: {counts.get('drain_pipe', 0):,} pipes, "
          f"{counts.get('inspection', 0):,} inspections")


def prepare(path: Path, scale: str) -> dict:
    """Write the store (when missing) and its benchmark pipes in a child process, so that the
    generator's garbage does not weigh on the measuring process; returns {code: uid}."""
    subprocess.run([sys.executable, __file__, "--prepare", scale, str(path)], check=True)
    from safe_municipal.layers.gpkg import GpkgStore

    with GpkgStore.open(str(path), writable=False) as store:
        return {r["code"]: r["uid"] for r in store.rows("drain_pipe", "code IN (?, ?)", (SMALL_CODE, THOUSAND_CODE),
                                                        columns=("code", "uid"))}


def add_bench_facilities(path: Path) -> dict:
    """The two benchmark pipes (added once; the same rows in every store). Returns {code: uid}."""
    from safe_municipal.layers.gpkg import GpkgStore

    store = GpkgStore.open(str(path))
    try:
        have = {r["code"]: r["uid"] for r in store.rows("drain_pipe", "code IN (?, ?)", (SMALL_CODE, THOUSAND_CODE),
                                                        columns=("code", "uid"))}
        if len(have) == 2:
            return have
        manholes = list(store.rows("manhole", columns=("uid", "geom"), order_by=("fid",), limit=2))
        minx, miny, maxx, maxy = store.extent()
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        out, n = {}, 0
        with store.audit_suspended():
            for code, inspections, works in ((SMALL_CODE, 30, 30), (THOUSAND_CODE, 1000, 0)):
                n += 1
                fuid = _uid(10_000_000 + n)
                store.insert("drain_pipe", [dict(
                    uid=fuid, code=code, name="基准测试管段", district="西陵区", usage="storm", diameter_mm=800,
                    material="concrete", length_m=40.0, up_manhole_uid=manholes[0]["uid"],
                    down_manhole_uid=manholes[1]["uid"], grade="II", grade_standard="CJJ181-2012",
                    last_inspected="2025-05-01", next_due="2026-05-01",
                    geom=("LineString", [(cx + 40 * n, cy), (cx + 40 * n + 40, cy)]))])
                start = dt.date(2000, 1, 1)
                store.insert("inspection", [dict(
                    uid=_uid(20_000_000 + n * 10_000 + i), facility_uid=fuid, facility_kind="drain_pipe",
                    inspected_on=(start + dt.timedelta(days=7 * i)).isoformat(), inspection_type="cctv",
                    inspector="基准", standard="CJJ181-2012", grade=("I", "II", "III", "IV")[i % 4],
                    indices=json.dumps({"RI": round(i % 9 * 0.9, 2), "MI": 1.0}), summary="CCTV 检测")
                    for i in range(inspections)])
                wuids = [_uid(30_000_000 + n * 10_000 + i) for i in range(works)]
                store.insert("maintenance", [dict(
                    uid=w, facility_uid=fuid, facility_kind="drain_pipe", category="minor", status="done",
                    started_on=(start + dt.timedelta(days=30 * i)).isoformat(),
                    finished_on=(start + dt.timedelta(days=30 * i + 2)).isoformat(), description="管道清疏",
                    contractor="宜昌市政养护公司", cost_yuan=12000.0 + i) for i, w in enumerate(wuids)])
                store.insert("maintenance_material", [dict(
                    uid=_uid(40_000_000 + n * 10_000 + i), maintenance_uid=w, material="磷镁混合料", quantity=1.2,
                    unit="t") for i, w in enumerate(wuids)])
                out[code] = fuid
            store.update_extents()
        return out
    finally:
        store.close()


class Bar:
    def pushMessage(self, title, text, level, duration):  # noqa: N802 - QGIS API
        print(f"message: {title}: {text}")


class Iface:
    """The parts of QgisInterface the archive dock uses."""

    def __init__(self):
        from qgis.gui import QgsMapCanvas
        from qgis.PyQt.QtWidgets import QMainWindow

        self.main = QMainWindow()
        self.canvas = QgsMapCanvas(self.main)
        self.main.setCentralWidget(self.canvas)
        self.main.resize(1400, 900)
        self.bar = Bar()

    def mainWindow(self):  # noqa: N802
        return self.main

    def mapCanvas(self):  # noqa: N802
        return self.canvas

    def messageBar(self):  # noqa: N802
        return self.bar

    def addDockWidget(self, area, dock):  # noqa: N802
        self.main.addDockWidget(area, dock)

    def removeDockWidget(self, dock):  # noqa: N802
        self.main.removeDockWidget(dock)


def settle(app) -> None:
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def open_once(app, iface, path: str, uid: str) -> tuple:
    from safe_municipal.dialogs.archive import close_archive, open_archive

    close_archive(iface)
    settle(app)
    t0 = time.perf_counter()
    dock = open_archive(iface, path, "drain_pipe", uid)
    dock.attachments.finish_thumbnails()
    app.processEvents()
    elapsed = time.perf_counter() - t0
    assert dock.uid == uid and dock.attributes.form is not None, "the archive did not open"
    return elapsed, dock


def measure(app, iface, path: str, uid: str, repeat: int) -> float:
    open_once(app, iface, path, uid)  # warm-up: first use of the layer, the form widgets, the file cache
    return statistics.median(open_once(app, iface, path, uid)[0] for _ in range(repeat))


def measure_reused(app, iface, path: str, uid: str, repeat: int) -> float:
    """Opens in the dock already there (the usual case: the dock stays open between clicks)."""
    from safe_municipal.dialogs.archive import open_archive

    open_archive(iface, path, "drain_pipe", uid)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        dock = open_archive(iface, path, "drain_pipe", uid)
        dock.attachments.finish_thumbnails()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--prepare", nargs=2, metavar=("SCALE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.prepare:
        scale, path = args.prepare[0], Path(args.prepare[1])
        if not path.exists():
            make_store(path, scale)
        add_bench_facilities(path)
        return 0
    app = qgis_app()
    from qgis.core import QgsProject
    from qgis.gui import QgsGui

    from safe_municipal.dialogs.archive import close_archive
    from safe_municipal.layers.project import load_store

    QgsGui.editorWidgetRegistry().initEditors()  # as QGIS does at start-up
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    iface = Iface()
    iface.main.show()
    project = QgsProject.instance()
    figures = {}
    for scale in ("small", "city"):
        path = out / f"archive_{scale}.gpkg"
        uids = prepare(path, scale)
        project.clear()
        settle(app)
        load_store(str(path), project)
        gc.collect()
        figures[scale] = measure(app, iface, str(path), uids[SMALL_CODE], args.repeat)
        figures[scale + "_reused"] = measure_reused(app, iface, str(path), uids[SMALL_CODE], args.repeat)
        thousand = measure(app, iface, str(path), uids[THOUSAND_CODE], args.repeat)
        _, dock = open_once(app, iface, str(path), uids[THOUSAND_CODE])
        model = dock.inspections.model
        assert (model.rowCount(), model.total) == (50, 1000)
        pages = []
        while model.canFetchMore() and len(pages) < 10:
            t0 = time.perf_counter()
            model.fetchMore()
            app.processEvents()
            pages.append(time.perf_counter() - t0)
        figures[scale + "_thousand"] = thousand
        figures[scale + "_page"] = statistics.median(pages)
        print(f"{scale:5s}: open 30+30 records {figures[scale] * 1000:7.1f} ms (new dock), "
              f"{figures[scale + '_reused'] * 1000:6.1f} ms (dock reused); open 1,000 records "
              f"{thousand * 1000:7.1f} ms; next page of 50 {figures[scale + '_page'] * 1000:6.2f} ms "
              f"({path.stat().st_size / 1e6:.0f} MB store)")
        close_archive(iface)
        settle(app)
    ratio = figures["city"] / figures["small"]
    reused = figures["city_reused"] / figures["small_reused"]
    print(f"RESULT archive_open small={figures['small']:.4f} city={figures['city']:.4f} ratio={ratio:.2f} "
          f"thousand_records={figures['city_thousand']:.4f} next_page={figures['city_page']:.4f} "
          f"reused_small={figures['small_reused']:.4f} reused_city={figures['city_reused']:.4f} "
          f"reused_ratio={reused:.2f}")
    project.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
