"""The validating writer behind :func:`layers.importer.write_candidates`.

:class:`Batch` validates every candidate (schema, geometry, duplicate codes and uids in the batch and
against the store, code references) without touching the store, then writes the good rows in one
transaction: inserts through a bulk path (multi-row ``INSERT`` statements and the R-tree filled in
one pass, as :meth:`GpkgStore.insert` does for large batches), updates grouped by the columns they
change. The store's constraints check again what was validated here: NOT NULL and UNIQUE on every
row; the CHECK constraints (value lists, ranges) row by row for small batches and, for a bulk insert,
in one query over the new rows before the commit (evaluated row by row, SQLite rebuilds each
``x IN (…)`` list for every row: two thirds of the insert's time).

Into a PostGIS store the same rows go through :mod:`.import_pg` (COPY for inserts, one
``UPDATE … FROM (VALUES …)`` per set of changed columns); the database enforces every constraint and
indexes the geometries itself, and a row it refuses rolls the whole import back.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import defaultdict

from ..core import geometry as geo
from ..core import schema as S
from ..core.validation import ValidationError
from ..i18n import problem_text, tr
from .gpkg_format import blob_with_envelope, now_utc, quote_ident
from .importer import (
    CodeRef,
    ImportCancelled,
    ImportSourceError,
    Rejection,
    _lookup,
    _uids,
    canonical_uid,
    check_row,
    geometry_envelope,
)

_q = quote_ident
#: Rows per multi-row INSERT statement (bound parameters stay under SQLite's limit of 32766).
ROWS_PER_STATEMENT = 200


_CHECKS: dict = {}


def duplicate_reason(what: str, value, rows: list) -> str:
    """The reason given to every row sharing a code (``what`` = "code") or uid."""
    names = ", ".join(str(r) for r in rows)
    if what == "code":
        return tr("code {code} appears {n} times in the import (rows {rows})").format(code=value, n=len(rows),
                                                                                     rows=names)
    return tr("uid {uid} appears {n} times in the import (rows {rows})").format(uid=value, n=len(rows), rows=names)


def code_in_store_reason(code) -> str:
    return tr("code {code} is already in the store (MODE update would update that row)").format(code=code)


def uid_in_store_reason(uid) -> str:
    return tr("uid {uid} is already in the store").format(uid=uid)


def _check_sql(conn, table: str) -> str:
    """``(c1) IS 0 OR (c2) IS 0 …`` over the CHECK constraints of ``table`` as its DDL declares them:
    true for a row that breaks one (a CHECK fails only when its expression is false, not NULL)."""
    ddl = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    if (table, ddl) not in _CHECKS:
        found, i = [], 0
        while True:
            i = ddl.find("CHECK (", i)
            if i < 0:
                break
            depth, j = 0, i + 6
            for k in range(j, len(ddl)):
                if ddl[k] == "(":
                    depth += 1
                elif ddl[k] == ")":
                    depth -= 1
                    if depth == 0:
                        found.append(ddl[j:k + 1])
                        break
            i = k
        _CHECKS[(table, ddl)] = " OR ".join(f"{c} IS 0" for c in found)
    return _CHECKS[(table, ddl)]


class Progress:
    """``feedback`` seen through a sub-range ``lo`` … ``hi`` of its 0–100 progress; None is fine."""

    def __init__(self, feedback, lo: float = 0.0, hi: float = 100.0):
        self.feedback, self.lo, self.hi = feedback, lo, hi

    def set(self, fraction: float) -> None:
        if self.feedback is not None:
            self.feedback.setProgress(self.lo + (self.hi - self.lo) * max(0.0, min(1.0, fraction)))

    def check(self) -> None:
        if self.feedback is not None and self.feedback.isCanceled():
            raise ImportCancelled(tr("Import cancelled: nothing was written."))

    def sub(self, a: float, b: float) -> Progress:
        span = self.hi - self.lo
        return Progress(self.feedback, self.lo + span * a, self.lo + span * b)


class Batch:
    """One import's candidates: validated by :meth:`validate`, written by :meth:`write`."""

    def __init__(self, store, candidates: list, mode: str, report, feedback):
        self.store, self.cands, self.mode, self.report = store, candidates, mode, report
        self.progress = feedback if isinstance(feedback, Progress) else Progress(feedback)
        n = len(candidates)
        self.rows: list = [None] * n       # working copy, then the validated row
        self.rejected = [False] * n
        self.action: list = [None] * n     # "insert" / "update"
        self.old: dict = {}                # candidate index -> the store's row (updates)
        self.env: list = [None] * n        # geometry envelopes
        self.deps: defaultdict = defaultdict(list)  # candidate index -> candidates referring to it

    # ---- helpers
    def reject(self, i: int, field: str, reason, value=None) -> None:
        if self.rejected[i]:
            return
        self.rejected[i] = True
        c = self.cands[i]
        self.report.rejected.append(Rejection(c.source_row, c.table, field, str(reason), value))

    def _by_table(self) -> dict:
        out: dict = defaultdict(list)
        for i, c in enumerate(self.cands):
            if not self.rejected[i]:
                out[c.table].append(i)
        return out

    # ---- validation
    def validate(self) -> None:
        p = self.progress.sub(0.0, 0.5)
        for i, c in enumerate(self.cands):
            t = S.TABLES_BY_NAME.get(c.table)
            if t is None or t.kind == "system":
                self.reject(i, "", tr("{table} is not a table of the store").format(table=c.table))
            elif not isinstance(c.row, dict):
                self.reject(i, "", tr("the row is not a set of fields"))
            else:
                self.rows[i] = dict(c.row)
        for table, idx in self._by_table().items():
            self._keys(S.table(table), idx)
        p.set(0.2)
        self._references()
        p.check()
        for k, i in enumerate(range(len(self.cands))):
            if not self.rejected[i]:
                self._validate_one(i)
            if k % 5000 == 4999:
                p.check()
                p.set(0.2 + 0.8 * k / len(self.cands))
        self._cascade()
        p.set(1.0)

    def _keys(self, t: S.Table, idx: list) -> None:
        """Codes and uids: duplicates in the batch, conflicts with the store, insert or update."""
        rows = self.rows
        has_code = "code" in t.field_names and t.field("code").unique  # a defect code (PL…) is no key
        existing_code: dict = {}
        if has_code:
            seen: defaultdict = defaultdict(list)
            for i in idx:
                code = rows[i].get("code")
                if isinstance(code, str):
                    code = rows[i]["code"] = code.strip()
                if code not in (None, ""):
                    seen[code].append(i)
            for code, where in seen.items():
                if len(where) > 1:
                    reason = duplicate_reason("code", code, [self.cands[j].source_row for j in where])
                    for j in where:
                        self.reject(j, "code", reason, code)
            existing_code = _lookup(self.store, t.name, "code", seen, ("uid",))
        given = defaultdict(list)
        for i in idx:
            u = rows[i].get("uid")
            if u is not None and not self.rejected[i]:
                u = rows[i]["uid"] = canonical_uid(u)
                given[u].append(i)
        for u, where in given.items():
            if len(where) > 1:
                reason = duplicate_reason("uid", u, [self.cands[j].source_row for j in where])
                for j in where:
                    self.reject(j, "uid", reason, u)
        existing_uid = _lookup(self.store, t.name, "uid", given, ("code",) if has_code else ())
        new_uid = _uids()
        for i in idx:
            if self.rejected[i]:
                continue
            row = rows[i]
            code, u = row.get("code"), row.get("uid")
            if has_code and code in existing_code:
                if self.mode == "append":
                    self.reject(i, "code", code_in_store_reason(code), code)
                    continue
                store_uid = existing_code[code][0]
                if u is not None and u != store_uid:
                    self.reject(i, "uid", tr("uid {uid} differs from the store's uid {store_uid} of code "
                                             "{code}").format(uid=u, store_uid=store_uid, code=code), u)
                    continue
                row["uid"], self.action[i] = store_uid, "update"
            elif u is not None and u in existing_uid:
                if self.mode == "append" or has_code:
                    self.reject(i, "uid", uid_in_store_reason(u), u)
                    continue
                self.action[i] = "update"
            else:
                if u is None:
                    row["uid"] = next(new_uid)
                self.action[i] = "insert"

    def _references(self) -> None:
        """Resolve CodeRef values to uids; a code found nowhere rejects the candidate."""
        refs = []
        for i, row in enumerate(self.rows):
            if row is not None and CodeRef in map(type, row.values()):
                refs += [(i, k, v) for k, v in row.items() if type(v) is CodeRef]
        if not refs:
            return
        by_code: dict = defaultdict(dict)  # table -> code -> candidate index (None: ambiguous)
        keyed = {t.name for t in S.TABLES if "code" in t.field_names and t.field("code").unique}
        for i, row in enumerate(self.rows):
            code = row.get("code") if row is not None and self.cands[i].table in keyed else None
            if code is not None:
                tcodes = by_code[self.cands[i].table]
                tcodes[code] = None if code in tcodes else i
        wanted: dict = defaultdict(set)
        for _i, _k, ref in refs:
            if ref.code not in by_code.get(ref.table, {}):
                wanted[ref.table].add(ref.code)
        in_store = {}
        for table, codes in wanted.items():
            if table in S.TABLES_BY_NAME and "code" in S.table(table).field_names:
                in_store[table] = _lookup(self.store, table, "code", codes, ("uid",))
        for i, k, ref in refs:
            if self.rejected[i]:
                continue
            tcodes = by_code.get(ref.table, {})
            if ref.code in tcodes:
                j = tcodes[ref.code]
                if j is None:
                    self.reject(i, k, tr("refers to {table} {code}, which appears more than once in the "
                                         "import").format(table=ref.table, code=ref.code), ref)
                elif self.rejected[j]:
                    self.reject(i, k, tr("refers to {table} {code}, which was rejected (row {row})").format(
                        table=ref.table, code=ref.code, row=self.cands[j].source_row), ref)
                else:
                    self.rows[i][k] = self.rows[j]["uid"]
                    self.deps[j].append((i, k, ref))
            elif ref.code in in_store.get(ref.table, {}):
                self.rows[i][k] = in_store[ref.table][ref.code][0]
            else:
                self.reject(i, k, tr("refers to {table} {code}, which is neither in the import nor in the "
                                     "store").format(table=ref.table, code=ref.code), ref)

    def _validate_one(self, i: int) -> None:
        c = self.cands[i]
        t = S.TABLES_BY_NAME[c.table]
        row = self.rows[i]
        g = row.get("geom")
        if g is not None and t.is_spatial:
            if not isinstance(g, (bytes, bytearray, memoryview)):
                try:
                    g = row["geom"] = geo.to_wkb(g)
                except (ValueError, TypeError) as e:
                    self.reject(i, "geom", tr("is not a geometry ({error})").format(error=e))
                    return
            try:
                self.env[i] = c.envelope or geometry_envelope(g, t.geometry)
            except ValueError as e:
                self.reject(i, "geom", e.args[0], g)
                return
        if self.action[i] == "update":
            if i not in self.old:
                self._load_old(t, i)
            merged = {**self.old[i], **row}
            target = merged
        else:
            target = row
        try:
            self.rows[i] = check_row(t, target, c.source_row)
        except ValidationError as e:
            self.reject(i, e.field, problem_text(e.problem), target.get(e.field))

    def _load_old(self, t: S.Table, i: int) -> None:
        """The store rows of every update candidate of ``t`` (one query per 500)."""
        idx = [j for j, c in enumerate(self.cands) if c.table == t.name and self.action[j] == "update"
               and not self.rejected[j]]
        uids = [self.rows[j]["uid"] for j in idx]
        got: dict = {}
        step = 5000 if self.store.backend == "postgis" else 500  # SQLite: at most 32766 parameters
        for k in range(0, len(uids), step):
            chunk = uids[k:k + step]
            for r in self.store.rows(t.name, f"uid IN ({', '.join('?' * len(chunk))})", chunk):
                got[r["uid"]] = r
        for j, u in zip(idx, uids):
            self.old[j] = got[u]

    def _cascade(self) -> None:
        todo = [j for j in self.deps if self.rejected[j]]
        while todo:
            j = todo.pop()
            for i, k, ref in self.deps.pop(j, ()):
                if not self.rejected[i]:
                    self.reject(i, k, tr("refers to {table} {code}, which was rejected (row {row})").format(
                        table=ref.table, code=ref.code, row=self.cands[j].source_row), ref)
                    todo.append(i)

    # ---- writing
    def write(self, audit_inserts: bool = False) -> None:
        p = self.progress.sub(0.5, 1.0)
        inserts, updates = defaultdict(list), defaultdict(list)
        for i, c in enumerate(self.cands):
            if not self.rejected[i]:
                (inserts if self.action[i] == "insert" else updates)[c.table].append(i)
        # tables referred to first (the store has no foreign keys; this keeps the audit readable)
        order = [t.name for t in S.TABLES if t.name in inserts or t.name in updates]
        if not order:
            self.report.written = False
            return
        total = max(1, sum(len(v) for v in inserts.values()) + sum(len(v) for v in updates.values()))
        done = 0
        store = self.store
        inserted, updated, unchanged = {}, {}, {}
        with refused_rows(store):
            with store.transaction() as conn:
                if not audit_inserts:
                    audit_new_rows(store, conn, False)
                for table in order:
                    if inserts.get(table):
                        inserted[table] = self._insert(conn, S.table(table), inserts[table], p, done, total)
                        done += len(inserts[table])
                audit_new_rows(store, conn, True)  # updates are audited
                for table in order:
                    if updates.get(table):
                        n, same = self._update(conn, S.table(table), updates[table])
                        updated[table], unchanged[table] = n, same
                        done += len(updates[table])
                        p.set(done / total)
                        p.check()
                finish_tables(store, conn, order)
        self.report.inserted.update({k: v for k, v in inserted.items() if v})
        self.report.updated.update({k: v for k, v in updated.items() if v})
        self.report.unchanged.update({k: v for k, v in unchanged.items() if v})
        self.report.written = bool(sum(inserted.values()) + sum(updated.values()))
        p.set(1.0)

    def _insert(self, conn, t: S.Table, idx: list, p: Progress, done: int, total: int) -> int:
        names = t.field_names
        epsg, gtype = self.store.epsg, t.geometry
        pg = self.store.backend == "postgis"
        rows, env = self.rows, self.env
        params = []
        envelopes = []
        for i in idx:
            r = rows[i]
            vals = list(map(r.get, names))
            if t.is_spatial:
                g = r.get("geom")
                vals.insert(0, None if g is None else bytes(g) if pg else
                            blob_with_envelope(bytes(g), epsg, gtype, env[i]))
                envelopes.append(env[i] if g is not None else None)
            params.append(vals)
        if pg:
            from .import_pg import insert_rows as insert_pg

            return insert_pg(self.store, t, params, p, done, total)
        return insert_rows(self.store, conn, t, params, envelopes, p, done, total)

    def _update(self, conn, t: S.Table, idx: list) -> tuple:
        groups: dict = defaultdict(list)
        same = 0
        epsg = self.store.epsg
        pg = self.store.backend == "postgis"
        json_fields = {f.name for f in t.fields if f.type == "json"}
        for i in idx:
            old, new = self.old[i], self.rows[i]
            changed = []
            for k in self.cands[i].row:
                if k == "uid":
                    continue
                if k == "geom":
                    g = new.get("geom")
                    if (bytes(g) if g is not None else None) != old.get("geom"):
                        changed.append(k)
                elif k in json_fields:  # the same JSON value, whatever its spacing and key order
                    if _json(new.get(k)) != _json(old.get(k)):
                        changed.append(k)
                elif new.get(k) != old.get(k):  # the store gives booleans as 0/1: 1 == True
                    changed.append(k)
            if not changed:
                same += 1
                continue
            vals = []
            for k in changed:
                if k == "geom":
                    g = new.get("geom")
                    vals.append(None if g is None else bytes(g) if pg else
                                blob_with_envelope(bytes(g), epsg, t.geometry, self.env[i]))
                else:
                    vals.append(new.get(k))
            groups[tuple(changed)].append(vals + [new["uid"]])
        n = 0
        for cols, params in groups.items():
            if pg:
                from .import_pg import update_rows

                n += update_rows(self.store, t, cols, params)
                continue
            sql = f"UPDATE {_q(t.name)} SET {', '.join(_q(c) + ' = ?' for c in cols)} WHERE uid = ?"
            conn.executemany(sql, params)
            n += len(params)
        return n, same


