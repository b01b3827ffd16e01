"""Benchmark: 100 health books (atlas, one PDF) against a bare atlas of the same 100 pages holding just a map.

    .venv/bin/python benchmarks/bench_health_books.py [--scale small] [--kind drain_pipe] [--n 100] [--store PATH]

Writes the demo city of ``--scale`` (default ``small``) into a fresh store and assesses it (or copies
``--store``), then times, in the same process, on the same store and the same ``--n`` facilities
(``"fid" <= n`` of ``--kind``):

- ``health_books``: ``reports.health_book.export_health_books`` — a fresh project holding the store's
  facility layers (``load_print_layers``), the sheet, the record snapshot, charts and photos, the
  template, the atlas exported to one PDF;
- ``bare``: a fresh project from the store (``load_store``: every table), an A4 layout holding only the
  location map (same size, layers, scales and PDF settings), an atlas over the facility layer filtered
  the same way, exported to one PDF;

and prints one machine-readable line::

    RESULT health_books seconds=… bare=… ratio=… ratio_min=… cpu_ratio=… cpu_ratio_min=… pages=… …

Target: ratio ≤ 2. ``--repeat N``: ``ratio`` and ``cpu_ratio`` are the medians of the runs' ratios of
wall and CPU (this process's) time, ``…_min`` the smallest; ``seconds`` and ``bare`` are the times of
the run with the median wall ratio. The machine is shared: the CPU ratio moves less with other jobs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap as _importable  # noqa: E402 - the checkout as package safe_municipal


def bare_atlas(store_path: str, kind: str, where: str, out_pdf: str) -> None:
    from qgis.core import (
        QgsExpression,
        QgsLayoutExporter,
        QgsLayoutItemMap,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsRectangle,
        QgsUnitTypes,
    )

    from safe_municipal.layers.project import load_store
    from safe_municipal.reports import health_book as hb

    project = QgsProject()
    try:
        loaded = load_store(store_path, project)
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        layout.pageCollection().page(0).setPageSize(QgsLayoutSize(hb.PAGE_W, hb.PAGE_H))
        layout.renderContext().setPredefinedScales([float(s) for s in hb.MAP_SCALES])
        m = QgsLayoutItemMap(layout)
        x, y, w, h = hb.BOX[hb.ITEM_MAP]
        mm = QgsUnitTypes.LayoutUnit.LayoutMillimeters
        m.attemptMove(QgsLayoutPoint(x, y, mm))
        m.attemptResize(QgsLayoutSize(w, h, mm))
        m.setExtent(QgsRectangle(0, 0, w, h))
        m.attemptResize(QgsLayoutSize(w, h, mm))
        m.setCrs(loaded.crs)
        m.setLayers(hb.map_layers(project, loaded))
        m.setKeepLayerSet(True)
        m.setAtlasDriven(True)
        m.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Predefined)
        layout.addLayoutItem(m)
        atlas = layout.atlas()
        atlas.setCoverageLayer(loaded.layers[kind])
        atlas.setEnabled(True)
        atlas.setFilterFeatures(True)
        atlas.setFilterExpression(where)
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"code"')
        assert not QgsExpression(where).hasParserError()
        result, error = QgsLayoutExporter.exportToPdf(atlas, out_pdf, hb.pdf_settings())
        if result != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(error)
    finally:
        project.clear()


def pages(pdf: str) -> int:
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="small")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--kind", default="drain_pipe")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--store", help="an existing (assessed) demo store to copy instead of generating one")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--keep", help="directory to keep the two PDFs in")
    a = p.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _importable()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.reports.health_book import export_health_books

    tmp = Path(tempfile.mkdtemp(prefix="sm_bench_books_"))
    try:
        store = tmp / f"{a.scale}.gpkg"
        if a.store:
            shutil.copyfile(a.store, store)
        else:
            start = time.perf_counter()
            write_demo_city(str(store), a.scale, a.seed, validate=False)
            with GpkgStore.open(str(store)) as s:
                assess_network(s, as_of="2025-12-31")
            print(f"demo city {a.scale} written and assessed in {time.perf_counter() - start:.1f} s")
        where = f'"fid" <= {int(a.n)}'
        runs = []
        for k in range(a.repeat):
            books, bare = tmp / f"books{k}.pdf", tmp / f"bare{k}.pdf"
            start, cpu = time.perf_counter(), time.process_time()
            export_health_books(str(store), a.kind, str(books), where)
            seconds, books_cpu = time.perf_counter() - start, time.process_time() - cpu
            start, cpu = time.perf_counter(), time.process_time()
            bare_atlas(str(store), a.kind, where, str(bare))
            bare_s, bare_cpu = time.perf_counter() - start, time.process_time() - cpu
            n_books, n_bare = pages(str(books)), pages(str(bare))
            assert n_books == n_bare, (n_books, n_bare)
            runs.append((seconds / bare_s, seconds, bare_s, n_books, books_cpu / bare_cpu))
            print(f"run {k + 1}: health books {seconds:.2f} s ({n_books} pages, "
                  f"{books.stat().st_size / 1e6:.1f} MB); bare atlas {bare_s:.2f} s ({n_bare} pages, "
                  f"{bare.stat().st_size / 1e6:.1f} MB); CPU {books_cpu:.2f} s vs {bare_cpu:.2f} s")
            if a.keep:
                Path(a.keep).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(books, Path(a.keep) / "health_books.pdf")
                shutil.copyfile(bare, Path(a.keep) / "bare_atlas.pdf")
        ratio, seconds, bare_s, n, _cpu = sorted(runs)[len(runs) // 2]
        cpu_ratios = sorted(r[4] for r in runs)
        print(f"RESULT health_books seconds={seconds:.2f} bare={bare_s:.2f} ratio={ratio:.2f} "
              f"ratio_min={min(r[0] for r in runs):.2f} cpu_ratio={cpu_ratios[len(runs) // 2]:.2f} "
              f"cpu_ratio_min={cpu_ratios[0]:.2f} pages={n} scale={a.scale} kind={a.kind} runs={len(runs)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
