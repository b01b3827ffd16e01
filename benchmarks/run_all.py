#!/usr/bin/env python3
"""`make bench`: run every benchmarks/bench_*.py in its own process and collect their RESULT lines.

Each benchmark prints one or more lines ``RESULT <name> key=value …`` holding its time, the time of
its baseline measured in the same command, and the ratio. This script writes them to
``benchmarks/out/results.txt`` and prints them as a Markdown table for benchmarks/README.md.
Pass benchmark names to run only those; extra arguments after ``--`` go to every benchmark.
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv) -> int:
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    names = argv[:argv.index("--")] if "--" in argv else argv
    benches = sorted(HERE.glob("bench_*.py"))
    if names:
        benches = [b for b in benches if any(n in b.stem for n in names)]
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    # Stores cached by earlier runs may come from an older generator: measure the current one.
    for stale in out.glob("*.gpkg"):
        stale.unlink()
    results, failed = [], []
    for b in benches:
        print(f"== {b.name}", flush=True)
        proc = subprocess.run([sys.executable, str(b), *extra], capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        if proc.returncode:
            sys.stdout.write(proc.stderr[-3000:])
            failed.append(b.name)
        results += [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    (out / "results.txt").write_text("\n".join(results) + "\n", encoding="utf-8")
    print("\n| benchmark | figures |\n|---|---|")
    for ln in results:
        _, name, *kv = ln.split()
        print(f"| {name} | {' '.join(kv)} |")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
