"""Write a statistics table to CSV or XLSX, for the evaluation spreadsheets (城市综合管理评估).

- **CSV**: UTF-8 *with* a byte-order mark, comma-separated, one header line. Excel reads a CSV
  without the BOM in the system's code page (GBK on a Chinese Windows) and garbles the Chinese;
  with the BOM it opens it as UTF-8. Numbers are written as Python writes them (``.`` decimal
  point), empty cells for missing values.
- **XLSX**: through GDAL's XLSX driver (``osgeo.ogr``, present wherever QGIS is): one sheet, the
  header in the first row, numbers as numbers, text (districts, ISO dates) as text.

The file appears whole or not at all: it is written beside the target under a temporary name and
moved into place. No QGIS import.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Iterable, Optional, Sequence

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
#: column type (core.programmes.Column.type) -> OGR field type name
OGR_TYPES = {"integer": "OFTInteger", "real": "OFTReal", "percent": "OFTReal", "text": "OFTString",
             "date": "OFTString"}


class ExportError(Exception):
    """The table could not be written; the message names the file and the problem."""


def export_format(path: str) -> str:
    """``csv`` or ``xlsx`` from the file name; ExportError for anything else."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ExportError(f"{path}: choose a .csv or .xlsx file name")
    return fmt


def write_table(path: str, headers: Sequence[str], rows: Iterable[Sequence], types: Optional[Sequence[str]] = None,
                sheet: str = "Sheet1") -> str:
    """Write ``headers`` and ``rows`` (lists of cell values) to ``path`` (.csv or .xlsx); returns the path.

    ``types``: per column ``text``, ``integer``, ``real``, ``percent`` or ``date`` (XLSX cell types;
    default: guessed from the values)."""
    fmt = export_format(path)
    rows = [list(r) for r in rows]
    headers = [str(h) for h in headers]
    if any(len(r) != len(headers) for r in rows):
        raise ExportError(f"{path}: every row needs {len(headers)} cells")
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"{path}: the folder {target.parent} does not exist")
    # (not "<name>.xlsx.writing.xlsx": GDAL's /vsizip/ would cut the path at the first ".xlsx")
    tmp = target.with_name(target.stem + ".writing" + target.suffix)
    try:
        if fmt == "csv":
            _write_csv(tmp, headers, rows)
        else:
            _write_xlsx(tmp, headers, rows, list(types) if types else _guess_types(rows, len(headers)), sheet)
        os.replace(tmp, target)
    except OSError as e:
        raise ExportError(f"{path}: {e.strerror or e}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return str(target)


def _write_csv(path: Path, headers: list, rows: list) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def _guess_types(rows: list, n: int) -> list:
    out = []
    for i in range(n):
        values = [r[i] for r in rows if r[i] is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            out.append("integer")
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            out.append("real")
        else:
            out.append("text")
    return out


def _unique(names: list) -> list:
    out, seen = [], set()
    for n in names:
        name, k = n or "column", 2
        while name.lower() in seen:
            name, k = f"{n} ({k})", k + 1
        seen.add(name.lower())
        out.append(name)
    return out


def sheet_name(text: str) -> str:
    """An Excel sheet name: at most 31 characters, none of ``: \\ / ? * [ ]``."""
    name = "".join("-" if ch in ':\\/?*[]' else ch for ch in str(text or "")).strip().strip("'")
    return name[:31] or "Sheet1"


def _write_xlsx(path: Path, headers: list, rows: list, types: list, sheet: str) -> None:
    from osgeo import ogr

    driver = ogr.GetDriverByName("XLSX")
    if driver is None:
        raise ExportError(f"{path}: GDAL has no XLSX driver here; export CSV instead")
    use_exceptions = ogr.GetUseExceptions()
    ogr.UseExceptions()
    try:
        ds = driver.CreateDataSource(str(path))
        layer = ds.CreateLayer(sheet_name(sheet), geom_type=ogr.wkbNone)
        for k, (name, t) in enumerate(zip(_unique(headers), types)):
            kind = OGR_TYPES.get(t, "OFTString")
            if t == "integer" and any(r[k] is not None and abs(int(r[k])) > 2**31 - 1 for r in rows):
                kind = "OFTInteger64"  # (an OFTInteger field would clamp the value silently)
            layer.CreateField(ogr.FieldDefn(name, getattr(ogr, kind)))
        defn = layer.GetLayerDefn()
        for r in rows:
            f = ogr.Feature(defn)
            for i, (v, t) in enumerate(zip(r, types)):
                if v is None:
                    f.SetFieldNull(i)
                elif t == "integer":
                    f.SetFieldInteger64(i, int(v))
                elif t in ("real", "percent"):
                    f.SetField(i, float(v))
                else:
                    f.SetField(i, str(v))
            layer.CreateFeature(f)
        del f, defn, layer, ds  # closing the data source writes the file
    except RuntimeError as e:
        raise ExportError(f"{path}: {e}") from None
    finally:
        if not use_exceptions:
            ogr.DontUseExceptions()


def read_back(path: str) -> tuple:
    """(headers, rows) of a file :func:`write_table` wrote (tests, and a check after exporting)."""
    fmt = export_format(path)
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            data = list(csv.reader(fh))
        return data[0], data[1:]
    from osgeo import gdal

    # GDAL 3.6's XLSX driver has no open options (HEADERS=FORCE is ignored there): without the config
    # option a sheet of text only would lose its header. The sheet is read lazily: keep it set meanwhile.
    saved = gdal.GetConfigOption("OGR_XLSX_HEADERS")
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE")
    try:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR, open_options=["HEADERS=FORCE", "FIELD_TYPES=AUTO"])
        if ds is None:
            raise ExportError(f"{path}: cannot be read")
        layer = ds.GetLayer(0)
        defn = layer.GetLayerDefn()
        headers = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        rows = [[f.GetField(i) for i in range(len(headers))] for f in layer]
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", saved)
    return headers, rows
