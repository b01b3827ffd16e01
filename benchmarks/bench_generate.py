"""Benchmark: generate the demo city into a store, then copy the result with ogr2ogr as a baseline.

    .venv/bin/python benchmarks/bench_generate.py [--scale city] [--seed 1] [--no-validate] [--keep DIR]

Times three things on the same machine in the same run:

- generation alone (iterating ``core.demo.generate``, no store);
- ``write_demo_city`` into a fresh GeoPackage (generation + validation + insert, one transaction);
- ``ogr2ogr -f GPKG copy.gpkg city.gpkg`` of that file (GDAL reading and writing the same data).

and prints them with the ratio write / ogr2ogr, then one machine-readable line::

    RESULT generate_city seconds=… generate_only=… baseline_ogr2ogr=… ratio=… rows=… pipes=…

Run from the repository root; the repository is made importable as package
``safe_municipal`` the same way tests/conftest.py does it.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap as _importable  # noqa: E402 - the checkout as package safe_municipal


def _time_generation(scale: str, seed: int) -> tuple:
    from safe_municipal.core.demo import generate

    start = time.perf_counter()
    rows = 0
    for _, batch in generate(scale, seed):
        rows += len(batch)
    return time.perf_counter() - start, rows


def _time_write(path: Path, scale: str, seed: int, validate: bool) -> tuple:
    from safe_municipal.layers.demo_writer import write_demo_city

    start = time.perf_counter()
    counts = write_demo_city(str(path), scale=scale, seed=seed, validate=validate)
    return time.perf_counter() - start, counts


def _time_ogr2ogr(src: Path, dst: Path) -> float:
    if shutil.which("ogr2ogr") is None:
        raise SystemExit("ogr2ogr not found (install gdal-bin)")
    start = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(dst), str(src)], check=True)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="city", help="demo scale (tiny, small, medium, city); default city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-validate", action="store_true", help="skip the store's row validation")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated store and its copy in DIR")
    args = parser.parse_args(argv)
    _importable()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sm-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    store, copy = work / f"{args.scale}.gpkg", work / "copy.gpkg"
    for p in (store, copy):
        p.unlink(missing_ok=True)
    try:
        gen_s, rows = _time_generation(args.scale, args.seed)
        write_s, counts = _time_write(store, args.scale, args.seed, not args.no_validate)
        ogr_s = _time_ogr2ogr(store, copy)
        size_mb = store.stat().st_size / 1e6
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    ratio = write_s / ogr_s if ogr_s > 0 else float("inf")
    print(f"scale {args.scale}, seed {args.seed}: {rows:,} rows, {counts.get('drain_pipe', 0):,} pipe segments, "
          f"{size_mb:.1f} MB")
    for table, n in counts.items():
        print(f"  {table:22s} {n:>9,}")
    print(f"generation only             {gen_s:8.2f} s")
    label = "write_demo_city" + (" (no valid.)" if args.no_validate else "")
    print(f"{label:27s} {write_s:8.2f} s")
    print(f"ogr2ogr -f GPKG copy        {ogr_s:8.2f} s")
    print(f"ratio write / ogr2ogr       {ratio:8.2f}")
    print(f"RESULT generate_{args.scale} seconds={write_s:.2f} generate_only={gen_s:.2f} "
          f"baseline_ogr2ogr={ogr_s:.2f} ratio={ratio:.2f} rows={rows} pipes={counts.get('drain_pipe', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
