#!/usr/bin/env python3
"""Benchmark: the same work on PostGIS and on GeoPackage, same data (issue 8, "Performance").

    .venv/bin/python benchmarks/bench_pg.py [--scale city|small|tiny] [--repeat 3] [--sample 50] [--json out.json]

Writes the demo city of ``--scale`` (``write_demo_city``, seed 1, ``benchmarks/out/pg_<scale>.gpkg``,
reused when present), starts a throwaway PostgreSQL cluster (``scripts/pg_cluster.py``: loopback, fsync
off) and copies the store into a PostGIS schema (``copy_store``). Then, in this one process, for each
backend:

(a) **archive open** — what the archive dock reads when a user opens a facility's archive
    (``dialogs/archive/dock.py`` ``load``/``_fill``, without the Qt widgets): ``Archive.facility``,
    ``current_state``, count and first page (50) of inspections, maintenance works (+ their materials,
    one IN query), waterlogging events (+ judgements) for waterlogging points, attachments,
    ``grade_history``, ``connections`` and ``facility_history`` (200); ``--sample`` facilities spread
    over every facility kind (the same uids on both). Two ways: *kept* — one store for all of them, as
    the dock keeps its store while the reference stays the same (``_open_store``) — and *cold* — the
    store opened by reference and closed for every facility (a new connection each time: the dock's
    first open, or after it was closed);
(b) **assess_network** over the whole store, on a fresh copy for every run (GeoPackage: a file copy;
    PostGIS: a new schema filled by ``copy_store``), so both do the first-run work (every facility
    assessed and written); the results are compared (assessed/changed/updated counts must match).

Each figure is the minimum of ``--repeat`` runs: wall time and this process's CPU time; on PostGIS
also the server backend's CPU time (``/proc/<pid>/stat`` of ``pg_backend_pid()``: the server works in
another process). Prints the ratios PostGIS / GeoPackage and one line::

    RESULT pg_vs_gpkg … archive_ratio=… archive_cold_ratio=… assess_gpkg=… assess_pg=… assess_ratio=… …
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap  # noqa: E402

bootstrap()

PAGE, HISTORY = 50, 200  # the dock's page size and history limit
TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """User + system CPU seconds of a server process (0 when /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def server_pid(store) -> int:
    return store.execute("SELECT pg_backend_pid()").fetchone()[0] if store.backend == "postgis" else 0


# --------------------------------------------------------------------------- (a) archive open
def sample_facilities(path: str, n: int, seed: int = 1) -> list:
    """[(kind, uid)]: ``n`` facilities spread over every facility kind, reproducibly."""
    from safe_municipal.core import schema as S
    from safe_municipal.layers.gpkg import GpkgStore

    rnd = random.Random(seed)
    out = []
    with GpkgStore.open(path, writable=False) as g:
        kinds = [t.name for t in S.FACILITY_TABLES if g.count(t.name)]
        for i, kind in enumerate(kinds):
            want = n // len(kinds) + (1 if i < n % len(kinds) else 0)
            uids = sorted(r["uid"] for r in g.rows(kind, columns=("uid",)))
            out += [(kind, u) for u in rnd.sample(uids, min(want, len(uids)))]
    return out


def read_archive(store, kind: str, uid: str) -> int:
    """What the dock reads to show one facility (``load``/``_fill``); returns the rows read."""
    from safe_municipal.layers.archive import Archive

    archive = Archive(store)
    facility = archive.facility(kind, uid)
    archive.current_state(kind, facility)
    n = 1
    tables = ["inspection", "maintenance"] + (["waterlogging_event"] if kind == "waterlogging_point" else [])
    for table in tables + ["attachment"]:
        archive.record_count(table, uid)
        rows = archive.records(table, uid, 0, PAGE)
        n += len(rows)
        if table == "maintenance" and rows:
            uids = [r["uid"] for r in rows]
            n += len(list(store.rows("maintenance_material", f"maintenance_uid IN ({', '.join('?' * len(uids))})",
                                     uids, order_by=("fid",))))
        if table == "waterlogging_event" and rows:
            archive.event_judgements(uid, rows)
    n += len(archive.grade_history(uid)) + len(archive.connections(kind, uid))
    return n + len(archive.facility_history(uid, HISTORY))


def open_archive(ref: str, kind: str, uid: str) -> tuple:
    """The store opened for this one archive, read, closed: (rows read, seconds, server CPU s)."""
    from safe_municipal.layers.store_ref import open_store

    t0 = time.perf_counter()
    store = open_store(ref)
    n = read_archive(store, kind, uid)
    seconds = time.perf_counter() - t0
    cpu = backend_cpu(server_pid(store)) if store.backend == "postgis" else 0.0
    store.close()
    return n, seconds, cpu


def bench_archive(ref: str, sample: list, repeat: int, skip: set, reuse: bool) -> dict:
    """``reuse``: one store for the whole sample (the dock keeps its store while the reference stays
    the same); else a store opened and closed for every facility (a cold open: new connection)."""
    from safe_municipal.layers.store_ref import open_store

    runs = []
    for _ in range(repeat):
        wall, cpu0, server, rows = 0.0, time.process_time(), 0.0, 0
        store = open_store(ref) if reuse else None
        pid = server_pid(store) if reuse else 0
        s0 = backend_cpu(pid) if pid else 0.0
        for kind, uid in sample:
            if (kind, uid) in skip:
                continue
            if reuse:
                t0 = time.perf_counter()
                n, s, c = read_archive(store, kind, uid), 0.0, 0.0
                s = time.perf_counter() - t0
            else:
                n, s, c = open_archive(ref, kind, uid)
            wall, server, rows = wall + s, server + c, rows + n
        if reuse:
            server = backend_cpu(pid) - s0 if pid else 0.0
            store.close()
        runs.append({"wall": wall, "cpu": time.process_time() - cpu0, "server_cpu": server, "rows": rows})
    return best(runs)


def best(runs: list) -> dict:
    b = min(runs, key=lambda r: r["wall"])
    return {**b, "runs": [round(r["wall"], 4) for r in runs]}


# --------------------------------------------------------------------------- (b) assess_network
def assess_once(store) -> dict:
    from safe_municipal.layers.assess import assess_network

    pid = server_pid(store)
    s0 = backend_cpu(pid) if pid else 0.0
    t0, c0 = time.perf_counter(), time.process_time()
    result = assess_network(store)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"wall": wall, "cpu": cpu, "server_cpu": (backend_cpu(pid) - s0) if pid else 0.0,
            "work": {k: result[k] for k in ("assessed", "changed", "skipped", "updated")},
            "phases": {k: round(v, 2) for k, v in result.get("seconds", {}).items()}}


