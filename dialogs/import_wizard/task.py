"""The import as a background task, and the Processing parameters of the same import.

:class:`ImportTask` runs one of the importers on file paths only (worker thread): it opens the store,
names the QGIS user for the audit log, and calls ``import_facilities``, ``import_osm``,
``import_swmm`` or ``import_cctv``; each writes everything in one transaction or nothing, and a
cancel (through the task's feedback) raises ``ImportCancelled`` before the commit, so nothing is
left to discard. ``counts["report"]`` is the :class:`layers.importer.ImportReport`.
"""
from __future__ import annotations

import json
from typing import Callable, Optional

from ...i18n import tr
from ..tasks import FeedbackTask
from .source_info import CCTV, FACILITIES, OSM, SWMM

#: The Processing algorithm of each import type (the facilities one is the generic importer's).
ALGORITHMS = {FACILITIES: "safe_municipal:import_facilities", OSM: "safe_municipal:import_osm",
              SWMM: "safe_municipal:import_swmm", CCTV: "safe_municipal:import_cctv"}


class ImportTask(FeedbackTask):
    """``source_type`` with ``options`` (the panel's, plus ``mode``, ``strict``; OSM: ``extent``)."""

    def __init__(self, store_path: str, source_type: str, options: dict, user: str = "",
                 on_done: Optional[Callable] = None):
        super().__init__(tr("Importing {file}").format(file=str(options.get("path", ""))), on_done)
        self.store_path, self.source_type, self.options, self.user = str(store_path), source_type, dict(options), user

    def work(self):
        from ...layers.store_ref import open_store

        o = self.options
        store = open_store(self.store_path)
        try:
            if self.user:
                store.user = self.user
            common = {"mode": o.get("mode", "append"), "strict": bool(o.get("strict")), "feedback": self.feedback}
            if self.source_type == FACILITIES:
                from ...layers.importer import import_facilities

                report = import_facilities(store, o["path"], o["kind"], field_map=o.get("field_map") or None,
                                           source_crs=o.get("source_crs") or None, encoding=o.get("encoding") or None,
                                           repair=bool(o.get("repair")), layer=o.get("layer") or None, **common)
            elif self.source_type == OSM:
                from ...layers.osm_import import import_osm

                report = import_osm(store, o["path"], kinds=o.get("kinds") or None, extent=o.get("extent"),
                                    district=o.get("district"), **common)
            elif self.source_type == SWMM:
                from ...layers.swmm_import import import_swmm

                report = import_swmm(store, o["path"], o["source_crs"], usage=o.get("usage", "storm"), **common)
            elif self.source_type == CCTV:
                from ...layers.cctv_import import import_cctv

                report = import_cctv(store, o["path"], sheet=o.get("sheet"), assess=bool(o.get("assess")), **common)
            else:
                raise ValueError(self.source_type)
        finally:
            store.close()
        return {"report": report}


def processing_parameters(store_path: str, source_type: str, options: dict, extent_crs: str = "") -> dict:
    """The same import as Processing parameters (``{"algorithm": id, "parameters": {...}}``), for
    ``processing.run`` or ``qgis_process`` in batch; ``FIELD_MAP`` is the JSON text the algorithm takes."""
    o = options
    p = {"STORE": str(store_path), "INPUT": str(o.get("path", ""))}
    if source_type == FACILITIES:
        p.update(LAYER=o.get("layer") or "", KIND=o.get("kind", ""),
                 FIELD_MAP=json.dumps(o.get("field_map") or {}, ensure_ascii=False),
                 SOURCE_CRS=o.get("source_crs") or "", ENCODING=o.get("encoding") or "", REPAIR=bool(o.get("repair")))
    elif source_type == OSM:
        p.update(KINDS=list(o.get("kinds") or []), DISTRICT=o.get("district") or "")
        if o.get("extent"):
            xmin, ymin, xmax, ymax = o["extent"]
            p["EXTENT"] = f"{xmin!r},{xmax!r},{ymin!r},{ymax!r}" + (f" [{extent_crs}]" if extent_crs else "")
    elif source_type == SWMM:
        p.update(SOURCE_CRS=o.get("source_crs") or "", USAGE=o.get("usage", "storm"))
    elif source_type == CCTV:
        p.update(SHEET=o.get("sheet") or "", ASSESS=bool(o.get("assess")))
    p.update(MODE=o.get("mode", "append"), STRICT=bool(o.get("strict")))
    return {"algorithm": ALGORITHMS[source_type], "parameters": p}
