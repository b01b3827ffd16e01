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
    ap.add_argument("--locale", default="zh_CN", help="language of layer names and legends (default zh_CN)")
    args = ap.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = qgis_app()
    from qgis.core import QgsProject, QgsRectangle, QgsReferencedRectangle

    from safe_municipal.i18n import install_translator
    from safe_municipal.layers.demo_writer import write_demo_city
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.project import load_store
    from safe_municipal.settings import set_project_store_path

    # The demo city is Yichang's: its layer names and legends are written in Chinese.
    translator = install_translator(args.locale)  # noqa: F841 - must stay alive while the project is built

    store = out / "demo.gpkg"
    t0 = time.perf_counter()
    counts = write_demo_city(str(store), scale=args.scale, seed=args.seed)
    t1 = time.perf_counter()
    project = QgsProject.instance()
    project.clear()
    project.setTitle("平安市政 — 宜昌演示城市 (demo city)")
    loaded = load_store(str(store), project)
    set_project_store_path(project, str(store))
    # Open on the city centre (西陵区, 伍家岗区 and 点军区 across the river), not the whole spread.
    with GpkgStore.open(str(store), writable=False) as s:
        box = s.execute("SELECT min(minx), min(miny), max(maxx), max(maxy) FROM rtree_drain_pipe_geom r "
                        "JOIN drain_pipe d ON d.fid = r.id WHERE d.district IN ('西陵区', '伍家岗区', '点军区')"
                        ).fetchone()
    if box[0] is not None:
        rect = QgsRectangle(*box)
        rect.scale(1.05)
        project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(rect, loaded.crs))
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