def bench_assess(gpkg: Path, cluster, epsg: int, tmp: Path, repeat: int) -> dict:
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_ref import open_store

    out = {"gpkg": [], "pg": [], "copy_seconds": []}
    for i in range(repeat):
        copy = tmp / f"assess_{i}.gpkg"
        shutil.copyfile(gpkg, copy)
        with GpkgStore.open(str(copy)) as g:
            out["gpkg"].append(assess_once(g))
        copy.unlink()
        ref, seconds = pg_copy(gpkg, cluster, epsg, f"sm_bench_assess_{i}")
        out["copy_seconds"].append(round(seconds, 2))
        with open_store(ref) as p:
            out["pg"].append(assess_once(p))
        drop_schema(cluster, f"sm_bench_assess_{i}")
    for g, p in zip(out["gpkg"], out["pg"]):
        if g["work"] != p["work"]:
            raise SystemExit(f"assess_network did different work: GeoPackage {g['work']}, PostGIS {p['work']}")
    return {"gpkg": best(out["gpkg"]), "pg": best(out["pg"]), "copy_seconds": out["copy_seconds"]}


# --------------------------------------------------------------------------- stores
def make_gpkg(path: Path, scale: str) -> None:
    """Write the demo city in a child process (its garbage stays out of the measuring process)."""
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--prepare", scale, str(path)], check=True)


def pg_copy(gpkg: Path, cluster, epsg: int, schema: str) -> tuple:
    """(reference, seconds): a new store schema holding a copy of the GeoPackage."""
    import psycopg2
    from psycopg2.extensions import parse_dsn

    from safe_municipal.layers import pg_schema
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_copy import copy_store
    from safe_municipal.layers.store_ref import open_store

    conn = psycopg2.connect(cluster.dsn)
    try:
        pg_schema.create_schema(conn, epsg, schema=schema)
    finally:
        conn.close()
    d = parse_dsn(cluster.dsn)
    ref = f"host={d['host']} port={d['port']} dbname={d['dbname']} user={d['user']} schema={schema}"
    t0 = time.perf_counter()
    with GpkgStore.open(str(gpkg), writable=False) as src, open_store(ref) as dst:
        copy_store(src, dst)
        dst.execute("ANALYZE")  # fresh statistics, as autovacuum would give a store in use
    return ref, time.perf_counter() - t0


def drop_schema(cluster, schema: str) -> None:
    cluster.psql(f'DROP SCHEMA "{schema}" CASCADE', database=cluster.database)


