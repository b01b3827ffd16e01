"""The deterministic demo city: a Yichang-like city of roads, bridges, tunnels and drainage, with records.

Pure Python (standard library only). ``generate(scale, seed)`` returns an
iterable of ``(table, rows)`` batches, rows being dicts ready for
``GpkgStore.insert``; ``layers.demo_writer.write_demo_city`` writes them into a
store. The same scale and seed always give the same rows (uids, geometries,
records); another seed gives another city. Dates are as of
:data:`REFERENCE_DATE` (2025-12-31), never the clock.

Scales (:data:`SCALES`): ``tiny`` and ``small`` for tests, ``medium``
(~10,000 pipe segments) and ``city`` (over 100,000).

Modules: ``geography`` (river, districts, street lattice, terrain), ``roads``,
``structures`` (bridges), ``network`` (drainage), ``sites`` (storage),
``waterlogging``, ``records`` / ``profiles`` / ``drainage_records``
(inspections and works), ``grading`` (grade from indices), ``names``,
``context`` (seeded randomness, codes, dates), ``city`` (the orchestration).
"""
from .city import TABLE_ORDER, DemoCity, generate
from .context import REFERENCE_DATE
from .scales import ECO_PAVING_M2, SCALES, TOTAL_STORAGE_M3, ScaleSpec

__all__ = ["SCALES", "ScaleSpec", "generate", "DemoCity", "TABLE_ORDER", "REFERENCE_DATE", "TOTAL_STORAGE_M3",
           "ECO_PAVING_M2"]
