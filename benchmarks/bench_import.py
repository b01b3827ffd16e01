"""Benchmark: import 100,000 surveyed pipes from a Shapefile against ``ogr2ogr -f GPKG`` of the same file.

    .venv/bin/python benchmarks/bench_import.py [--features 100000] [--seed 1] [--repeat 3] [--keep DIR]

Writes a surveyor's Shapefile with OGR (EPSG:4546 with its .prj, GBK text with a .cpg, Chinese field
names: 管线编号, 管径, 材质, 类别, 起点埋深, 终点埋深, 建设年代, 长度, 所在道路, 备注; lines of 2–4 vertices),
then times, in the same command and on the same file:

- ``ogr2ogr -f GPKG out.gpkg pipes.shp`` (a process; GDAL's own copy: no validation, no field
  mapping, no indexes but the R-tree);
- ``import_facilities(store, pipes.shp, "drain_pipe")`` into a fresh empty store (in this process,
  its modules already imported; opening the store included): the field map guessed from the Chinese
  names, values normalised (钢筋混凝土 → concrete, 雨水 → storm), every row validated, codes checked for
  duplicates, geometries checked, written in one transaction with the store's indexes and R-tree.

and prints one machine-readable line::

    RESULT import seconds=… ogr2ogr=… ratio=… cpu=… features=… runs=…

``--repeat N`` repeats both timings and reports the median run (machines here are noisy); ``cpu`` is
the import's process CPU time. Variants: ``--epsg 4326`` writes the file in WGS 84 (every feature then
transformed to the store's CRS, ogr2ogr still copies without transforming); ``--writer candidates``
forces the general writer (``write_candidates``, a dict per row) instead of the columnar append.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap as _importable  # noqa: E402 - the checkout as package safe_municipal

FIELDS = (("管线编号", "String", 20), ("管径", "Integer", 0), ("材质", "String", 20), ("类别", "String", 10),
          ("起点埋深", "Real", 0), ("终点埋深", "Real", 0), ("建设年代", "Integer", 0), ("长度", "Real", 0),
          ("所在道路", "String", 40), ("备注", "String", 60))
MATERIALS = ("钢筋混凝土", "HDPE", "PVC", "球墨铸铁", "砖砌", "砼")
USAGES = ("雨水", "污水", "合流")
ROADS = ("沿江大道", "夷陵大道", "东山大道", "城东大道", "发展大道", "港窑路", "西陵一路")


def write_shapefile(path: Path, n: int, seed: int, epsg: int = 4546) -> None:
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4546)
    out = osr.SpatialReference()
    out.ImportFromEPSG(epsg)
    for s in (srs, out):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(srs, out) if epsg != 4546 else None
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    lyr = ds.CreateLayer(path.stem, out, ogr.wkbLineString, options=["ENCODING=GBK"])
    for name, kind, width in FIELDS:
        fd = ogr.FieldDefn(name, getattr(ogr, "OFT" + kind))
        if kind == "Real":
            fd.SetWidth(10)
            fd.SetPrecision(2)
        elif width:
            fd.SetWidth(width)
        lyr.CreateField(fd)
    rnd = random.Random(seed)
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for i in range(n):
        f = ogr.Feature(defn)
        x, y = 520000 + rnd.random() * 20000, 3385000 + rnd.random() * 20000
        g = ogr.Geometry(ogr.wkbLineString)
        g.AddPoint_2D(x, y)
        for _ in range(rnd.randint(1, 3)):
            x, y = x + rnd.uniform(-40, 40), y + rnd.uniform(-40, 40)
            g.AddPoint_2D(x, y)
        f.SetGeometryDirectly(g)
        f.SetField(0, f"YS{i:07d}")
        f.SetField(1, rnd.choice((300, 400, 500, 600, 800, 1000, 1200)))
        f.SetField(2, rnd.choice(MATERIALS))
        f.SetField(3, rnd.choice(USAGES))
        f.SetField(4, round(rnd.uniform(1, 4), 2))
        f.SetField(5, round(rnd.uniform(1, 4), 2))
        f.SetField(6, rnd.randint(1980, 2024))
        f.SetField(7, round(g.Length(), 2))
        if ct is not None:
            g.Transform(ct)
        f.SetField(8, rnd.choice(ROADS))
        if rnd.random() < 0.1:
            f.SetField(9, "汛前清疏")
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--features", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=1, help="runs; the median ratio is reported")
    p.add_argument("--keep", help="directory to keep the Shapefile and the store in")
    p.add_argument("--epsg", type=int, default=4546, help="CRS of the Shapefile (4326: every row transformed)")
    p.add_argument("--writer", choices=("auto", "candidates"), default="auto",
                   help="candidates: force write_candidates (a dict per row) instead of the columnar append")
    a = p.parse_args()
    _importable()
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.importer import import_facilities

    tmp = Path(tempfile.mkdtemp(prefix="sm_bench_import_"))
    try:
        shp = tmp / "pipes.shp"
        start = time.perf_counter()
        write_shapefile(shp, a.features, a.seed, a.epsg)
        print(f"{a.features} pipes written to a Shapefile in {time.perf_counter() - start:.1f} s")
        runs = []
        for k in range(a.repeat):
            out = tmp / "ogr2ogr.gpkg"
            out.unlink(missing_ok=True)
            wall = time.perf_counter()
            subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), str(shp)], check=True)
            baseline = time.perf_counter() - wall
            store_path = tmp / "store.gpkg"
            GpkgStore.create(str(store_path), overwrite=True).close()
            wall, cpu = time.perf_counter(), time.process_time()
            with GpkgStore.open(str(store_path)) as store:
                report = import_facilities(store, str(shp), "drain_pipe",
                                           fast_rows=10 ** 12 if a.writer == "candidates" else None)
                seconds, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
                count = store.count("drain_pipe")
                sample = next(store.rows("drain_pipe", "code = ?", ("YS0000000",)))
            if count != a.features or report.rejected or not report.written:
                print(f"import incomplete: {count} rows, {len(report.rejected)} rejections: {report.summary()}")
                return 1
            if sample["usage"] not in ("storm", "sewage", "combined") or sample["material"] is None:
                print(f"values not normalised: {sample}")
                return 1
            runs.append((seconds / baseline, seconds, baseline, cpu_s))
            print(f"run {k + 1}: import {seconds:.2f} s (cpu {cpu_s:.2f}), ogr2ogr {baseline:.2f} s, "
                  f"ratio {seconds / baseline:.2f}")
        print("field map: " + ", ".join(f"{f} ← {s}" for f, s in report.field_map.items()))
        ratio, seconds, baseline, cpu_s = sorted(runs)[len(runs) // 2]
        variant = "" if (a.epsg, a.writer) == (4546, "auto") else f" epsg={a.epsg} writer={a.writer}"
        print(f"RESULT import seconds={seconds:.2f} ogr2ogr={baseline:.2f} ratio={ratio:.2f} cpu={cpu_s:.2f} "
              f"features={a.features} runs={len(runs)}{variant}")
        if a.keep:
            Path(a.keep).mkdir(parents=True, exist_ok=True)
            for f in tmp.iterdir():
                shutil.copyfile(f, Path(a.keep) / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