def ratio(pg: dict, gp: dict, key: str = "wall") -> float:
    return pg[key] / gp[key] if gp[key] else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", default="city", help="demo city scale: tiny, small, medium or city (default)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=50, help="facilities opened in the archive per run")
    ap.add_argument("--store", help="use this GeoPackage store instead of a demo city")
    ap.add_argument("--skip-assess", action="store_true", help="archive open only")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--prepare", nargs=2, metavar=("SCALE", "PATH"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    from safe_municipal.layers.demo_writer import write_demo_city

    if a.prepare:
        t0 = time.perf_counter()
        write_demo_city(a.prepare[1], a.prepare[0], seed=1, validate=False)
        print(f"demo city {a.prepare[0]} written in {time.perf_counter() - t0:.1f} s")
        return 0
    import pg_cluster

    from safe_municipal.core import schema as S
    from safe_municipal.layers.gpkg import GpkgStore

    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    gpkg = Path(a.store) if a.store else out_dir / f"pg_{a.scale}.gpkg"
    if not a.store:
        make_gpkg(gpkg, a.scale)
    with GpkgStore.open(str(gpkg), writable=False) as g:
        epsg = g.epsg
        rows = sum(g.count(t.name) for t in S.TABLES)
    try:
        cluster = pg_cluster.start()
    except pg_cluster.ClusterError as e:
        print(f"skipped: PostgreSQL/PostGIS cannot be started: {e}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="sm_bench_pg_"))
    figures = {"scale": a.scale, "repeat": a.repeat, "store": str(gpkg)}
    try:
        ref, seconds = pg_copy(gpkg, cluster, epsg, "sm_bench")
        figures["copy_seconds"] = round(seconds, 2)
        print(f"copy_store GeoPackage → PostGIS: {seconds:.1f} s ({gpkg.stat().st_size / 1e6:.0f} MB store)")
        sample = sample_facilities(str(gpkg), a.sample)
        skip = {}
        for kind, uid in sample:  # warm-up on both, and what does not work on a backend is left out of both
            for r in (str(gpkg), ref):
                try:
                    open_archive(r, kind, uid)
                except Exception as e:  # noqa: BLE001 - reported, the facility left out
                    skip[(kind, uid)] = f"{kind} on {'PostGIS' if r == ref else 'GeoPackage'}: {type(e).__name__}: {e}"
        for why in sorted(set(skip.values())):
            print(f"left out of the archive sample: {why}")
        opened = len(sample) - len(skip)
        figures["archive"] = {"facilities": opened, "kinds": sorted({k for k, _ in sample}),
                              "left_out": sorted(set(skip.values()))}
        for mode, reuse in (("kept", True), ("cold", False)):
            arch = {"gpkg": bench_archive(str(gpkg), sample, a.repeat, set(skip), reuse),
                    "pg": bench_archive(ref, sample, a.repeat, set(skip), reuse)}
            arch["ratio"] = ratio(arch["pg"], arch["gpkg"])
            figures["archive"][mode] = arch
            what = "store kept open (the dock)" if reuse else "store opened per facility"
            for name in ("gpkg", "pg"):
                f = arch[name]
                print(f"archive open, {what}, {name:4s}: {f['wall'] / max(opened, 1) * 1000:6.2f} ms per facility "
                      f"({opened}: {f['wall'] * 1000:.0f} ms; CPU here {f['cpu'] * 1000:.0f} ms, server "
                      f"{f['server_cpu'] * 1000:.0f} ms; {f['rows']} rows; runs {f['runs']})")
            print(f"archive open ratio PostGIS/GeoPackage, {what}: {arch['ratio']:.2f}")
        drop_schema(cluster, "sm_bench")
        if not a.skip_assess:
            ass = bench_assess(gpkg, cluster, epsg, tmp, a.repeat)
            ass["ratio"] = ratio(ass["pg"], ass["gpkg"])
            ass["cpu_ratio"] = (ass["pg"]["cpu"] + ass["pg"]["server_cpu"]) / ass["gpkg"]["cpu"]
            figures["assess"] = ass
            for name in ("gpkg", "pg"):
                f = ass[name]
                print(f"assess_network {name:4s}: {f['wall']:.2f} s (CPU here {f['cpu']:.2f} s, server "
                      f"{f['server_cpu']:.2f} s; {f['work']}; phases {f['phases']}; runs {f['runs']})")
            print(f"assess_network ratio PostGIS/GeoPackage: {ass['ratio']:.2f} (CPU both processes "
                  f"{ass['cpu_ratio']:.2f}); copies to PostGIS took {ass['copy_seconds']} s")
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    arch = figures["archive"]
    line = (f"RESULT pg_vs_gpkg scale={a.scale} rows={rows} archive_gpkg={arch['kept']['gpkg']['wall']:.4f} "
            f"archive_pg={arch['kept']['pg']['wall']:.4f} archive_ratio={arch['kept']['ratio']:.2f} "
            f"archive_cold_ratio={arch['cold']['ratio']:.2f}")
    if "assess" in figures:
        ass = figures["assess"]
        line += (f" assess_gpkg={ass['gpkg']['wall']:.2f} assess_pg={ass['pg']['wall']:.2f} "
                 f"assess_ratio={ass['ratio']:.2f} assess_cpu_ratio={ass['cpu_ratio']:.2f}")
    print(line)
    if a.json:
        Path(a.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
