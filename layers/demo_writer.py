"""Write the demo city (``core.demo``) into a Safe Municipal store, in one transaction.

``write_demo_city(path_or_store, scale, seed, feedback)`` creates the store
when given a path (replacing any file there), inserts every batch the
generator yields inside one transaction, records the layer extents, and
returns the row count per table. ``feedback`` is anything QgsFeedback-like
(``setProgress(0..100)``, ``isCanceled()``), duck-typed so that this module
needs no QGIS: when it reports a cancel, :class:`DemoCancelled` is raised and
nothing is written (a store created here is removed again).

No QGIS import here.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.demo import generate
from .gpkg import GpkgStore


class DemoCancelled(Exception):
    """The user cancelled writing the demo city; the store is unchanged."""


def write_demo_city(path_or_store: Any, scale: str = "small", seed: int = 1, feedback: Any = None,
                    validate: bool = True) -> dict:
    """Generate the demo city and write it; return ``{table: rows written}``.

    ``path_or_store``: a file path (a new store is created there, overwriting) or an
    open, writable :class:`GpkgStore` (rows are added to it; the caller keeps it open).
    A store that already holds a demo city refuses a second one (facility codes repeat):
    the insert fails with a ValidationError and the transaction rolls back.
    ``validate=False`` skips the store's row validation (~15 % faster at city scale).
    """
    own = isinstance(path_or_store, (str, os.PathLike))
    store = GpkgStore.create(path_or_store, overwrite=True) if own else path_or_store
    try:
        counts = _write(store, scale, seed, feedback, validate)
    except BaseException:
        if own:
            store.close()
            Path(path_or_store).unlink(missing_ok=True)
        raise
    if own:
        store.close()
    return counts


def _write(store: GpkgStore, scale: str, seed: int, feedback: Any, validate: bool) -> dict:
    city = generate(scale, seed)
    counts: dict = {}
    # Not audited: the demo's history is its inspection and maintenance records, not 400,000
    # "inserted by the generator" audit rows.
    with store.audit_suspended():
        for table, rows in city:
            _check_cancel(feedback)
            if feedback is not None:  # what the batches before this one amount to
                feedback.setProgress(min(99.0, 100.0 * city.progress))
            counts[table] = counts.get(table, 0) + store.insert(table, rows, validate=validate)
        _check_cancel(feedback)
        store.update_extents()
    if feedback is not None:
        feedback.setProgress(100.0)
    return counts


def _check_cancel(feedback: Any) -> None:
    if feedback is not None and feedback.isCanceled():
        raise DemoCancelled("writing the demo city was cancelled; nothing was written")
