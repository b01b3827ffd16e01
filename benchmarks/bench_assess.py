"""Benchmark: assess the whole network (体检) against just reading the rows it grades from.

    .venv/bin/python benchmarks/bench_assess.py [--scale city] [--seed 1] [--store PATH] [--keep DIR]

Writes the demo city of ``--scale`` into a fresh store (or copies ``--store``), then times, in
the same process and on the same file:

- reading: for every graded kind, the facilities, the latest gradable inspection of each, that
  inspection's detail rows, waterlogging events and the latest assessments, into Python rows
  (``layers.assess.read_kind``: the queries ``assess_network`` itself runs);
- ``assess_network`` on the fresh store (every facility gets an assessment row and a facility update,
  audited);
- ``assess_network`` again (unchanged data: nothing is written).

and prints one machine-readable line::

    RESULT assess_network seconds=… read_only=… ratio=… rerun=… cpu_ratio=… runs=… facilities=… defects=…

``--repeat N`` repeats the three timings on fresh copies of the store and reports the median run
(machines here are noisy); ``cpu_ratio`` is the same ratio in process CPU time (both threads).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap as _importable  # noqa: E402 - the checkout as package safe_municipal


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", default="city")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--store", help="an existing demo store to copy instead of generating one")
    p.add_argument("--keep", help="directory to keep the assessed store in")
    p.add_argument("--repeat", type=int, default=1, help="runs on fresh copies; the median ratio is reported")
    a = p.parse_args()
    _importable()
    from safe_municipal.core.assessment_inputs import ASSESSED_KINDS
    from safe_municipal.layers.assess import assess_network, read_kind
    from safe_municipal.layers.demo_writer import write_demo_city
    from safe_municipal.layers.gpkg import GpkgStore

    tmp = Path(tempfile.mkdtemp(prefix="sm_bench_assess_"))
    path = tmp / f"{a.scale}.gpkg"
    try:
        source = tmp / "source.gpkg"
        if a.store:
            shutil.copyfile(a.store, source)
        else:
            start = time.perf_counter()
            write_demo_city(str(source), a.scale, a.seed, validate=False)
            print(f"demo city {a.scale} written in {time.perf_counter() - start:.1f} s")
        shutil.copyfile(source, path)
        as_of = "2025-12-31"
        runs = []
        for k in range(a.repeat):
            if k:
                shutil.copyfile(source, path)
            with GpkgStore.open(str(path)) as store:
                facilities = sum(store.count(kd) for kd in ASSESSED_KINDS)
                defects = store.count("pipe_defect")
                wall, cpu = time.perf_counter(), time.process_time()
                for kind in ASSESSED_KINDS:
                    read_kind(store, kind, as_of)
                read_only, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
                wall, cpu = time.perf_counter(), time.process_time()
                first = assess_network(store, as_of=as_of)
                seconds, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
                wall = time.perf_counter()
                second = assess_network(store, as_of=as_of)
                rerun = time.perf_counter() - wall
            runs.append((seconds / read_only, seconds, read_only, rerun, cpu_s / read_cpu))
            print(f"run {k + 1}: read only {read_only:.2f} s (cpu {read_cpu:.2f}); assess_network {seconds:.2f} s "
                  f"(cpu {cpu_s:.2f}; assessed {first['assessed']}, written {first['changed']}, skipped "
                  f"{first['skipped']}; " + ", ".join(f"{n} {v:.2f} s" for n, v in first["seconds"].items())
                  + f"); again {rerun:.2f} s (written {second['changed']}, updated {second['updated']})")
        ratio, seconds, read_only, rerun, cpu_ratio = sorted(runs)[len(runs) // 2]  # the median run
        print(f"facilities {facilities}, pipe defects {defects}")
        print(f"RESULT assess_network seconds={seconds:.2f} read_only={read_only:.2f} ratio={ratio:.2f} "
              f"rerun={rerun:.2f} cpu_ratio={cpu_ratio:.2f} runs={len(runs)} facilities={facilities} "
              f"defects={defects}")
        if a.keep:
            Path(a.keep).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, Path(a.keep) / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
