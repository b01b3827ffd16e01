#!/usr/bin/env python3
"""Load test of the shared PostGIS store (issue 8): N writer processes for D seconds, then a check.

Each worker is a separate process with its own connection, opened by reference
(``layers.store_ref.open_store``) as one of the given logins. In a loop, until the time is up, it

* adds an inspection of a drain pipe with 1–3 CCTV defects (``pipe_defect``) in ONE transaction,
  through the archive service (``Archive.add_record`` + ``Archive.set_details`` in one outer transaction);
* edits a recent inspection or maintenance record that it or another worker added, with the row
  version it read (``PgStore.update(..., expected_version=v)``): a :class:`ConflictError` is counted
  and the edit retried after reading the row again (that is the no-lost-update mechanism at work);
* adds a maintenance work with 1–2 materials (``Archive.add_record``, one transaction);
* now and then deletes one of its own records (with its defects or materials, one transaction).

Each worker keeps a journal of what *committed*: the uids it inserted and deleted per table, and each
edit with the values it wrote and the row version it produced. :func:`verify` then checks the
database against the journals: every committed insert present exactly once and nothing else new
(no lost, no duplicated rows), deleted rows gone, every edited row holding the values of its last
committed edit with ``row_version`` = 1 + committed edits (no lost update), the rows that were there
before untouched, and the audit log complete — one insert / update / delete row per committed
change, in version order, naming the worker's login.

By hand (a throwaway cluster with the tiny demo city when no ``--ref`` is given)::

    python3 scripts/pg_load.py [--workers 8] [--seconds 60] [--json load.json]
    python3 scripts/pg_load.py --ref "host=… user=ivan_inspector schema=s" --ref "host=… user=eve_editor schema=s"

Exit status 0 when the check found nothing wrong. Used by ``tests/pg/test_load.py``.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bootstrap import bootstrap  # noqa: E402

bootstrap()

#: Tables the load writes (inserts into all four, edits the first and third).
LOAD_TABLES = ("inspection", "pipe_defect", "maintenance", "maintenance_material")
EDITED = {"inspection": ("summary", "grade"), "maintenance": ("description", "cost_yuan")}
#: What one loop turn does, with weights.
OPS = (("add_inspection", 35), ("edit", 35), ("add_maintenance", 20), ("delete", 10))
RECENT = 30       # an edit picks among the latest rows the load added (contention on purpose)
MAX_RETRIES = 20  # re-read and retry an edit after a conflict, at most this often
TRICKY = ("'; DROP TABLE road; --", '"quoted"', "/* comment */", "%s", "?", "\\", "好")


# --------------------------------------------------------------------------- the worker
class _Worker:
    def __init__(self, wid: int, ref: str, seed: int, base_fids: dict):
        from safe_municipal.layers.archive import Archive
        from safe_municipal.layers.store_ref import open_store

        self.wid, self.rng, self.base_fids = wid, random.Random(seed * 1000 + wid), base_fids
        self.store = open_store(ref)
        self.archive = Archive(self.store)
        self.login = self.store.user
        self.pipes = [(r["uid"], r["length_m"] or 10.0) for r in self.store.rows("drain_pipe", columns=("uid", "length_m"))]
        self.facilities = [(k, r["uid"]) for k in ("road", "manhole", "drain_pipe")
                           for r in self.store.rows(k, columns=("uid",))]
        self.journal = {"worker": wid, "login": self.login, "inserted": {t: [] for t in LOAD_TABLES},
                        "facility": {}, "deleted": {t: [] for t in LOAD_TABLES}, "edits": [],
                        "counts": Counter(), "errors": []}
        self.mine = {"inspection": [], "maintenance": []}
        self.seq = 0

    def text(self, what: str) -> str:
        self.seq += 1
        return f"{what} w{self.wid} #{self.seq} {self.rng.choice(TRICKY)} 管道"

    def day(self) -> str:
        return (dt.date(2020, 1, 1) + dt.timedelta(days=self.rng.randrange(1800))).isoformat()

    def _inserted(self, table: str, uid: str, facility_uid: str) -> None:
        self.journal["inserted"][table].append(uid)
        self.journal["facility"][uid] = facility_uid

    def add_inspection(self) -> str:
        from safe_municipal.core.records import GRADE_SCALES

        pipe, length = self.rng.choice(self.pipes)
        defects = []
        for _ in range(self.rng.randint(1, 3)):
            start = round(self.rng.uniform(0, max(length - 1.0, 0.5)), 2)
            defects.append({"code": self.rng.choice(("PL", "BX", "CK", "TJ")), "grade": self.rng.randint(1, 4),
                            "start_m": start, "end_m": round(start + 0.5, 2), "orientation": "circumferential"})
        with self.store.transaction():
            uid = self.archive.add_record("inspection", "drain_pipe", pipe, {
                "inspected_on": self.day(), "inspection_type": "cctv", "inspector": f"load {self.login}",
                "standard": "CJJ181-2012", "grade": self.rng.choice(GRADE_SCALES["CJJ181-2012"]),
                "summary": self.text("inspection")})
            self.archive.set_details(uid, defects)
            detail_uids = [r["uid"] for r in self.store.rows("pipe_defect", "inspection_uid = ?", (uid,),
                                                             columns=("uid",))]
        self._inserted("inspection", uid, pipe)
        for d in detail_uids:
            self._inserted("pipe_defect", d, pipe)
        self.mine["inspection"].append(uid)
        return "add_inspection"

    def add_maintenance(self) -> str:
        kind, fuid = self.rng.choice(self.facilities)
        start = self.day()
        materials = [{"material": self.rng.choice(("沥青混合料", "C30 混凝土", "HDPE 管")),
                      "quantity": round(self.rng.uniform(0.1, 20), 2), "unit": "t"}
                     for _ in range(self.rng.randint(1, 2))]
        uid = self.archive.add_record("maintenance", kind, fuid, {
            "category": "minor", "status": "done", "started_on": start, "finished_on": start,
            "description": self.text("work"), "contractor": "宜昌市政养护公司", "cost_yuan": 1000.0,
            "work_type": "repair"}, materials)
        self._inserted("maintenance", uid, fuid)
        for m in self.store.rows("maintenance_material", "maintenance_uid = ?", (uid,), columns=("uid",)):
            self._inserted("maintenance_material", m["uid"], fuid)
        self.mine["maintenance"].append(uid)
        return "add_maintenance"

    def edit(self):
        from safe_municipal.core.records import GRADE_SCALES
        from safe_municipal.core.validation import ValidationError
        from safe_municipal.layers.pg_store import ConflictError

        table = self.rng.choice(tuple(EDITED))
        recent = [r["uid"] for r in self.store.rows(table, "fid > ?", (self.base_fids[table],), columns=("uid",),
                                                    order_by=("-fid",), limit=RECENT)]
        if not recent:
            return self.add_inspection() if table == "inspection" else self.add_maintenance()
        uid = self.rng.choice(recent)
        if table == "inspection":
            changes = {"summary": self.text("edit"), "grade": self.rng.choice(GRADE_SCALES["CJJ181-2012"])}
        else:
            changes = {"description": self.text("edit"), "cost_yuan": round(self.rng.uniform(100, 90000), 2)}
        for _ in range(MAX_RETRIES):
            version = self.store.row_version(table, uid)
            if version is None:
                self.journal["counts"]["vanished"] += 1  # deleted by its owner meanwhile
                return None
            try:
                with self.store.transaction():
                    _old, new = self.store.update(table, uid, changes, expected_version=version)
                    now = self.store.row_version(table, uid)
            except ConflictError:
                self.journal["counts"]["conflicts"] += 1
                continue
            except ValidationError as e:
                if e.field == "uid" and self.store.row_version(table, uid) is None:
                    self.journal["counts"]["vanished"] += 1  # deleted between reading its version and the update
                    return None
                raise
            if new is None:  # the delete won the row lock: the update matched nothing
                self.journal["counts"]["vanished"] += 1
                return None
            self.journal["edits"].append([table, uid, now, changes])
            return "edit"
        self.journal["counts"]["gave_up"] += 1
        return None

    def delete(self):
        table = self.rng.choice(tuple(self.mine))
        if not self.mine[table]:
            return None
        uid = self.mine[table].pop(self.rng.randrange(len(self.mine[table])))
        child, key = ("pipe_defect", "inspection_uid") if table == "inspection" else ("maintenance_material",
                                                                                      "maintenance_uid")
        with self.store.transaction():
            kids = [r["uid"] for r in self.store.rows(child, f"{key} = ?", (uid,), columns=("uid",))]
            self.archive.delete_record(table, uid)
        self.journal["deleted"][table].append(uid)
        self.journal["deleted"][child].extend(kids)
        return "delete"

    def run(self, until: float) -> None:
        names, weights = zip(*OPS)
        t0 = time.monotonic()
        while time.monotonic() < until:
            op = self.rng.choices(names, weights)[0]
            try:
                done = getattr(self, op)()  # the kind of transaction committed, or None
                if done:
                    self.journal["counts"][done] += 1
            except Exception as e:  # noqa: BLE001 - journaled; the check fails on any
                self.journal["errors"].append(f"{op}: {type(e).__name__}: {e}")
                if len(self.journal["errors"]) > 50:
                    break
        self.journal["seconds"] = time.monotonic() - t0


def worker(wid: int, ref: str, seconds: float, seed: int, base_fids: dict, barrier, out_path: str) -> None:
    """One load process: open the store, wait for the others, run ``seconds``, write the journal."""
    journal = {"worker": wid, "errors": []}
    try:
        w = _Worker(wid, ref, seed, base_fids)
        journal = w.journal
        barrier.wait(timeout=300)
        w.run(time.monotonic() + seconds)
        w.store.close()
    except Exception:  # noqa: BLE001 - reported through the journal
        journal.setdefault("errors", []).append(traceback.format_exc())
        with contextlib.suppress(Exception):
            barrier.abort()  # the parent and the others stop waiting
    Path(out_path).write_text(json.dumps(journal, ensure_ascii=False, default=dict), encoding="utf-8")


# --------------------------------------------------------------------------- running
def snapshot(store) -> dict:
    """What the check compares with: the load tables' uids and max fid, the other tables' checksums,
    the audit rows already there."""
    from safe_municipal.layers.store_copy import table_checksums

    sums = table_checksums(store)
    return {"uids": {t: sorted(r["uid"] for r in store.rows(t, columns=("uid",))) for t in LOAD_TABLES},
            "fids": {t: store.execute(f'SELECT coalesce(max(fid), 0) FROM "{t}"').fetchone()[0] for t in LOAD_TABLES},
            "checksums": {t: list(v) for t, v in sums.items() if t not in LOAD_TABLES},
            "audit": sorted(r["uid"] for r in store.rows("audit_log", columns=("uid",)))}


def run_load(refs: list, check_ref: str = None, workers: int = 8, seconds: float = 60.0, seed: int = 1,
             out_dir: str = None, start_method: str = "spawn") -> dict:
    """Run the load (worker i logs in with ``refs[i % len(refs)]``), check the result; the report:
    ``{"problems": [...], "throughput": {...}, "journals": [...]}``."""
    from safe_municipal.layers.store_ref import open_store

    out = Path(out_dir or tempfile.mkdtemp(prefix="sm_load_"))
    out.mkdir(parents=True, exist_ok=True)
    with open_store(check_ref or refs[0], writable=False) as store:
        before = snapshot(store)
    ctx = mp.get_context(start_method)
    barrier = ctx.Barrier(workers + 1)
    procs = []
    for i in range(workers):
        p = ctx.Process(target=worker, name=f"sm-load-{i}", args=(i, refs[i % len(refs)], seconds, seed,
                                                                  before["fids"], barrier, str(out / f"w{i}.json")))
        p.start()
        procs.append(p)
    problems = []
    try:
        barrier.wait(timeout=300)
    except Exception:  # noqa: BLE001 - a worker failed to start: its journal says why
        problems.append("the workers did not all start")
    t0 = time.monotonic()
    for p in procs:
        p.join(timeout=max(1.0, t0 + seconds + 300 - time.monotonic()))
        if p.is_alive():
            problems.append(f"{p.name} still running after {seconds + 300:.0f} s: killed")
            p.kill()
            p.join()
        elif p.exitcode != 0:
            problems.append(f"{p.name} exited with {p.exitcode}")
    wall = time.monotonic() - t0
    journals = []
    for i in range(workers):
        f = out / f"w{i}.json"
        if not f.exists():
            problems.append(f"worker {i} wrote no journal")
            continue
        j = json.loads(f.read_text(encoding="utf-8"))
        problems += [f"worker {i}: {e}" for e in j.get("errors", [])]
        journals.append(j)
    with open_store(check_ref or refs[0], writable=False) as store:
        problems += verify(store, before, journals)
    report = {"problems": problems, "throughput": throughput(journals, seconds, wall), "workers": workers,
              "seconds": seconds, "logins": sorted({j.get("login", "?") for j in journals})}
    (out / "load_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    report["journals"], report["baseline"] = journals, before
    return report


def throughput(journals: list, seconds: float, wall: float) -> dict:
    c = Counter()
    for j in journals:
        c.update(j.get("counts", {}))
    committed = c["add_inspection"] + c["add_maintenance"] + c["edit"] + c["delete"]
    return {"committed_transactions": committed, "transactions_per_s": round(committed / seconds, 1),
            "by_kind": {k: c[k] for k in ("add_inspection", "add_maintenance", "edit", "delete")},
            "conflicts": c["conflicts"], "edits_vanished": c["vanished"], "edits_given_up": c["gave_up"],
            "rows_inserted": sum(len(v) for j in journals for v in j.get("inserted", {}).values()),
            "wall_s": round(wall, 1)}


# --------------------------------------------------------------------------- the check
def _json(v) -> dict:
    return v if isinstance(v, dict) else json.loads(v) if v else {}


def verify(store, before: dict, journals: list) -> list:
    """Problems found comparing the database with the journals ([] = the load lost, duplicated or
    misattributed nothing)."""
    from safe_municipal.layers.store_copy import table_checksums

    problems = []
    login_of = {j["worker"]: j["login"] for j in journals}
    inserted, deleted, owner, deleter = {}, {}, {}, {}
    for t in LOAD_TABLES:
        ins = [(u, j["worker"]) for j in journals for u in j["inserted"][t]]
        dup = [u for u, n in Counter(u for u, _ in ins).items() if n > 1]
        if dup:
            problems.append(f"{t}: {len(dup)} uids journaled as inserted twice, e.g. {dup[0]}")
        inserted[t] = {u for u, _ in ins}
        owner.update(dict(ins))
        dels = [(u, j["worker"]) for j in journals for u in j["deleted"][t]]
        deleted[t] = {u for u, _ in dels}
        deleter.update(dict(dels))
        if not deleted[t] <= inserted[t]:
            problems.append(f"{t}: rows deleted that the load did not insert")
        base = set(before["uids"][t])
        n_all, n_distinct = store.execute(f'SELECT count(*), count(DISTINCT uid) FROM "{t}"').fetchone()
        now = {r["uid"] for r in store.rows(t, columns=("uid",))}
        if n_all != n_distinct:
            problems.append(f"{t}: {n_all - n_distinct} duplicated uids")
        if not base <= now:
            problems.append(f"{t}: {len(base - now)} rows that were there before the load are gone")
        new, expected = now - base, inserted[t] - deleted[t]
        if new != expected:
            problems.append(f"{t}: {len(expected - new)} committed rows missing (lost), {len(new - expected)} rows "
                            f"nobody committed (e.g. {sorted(new - expected)[:1]}); expected {len(expected)}, "
                            f"found {len(new)}")
        if n_all != len(base) + len(expected):
            problems.append(f"{t}: {n_all} rows, expected {len(base)} + {len(expected)}")
    # edits: each row's committed edits have distinct, consecutive versions; the last one's values are in the row
    edits = defaultdict(list)
    for j in journals:
        for table, uid, version, changes in j["edits"]:
            edits[(table, uid)].append((version, changes, j["worker"]))
    for (table, uid), es in edits.items():
        es.sort(key=lambda e: e[0])
        versions = [e[0] for e in es]
        if versions != list(range(2, len(es) + 2)):
            problems.append(f"{table} {uid}: committed edits produced versions {versions} (lost update)")
            continue
        if uid in deleted[table]:
            continue
        row = store.get(table, uid)
        if row is None:
            problems.append(f"{table} {uid}: edited, not deleted, but gone")
            continue
        if store.row_version(table, uid) != len(es) + 1:
            problems.append(f"{table} {uid}: row_version {store.row_version(table, uid)}, {len(es)} edits committed")
        last = es[-1][1]
        if any(row[k] != v for k, v in last.items()):
            problems.append(f"{table} {uid}: holds {[row[k] for k in last]}, the last committed edit wrote {last}")
    for t in EDITED:  # rows nobody edited are still at version 1
        for r in store.rows(t, "fid > ?", (before["fids"][t],), columns=("uid", "row_version")):
            if (t, r["uid"]) not in edits and r["row_version"] != 1:
                problems.append(f"{t} {r['uid']}: version {r['row_version']} without a committed edit")
    # the rest of the store is untouched
    sums = table_checksums(store)
    for t, v in before["checksums"].items():
        if list(sums[t]) != v:
            problems.append(f"{t}: changed by the load")
    problems += _verify_audit(store, before, journals, inserted, deleted, owner, deleter, login_of, edits)
    return problems


def _verify_audit(store, before, journals, inserted, deleted, owner, deleter, login_of, edits) -> list:
    problems = []
    base = set(before["audit"])
    audit = [r for r in store.rows("audit_log", order_by=("changed_at", "fid")) if r["uid"] not in base]
    by_action = defaultdict(list)
    for r in audit:
        by_action[(r["action"], r["table_name"], r["row_uid"])].append(r)
    facility = {}
    for j in journals:
        facility.update(j["facility"])
    expected_keys = set()
    for t in LOAD_TABLES:
        for u in inserted[t]:
            expected_keys.add(("insert", t, u))
            rows = by_action.get(("insert", t, u), [])
            if len(rows) != 1:
                problems.append(f"audit: {len(rows)} insert rows for {t} {u} (one expected)")
            elif rows[0]["user_name"] != login_of[owner[u]]:
                problems.append(f"audit: insert of {t} {u} by {rows[0]['user_name']}, not {login_of[owner[u]]}")
            elif rows[0]["facility_uid"] != facility.get(u):
                problems.append(f"audit: insert of {t} {u} names facility {rows[0]['facility_uid']}")
        for u in deleted[t]:
            expected_keys.add(("delete", t, u))
            rows = by_action.get(("delete", t, u), [])
            if len(rows) != 1 or rows[0]["user_name"] != login_of[deleter[u]]:
                problems.append(f"audit: delete of {t} {u}: {[r['user_name'] for r in rows]} "
                                f"(one by {login_of[deleter[u]]} expected)")
    for (table, uid), es in edits.items():
        expected_keys.add(("update", table, uid))
        rows = by_action.get(("update", table, uid), [])
        got = [(r["user_name"], {k: _json(r["new_values"]).get(k) for k in es[0][1]}) for r in rows]
        want = [(login_of[w], changes) for _, changes, w in es]
        if got != want:
            problems.append(f"audit: updates of {table} {uid} (in time order) {got}, committed edits {want}")
    extra = [k for k in by_action if k not in expected_keys]
    if extra:
        problems.append(f"audit: {len(extra)} rows for changes nobody committed, e.g. {extra[0]}")
    return problems


# --------------------------------------------------------------------------- by hand
def demo_store(cluster, workdir: Path, logins=("ivan_inspector", "eve_editor")) -> tuple:
    """A copy of the tiny demo city in a fresh schema of ``cluster`` and login roles for the load;
    returns (schema, [references of the logins], superuser reference)."""
    import psycopg2
    from psycopg2.extensions import parse_dsn

    from safe_municipal.layers import pg_schema, store_ref
    from safe_municipal.layers.demo_writer import write_demo_city
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_copy import copy_store

    gpkg = workdir / "tiny.gpkg"
    if not gpkg.exists():
        write_demo_city(str(gpkg), "tiny", 1)
    schema = f"sm_load_{os.getpid()}"
    conn = psycopg2.connect(cluster.dsn)
    try:
        pg_schema.create_schema(conn, 4546, schema=schema)
        conn.autocommit = True
        with conn.cursor() as cur:
            for login, group in zip(logins, ("sm_inspector", "sm_editor")):
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE ROLE "{login}" LOGIN IN ROLE "{group}"')
    finally:
        conn.close()

    def ref(user):
        d = parse_dsn(cluster.dsn_for(user=user))
        return f"host={d['host']} port={d['port']} dbname={d['dbname']} user={d['user']} schema={schema}"

    with GpkgStore.open(str(gpkg), writable=False) as src, store_ref.open_store(ref(None)) as dst:
        copy_store(src, dst)
    return schema, [ref(u) for u in logins], ref(None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", action="append", help="store reference of a writer login (repeat; used in turn)")
    ap.add_argument("--check-ref", help="reference to read the result with (default: the first --ref)")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the report (throughput, problems) here")
    a = ap.parse_args(argv)
    cluster = None
    with tempfile.TemporaryDirectory(prefix="sm_load_") as tmp:
        refs, check = a.ref, a.check_ref
        if not refs:
            import pg_cluster

            cluster = pg_cluster.start()
            _, refs, check = demo_store(cluster, Path(tmp))
        try:
            report = run_load(refs, check, a.workers, a.seconds, a.seed, out_dir=tmp)
        finally:
            if cluster is not None:
                cluster.stop()
    report.pop("journals")
    report.pop("baseline")
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if a.json:
        Path(a.json).write_text(text, encoding="utf-8")
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