def _json(v):
    if not isinstance(v, str):
        return v
    try:
        return json.loads(v)
    except ValueError:
        return v


@contextlib.contextmanager
def refused_rows(store):
    """Around an import's write transaction: a row the store's own constraints refuse (SQLite's
    IntegrityError; on PostGIS a ValidationError naming the field) as ImportSourceError — the
    transaction rolled back, nothing written."""
    try:
        yield
    except (sqlite3.IntegrityError, ValidationError) as e:
        raise ImportSourceError(tr("{store}: the store refused a row ({error}); nothing was written").format(
            store=store.path, error=e)) from None


def audit_new_rows(store, conn, audited: bool) -> None:
    """Inside the write transaction: whether the rows inserted next are written to the audit log
    (GeoPackage: ``sm_meta`` ``audit``; PostGIS: :func:`.import_pg.audit_new_rows`)."""
    if store.backend == "postgis":
        from .import_pg import audit_new_rows as audit_pg

        audit_pg(store, audited)
    elif audited:
        conn.execute(f"DELETE FROM {S.META_TABLE} WHERE key = 'audit'")
    else:
        conn.execute(f"INSERT OR REPLACE INTO {S.META_TABLE} VALUES ('audit', 'off')")


def insert_rows(store, conn, t: S.Table, params: list, envelopes: list, p: Progress, done: int = 0,
                total: int = 1) -> int:
    """Insert validated rows (``params``: the geometry blob first on spatial tables, then the fields in
    schema order) inside the caller's transaction; ``envelopes``: of the geometries (None without one).

    From :attr:`GpkgStore.BULK_ROWS` rows on, the store's bulk steps (:meth:`GpkgStore.insert`): the
    per-row R-tree, feature count and (auditing off) audit triggers suspended, the R-tree and count
    filled afterwards; the rows go in 200 to a statement with the CHECK constraints verified in one
    query over the new rows (any failure raises IntegrityError and the caller's transaction rolls back).
    """
    n = len(params)
    cols = (("geom",) if t.is_spatial else ()) + t.field_names
    bulk = n >= store.BULK_ROWS
    saved = store._suspend_row_triggers(conn, t.name) if bulk else []
    start = store._next_fid(conn, t.name) if bulk else 0
    one = "(" + ", ".join("?" * len(cols)) + ")"
    head = f"INSERT INTO {_q(t.name)} ({', '.join(_q(c) for c in cols)}) VALUES "
    k = ROWS_PER_STATEMENT if n >= ROWS_PER_STATEMENT else 1
    full = n - n % k
    step = max(k, (5000 // k) * k)
    many = head + ", ".join([one] * k)
    checks = _check_sql(conn, t.name) if bulk else ""
    if checks:  # validated rows: the CHECK constraints are verified below in one query instead
        conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        for s in range(0, full, step):
            chunk = params[s:min(s + step, full)]
            conn.executemany(many, ([v for r in chunk[j:j + k] for v in r] for j in range(0, len(chunk), k)))
            p.set((done + s + len(chunk)) / total)
            p.check()
        if full < n:
            conn.executemany(head + one, params[full:])
    finally:
        if checks:
            conn.execute("PRAGMA ignore_check_constraints = OFF")
    if checks:
        bad = [r[0] for r in conn.execute(f"SELECT fid FROM {_q(t.name)} WHERE fid >= ? AND ({checks}) LIMIT 5",
                                          (start,))]
        if bad:
            raise sqlite3.IntegrityError(f"CHECK constraint failed: {t.name} fid {', '.join(map(str, bad))}")
    if bulk and t.is_spatial:
        store._index_bulk(conn, t.name, start, n, envelopes)
    elif bulk:
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? WHERE "
                     "lower(table_name) = lower(?)", (n, t.name))
    for stmt in saved:
        conn.execute(stmt)
    return n


def finish_tables(store, conn, tables) -> None:
    """Inside the write transaction of a GeoPackage store: the tables' last change and extents (from
    their R-trees). PostGIS keeps nothing of the kind."""
    if store.backend == "postgis":
        return
    for table in tables:
        conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (now_utc(), table))
        if S.table(table).is_spatial:
            ext = conn.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "
                               f"{_q('rtree_' + table + '_geom')}").fetchone()
            conn.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
                         (*ext, table))
