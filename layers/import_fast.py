"""The columnar append: a large survey file's rows validated and written without a dict per row.

:func:`append_columns` does for ``import_facilities`` in ``append`` mode exactly what
:func:`.importer.write_candidates` does for the same rows (the tests run every case through both):
duplicate codes and uids in the file (every row involved rejected), codes and uids already in the
store, every field against the schema, then one transaction through the same bulk insert
(:func:`.import_write.insert_rows`). The difference is the shape: each field's values are checked a
column at a time with the same fast predicates (:func:`.importer.check_row`'s); only a row that fails
one goes through :func:`core.validation.validate_row` itself (:func:`.importer.full_check`), which names the problem (or normalises
the value, e.g. an integer for a real field). Rows are handed to SQLite as tuples zipped from the
columns. File imports carry no :class:`.importer.CodeRef`, so references need no resolving here.
Into a PostGIS store the rows go through :func:`.import_pg.insert_rows` (the same tuples, plain WKB).
"""
from __future__ import annotations

from collections import Counter

from ..core import schema as S
from ..core.validation import ValidationError
from ..i18n import problem_text
from .gpkg_format import blob_with_envelope
from .import_write import (
    Progress,
    audit_new_rows,
    code_in_store_reason,
    duplicate_reason,
    finish_tables,
    insert_rows,
    refused_rows,
    uid_in_store_reason,
)
from .importer import Rejection, _checks, _lookup, _uids, canonical_uid, full_check


def append_columns(store, kind: str, cols, strict: bool, report, progress: Progress) -> object:
    """Validate and append the rows of ``cols`` (:class:`.import_read.Columns`) to table ``kind``."""
    t = S.table(kind)
    n = len(cols)
    values = cols.values
    ordinals = cols.ordinals
    rejected = [False] * n
    report.strict, report.mode = bool(strict), "append"
    check = progress.sub(0.0, 0.5)

    def reject(i, field, reason, value=None):
        if not rejected[i]:
            rejected[i] = True
            report.rejected.append(Rejection(ordinals[i], kind, field, str(reason), value))

    # ---- codes and uids (as Batch._keys)
    codes = values.get("code") or [None] * n
    counts = Counter(c for c in codes if c is not None)
    dups = {c for c, k in counts.items() if k > 1}
    if dups:
        where: dict = {}
        for i, c in enumerate(codes):
            if c in dups:
                where.setdefault(c, []).append(i)
        for c, idx in where.items():
            reason = duplicate_reason("code", c, [ordinals[i] for i in idx])
            for i in idx:
                reject(i, "code", reason, c)
    in_store = _lookup(store, kind, "code", counts, ("uid",))
    uids = values.get("uid")
    given: dict = {}
    if uids is not None:
        for i, u in enumerate(uids):
            if u is not None and not rejected[i]:
                u = uids[i] = canonical_uid(u)
                given.setdefault(u, []).append(i)
        for u, idx in given.items():
            if len(idx) > 1:
                reason = duplicate_reason("uid", u, [ordinals[i] for i in idx])
                for i in idx:
                    reject(i, "uid", reason, u)
    uid_in_store = _lookup(store, kind, "uid", given, ("code",)) if given else {}
    for i, c in enumerate(codes):
        if rejected[i]:
            continue
        if c in in_store:
            reject(i, "code", code_in_store_reason(c), c)
        elif uids is not None and uids[i] in uid_in_store:
            reject(i, "uid", uid_in_store_reason(uids[i]), uids[i])
    new = _uids()
    if uids is None:
        uids = values["uid"] = [next(new) for _ in range(n)]
    else:
        for i, u in enumerate(uids):
            if u is None:
                uids[i] = next(new)
    check.set(0.2)
    check.check()

    # ---- fields (as check_row: a row failing a fast test goes through validate_row)
    preds, required = _checks(t)
    suspect = set()
    for name, col in values.items():
        pred = preds[name]
        if not all(map(pred, col)):
            suspect.update(i for i, ok in enumerate(map(pred, col)) if not ok)
    for name in required:
        if name not in values:
            suspect.update(range(n))
    names = list(values)
    for i in sorted(suspect):
        if rejected[i]:
            continue
        row = {k: values[k][i] for k in names if values[k][i] is not None}
        row["geom"] = cols.geoms[i]
        try:
            out = full_check(t, row, ordinals[i])
        except ValidationError as e:
            reject(i, e.field, problem_text(e.problem), row.get(e.field))
            continue
        for k in names:
            values[k][i] = out[k]
    check.set(1.0)
    if report.rejected and strict:
        report.written = False
        return report

    # ---- write
    keep = [i for i in range(n) if not rejected[i]]
    if not keep:
        report.written = False
        return report
    epsg, gtype = store.epsg, t.geometry
    pg = store.backend == "postgis"
    column_lists = []
    for f in t.field_names:
        col = values.get(f)
        column_lists.append([col[i] for i in keep] if col is not None and len(keep) < n else
                            (col if col is not None else [None] * len(keep)))
    envelopes = [cols.envelopes[i] for i in keep]
    if pg:  # PostGIS takes the WKB as it is and indexes it itself
        blobs = [cols.geoms[i] for i in keep]
    else:
        blobs = [blob_with_envelope(cols.geoms[i], epsg, gtype, cols.envelopes[i]) for i in keep]
    params = list(zip(blobs, *column_lists))
    write = progress.sub(0.5, 1.0)
    with refused_rows(store):
        with store.transaction() as conn:
            audit_new_rows(store, conn, False)
            if pg:
                from .import_pg import insert_rows as insert_pg

                count = insert_pg(store, t, params, write, 0, len(params))
            else:
                count = insert_rows(store, conn, t, params, envelopes, write, 0, len(params))
            audit_new_rows(store, conn, True)
            finish_tables(store, conn, [kind])
    report.inserted[kind] = report.inserted.get(kind, 0) + count
    report.written = count > 0
    write.set(1.0)
    return report
