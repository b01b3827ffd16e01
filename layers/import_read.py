"""Survey files into the store: :func:`read_source` (file → candidates) and :func:`import_facilities`.

:class:`SourceReader` opens the file (:mod:`.import_source`: checks, encoding, CRS), settles the field
map (:mod:`.import_columns`), reads the features a batch at a time, converts the columns, fits every
geometry to the table (:mod:`.import_geometry`: 2D, one part, valid, in the store's CRS, inside its
area of use) and records in the report the rows rejected at this stage (geometry, undecodable text)
and the warnings. Rows are kept as columns (:class:`Columns`).

``read_source`` turns them into :class:`.importer.Candidate` rows. ``import_facilities`` adds codes to
a file without a code column and writes: a large append through the columnar path
(:mod:`.import_fast`, the same checks without a dict per row), anything else through
:func:`.importer.write_candidates` (validation, duplicate codes, one transaction).

Candidate rows carry only the fields that have a value: in ``update`` mode an empty cell leaves the
stored value as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..core import schema as S
from ..i18n import tr
from .import_columns import (
    GEOMETRY_KEYS,
    ColumnConverter,
    derived_fields_in,
    parse_field_map,
    resolve_field_map,
)
from .import_dbf import undecodable
from .import_geometry import GeometryFitter, crs_label, srs_from
from .import_source import batches, gdal_errors, open_source
from .import_write import Progress
from .importer import Candidate, ImportReport, ImportSourceError, Rejection, generate_codes, write_candidates

#: Features per batch (GDAL Arrow stream).
BATCH = 50000
#: From this many rows on, an append goes through the columnar writer (:mod:`.import_fast`).
FAST_ROWS = 5000


def _wkt(wkb) -> str:
    from osgeo import ogr

    try:
        g = ogr.CreateGeometryFromWkb(bytes(wkb))
    except RuntimeError:
        g = None
    if g is None:
        return f"<{len(wkb)} bytes>"
    text = g.ExportToWkt()
    return text if len(text) <= 160 else text[:157] + "..."


@dataclass
class Columns:
    """The rows that passed the reader: source row numbers, {schema field: values}, geometries (WKB in the
    store's CRS) and their envelopes."""
    ordinals: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    geoms: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ordinals)

    def extend(self, other: Columns) -> None:
        self.ordinals += other.ordinals
        self.geoms += other.geoms
        self.envelopes += other.envelopes
        for k, v in other.values.items():
            self.values.setdefault(k, []).extend(v)

    def candidates(self, kind: str) -> list:
        names = list(self.values)
        lists = [self.values[k] for k in names]
        out = []
        for o, g, env, vals in zip(self.ordinals, self.geoms, self.envelopes, zip(*lists) if lists else
                                   ([()] * len(self.ordinals))):
            row = {k: v for k, v in zip(names, vals) if v is not None}
            row["geom"] = g
            out.append(Candidate(kind, o, row, env))
        return out


class SourceReader:
    """One survey file read for facility table ``kind`` (arguments as :func:`read_source`)."""

    def __init__(self, path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                 repair: bool = False, layer: Optional[str] = None, target_epsg: int = S.DEFAULT_EPSG,
                 code_optional: bool = True, use_arrow: bool = True):
        if kind not in S.FACILITY_KINDS:
            raise ValueError(tr("kind: {kind} is not a facility table ({kinds})").format(
                kind=kind, kinds=", ".join(S.FACILITY_KINDS)))
        self.kind, self.table, self.use_arrow = kind, S.table(kind), use_arrow
        label = str(path).replace("\\", "/").rsplit("/", 1)[-1]
        given = parse_field_map(field_map, label)
        self.src = src = open_source(path, self.table.geometry, encoding, source_crs, layer, kind,
                                     {k: given.get(k) for k in GEOMETRY_KEYS if given.get(k)})
        try:
            self.report = report = ImportReport(source=str(path), layer=src.layer_name, crs=crs_label(src.srs))
            report.encoding = src.encoding.upper() if src.encoding else None
            report.warnings.extend(src.warnings)
            fmap, unused = resolve_field_map(kind, src.fields, given,
                                             10 if src.driver == "ESRI Shapefile" else None, src.label, code_optional)
            report.field_map = dict(fmap)
            if unused:
                report.warnings.append(tr("Fields not imported (no field of {table} takes them): {fields}.").format(
                    table=kind, fields=", ".join(unused)))
            derived = derived_fields_in(fmap)
            if derived:
                report.warnings.append(tr("Derived fields taken from the file as they are: {fields}.").format(
                    fields=", ".join(derived)))
            self.conv = ColumnConverter(kind, fmap)
            with gdal_errors() as errors:
                try:
                    self.fitter = GeometryFitter(self.table.geometry, src.srs, srs_from(target_epsg), repair)
                except (ValueError, RuntimeError, TypeError) as e:
                    detail = "; ".join(m for _c, m in errors) or str(e)
                    raise ImportSourceError(tr("{file}: cannot transform {src} to the store's EPSG:{epsg} "
                                               "({detail})").format(file=src.label, src=report.crs,
                                                                    epsg=target_epsg, detail=detail)) from None
        except BaseException:
            src.close()
            raise

    def read(self, progress: Optional[Progress] = None) -> Columns:
        """Every feature that passed the reader's checks, as :class:`Columns`; closes the file."""
        src, report, kind = self.src, self.report, self.kind
        progress = progress or Progress(None)
        try:
            wanted = self.conv.sources()
            bad_cells = {}
            if src.dbf_path is not None and src.encoding:
                bad_cells = undecodable(src.dbf_path, src.encoding, set(wanted))
            by_source = {s: f for f, s in report.field_map.items()}
            out = Columns(values={k: [] for k in report.field_map})
            read = no_geometry = 0
            with gdal_errors() as errors:
                for fids, cols, geoms in batches(src, wanted, BATCH, self.use_arrow, progress):
                    n = len(geoms)
                    values, undecoded = self.conv.convert(cols, n)
                    del cols  # Arrow arrays die with the next batch
                    wkbs, envs, problems = self.fitter.fit_batch(geoms)
                    drop = set()
                    for j in sorted(set(problems) | set(undecoded) | ({j for j in range(n) if fids[j] in bad_cells}
                                                                      if bad_cells else set())):
                        drop.add(j)
                        ordinal = read + j + 1
                        if j in problems:
                            if geoms[j] is None:
                                no_geometry += 1
                            report.rejected.append(Rejection(ordinal, kind, "geom", problems[j],
                                                             None if geoms[j] is None else _wkt(geoms[j])))
                        if bad_cells and fids[j] in bad_cells:  # the raw bytes are known: shown
                            src_field, raw = bad_cells[fids[j]][0]
                            report.rejected.append(Rejection(ordinal, kind, by_source.get(src_field, src_field), tr(
                                "holds bytes that are not valid {enc} text (set ENCODING?)").format(
                                enc=report.encoding), repr(raw)))
                        elif j in undecoded:
                            fld, text = undecoded[j]
                            report.rejected.append(Rejection(ordinal, kind, fld, tr(
                                "holds bytes that are not valid {enc} text (set ENCODING?)").format(
                                enc=report.encoding or "UTF-8"), text))
                    keep = [j for j in range(n) if j not in drop] if drop else None
                    batch = Columns(ordinals=list(range(read + 1, read + n + 1)), values=values, geoms=wkbs,
                                    envelopes=envs)
                    if keep is not None:
                        batch = Columns([batch.ordinals[j] for j in keep],
                                        {k: [v[j] for j in keep] for k, v in values.items()},
                                        [wkbs[j] for j in keep], [envs[j] for j in keep])
                    out.extend(batch)
                    read += n
            report.read = read
            failures = [m for c, m in errors if c >= 3]
            if failures:
                report.warnings.append(tr("GDAL reported errors while reading: {errors}").format(
                    errors="; ".join(dict.fromkeys(failures))[:500]))
            if read and no_geometry == read:
                raise ImportSourceError(tr("{file}: no feature has a geometry (a CSV's coordinates or WKT "
                                           "unreadable?)").format(file=src.label))
            report.warnings.extend(self.fitter.warnings())
            return out
        finally:
            src.close()


