#!/usr/bin/env python3
"""`make demo`: write the demo city store and a project that opens fully styled.

Writes ``<out>/demo.gpkg`` and ``<out>/demo.qgz``.
"""
import argparse
import sys
import time
from pathlib import Path

from _bootstrap import bootstrap, qgis_app

bootstrap()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="demo-output")
    ap.add_argument("--scale", default="medium")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = qgis_app()
    from qgis.core import QgsProject

    from safe_municipal.layers.demo_writer import write_demo_city
    from safe_municipal.layers.project import load_store

    store = out / "demo.gpkg"
    t0 = time.perf_counter()
    counts = write_demo_city(str(store), scale=args.scale, seed=args.seed)
    t1 = time.perf_counter()
    project = QgsProject.instance()
    project.clear()
    project.setTitle("平安市政 — 宜昌演示城市 (demo city)")
    load_store(str(store), project)
    qgz = out / "demo.qgz"
    if not project.write(str(qgz)):
        sys.stderr.write(f"could not write {qgz}: {project.error()}\n")
        return 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    sys.stdout.write(f"Demo city ({args.scale}, seed {args.seed}) in {t1 - t0:.1f} s: {summary}\n")
    sys.stdout.write(f"Store:   {store}\nProject: {qgz}\n")
    project.clear()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