def read_source(path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                repair: bool = False, layer: Optional[str] = None, *, target_epsg: int = S.DEFAULT_EPSG,
                feedback=None, code_optional: bool = True, use_arrow: bool = True) -> tuple:
    """(candidates, report) of the features of ``path`` as rows of the facility table ``kind``.

    ``field_map``: {schema field: source field or "=constant"} (dict or JSON) completing the guess;
    ``x``/``y``/``wkt`` keys name a CSV's geometry columns. ``source_crs``: the CRS when the file has
    none. ``encoding``: overrides ``.cpg`` and detection. ``repair``: make invalid geometries valid and
    merge multi-part lines that join. ``target_epsg``: the store's CRS. ImportSourceError (naming the
    file) when the file cannot be imported at all.
    """
    reader = SourceReader(path, kind, field_map, source_crs, encoding, repair, layer, target_epsg, code_optional,
                          use_arrow)
    progress = feedback if isinstance(feedback, Progress) else Progress(feedback)
    return reader.read(progress).candidates(kind), reader.report


def import_facilities(store, path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                      mode: str = "append", strict: bool = False, repair: bool = False,
                      layer: Optional[str] = None, feedback=None, use_arrow: bool = True,
                      fast_rows: Optional[int] = None) -> ImportReport:
    """Import the features of ``path`` into the facility table ``kind`` of ``store``.

    Reads as :func:`read_source` (in the store's CRS), then writes: ``mode`` ``append`` (codes already
    in the store are rejected) or ``update`` (rows with a known code updated, the others inserted);
    ``strict``: any rejection and nothing is written. A file without a code field gets codes generated
    (append mode only): :func:`.importer.generate_codes`. Returns the report; ImportSourceError when
    the file cannot be imported at all, ImportCancelled when ``feedback`` is cancelled (nothing
    written). ``fast_rows``: from how many rows an append takes the columnar writer (tests).
    """
    if mode not in ("append", "update"):
        raise ValueError(tr("mode: {mode!r} is not append or update").format(mode=mode))
    progress = Progress(feedback)
    try:
        reader = SourceReader(path, kind, field_map, source_crs, encoding, repair, layer, store.epsg,
                              mode == "append", use_arrow)
    except ImportSourceError as e:
        if mode == "update" and "(required for" in str(e) and " code" in str(e):
            raise ImportSourceError(str(e) + " " + tr("(MODE update finds rows by code: the file needs a code "
                                                      "field)")) from None
        raise
    cols = reader.read(progress.sub(0.0, 0.45))
    report = reader.report
    if "code" not in report.field_map and len(cols):
        codes = generate_codes(store, kind, len(cols))
        cols.values["code"] = codes
        report.warnings.append(tr("The file has no code field: {n} codes generated ({first} … {last}).").format(
            n=len(codes), first=codes[0], last=codes[-1]))
    if mode == "append" and len(cols) >= (FAST_ROWS if fast_rows is None else fast_rows):
        from .import_fast import append_columns

        return append_columns(store, kind, cols, strict, report, progress.sub(0.45, 1.0))
    return write_candidates(store, cols.candidates(kind), mode=mode, strict=strict, report=report,
                            feedback=progress.sub(0.45, 1.0))
