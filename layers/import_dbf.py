"""A shapefile's .dbf read as raw bytes: its encoding detected and its undecodable cells found.

GDAL decodes a DBF's text with the encoding of its ``.cpg`` file, else of the language driver byte,
else ISO-8859-1 — so a Chinese DBF without ``.cpg`` (common: older ArcGIS, CAD exports, survey
software) reads as garbage. The importer reads the text columns' bytes itself with numpy (one
view of the records, no per-row Python), guesses UTF-8 or GB18030 from them
(:func:`core.field_mapping.guess_encoding`) and tells GDAL; whatever the encoding, it names the records
whose bytes do not decode, so they are rejected instead of written as ``?``.
"""
from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..core.field_mapping import guess_encoding


@dataclass
class DbfField:
    name: bytes
    type: str
    length: int
    offset: int  # within the record (after the deletion flag)


@dataclass
class DbfHeader:
    records: int
    header_length: int
    record_length: int
    ldid: int
    fields: list
    size: int

    @property
    def complete_records(self) -> int:
        """Records wholly present in the file (fewer than ``records`` when it is truncated)."""
        if self.record_length <= 0:
            return 0
        return max(0, min(self.records, (self.size - self.header_length) // self.record_length))


def read_header(path) -> DbfHeader:
    """The DBF's header and field descriptors; ValueError when it is not a DBF."""
    with open(path, "rb") as fh:
        data = fh.read(65536)
    size = Path(path).stat().st_size
    if len(data) < 32:
        raise ValueError("too short for a DBF header")
    records, header_length, record_length = struct.unpack_from("<IHH", data, 4)
    fields, pos, offset = [], 32, 1
    while pos + 32 <= min(len(data), header_length) and data[pos] != 0x0D:
        raw = data[pos:pos + 32]
        name = raw[:11].split(b"\x00", 1)[0]
        kind = chr(raw[11])
        length = raw[16]
        fields.append(DbfField(name, kind, length, offset))
        offset += length
        pos += 32
    if not fields or offset != record_length or header_length < 32 + 32 * len(fields):
        raise ValueError("not a DBF file (field descriptors do not add up)")
    return DbfHeader(records, header_length, record_length, data[29], fields, size)


def text_columns(path, header: Optional[DbfHeader] = None, limit: Optional[int] = None, strip: bool = True) -> dict:
    """{field name bytes: numpy array of the raw cell bytes (right-stripped unless not ``strip``)} of the
    character fields; ``limit``: only the first records. Deleted records included (indexes are record
    numbers)."""
    import numpy as np

    h = header or read_header(path)
    n = h.complete_records if limit is None else min(limit, h.complete_records)
    with open(path, "rb") as fh:
        fh.seek(h.header_length)
        raw = fh.read(n * h.record_length)
    recs = np.frombuffer(raw, dtype=np.uint8).reshape(n, h.record_length)
    out = {}
    for f in h.fields:
        if f.type != "C":
            continue
        block = np.ascontiguousarray(recs[:, f.offset:f.offset + f.length])
        col = block.view(f"S{f.length}").reshape(n)
        out[f.name] = np.char.rstrip(col, b" ") if strip else col  # numpy drops trailing NULs itself
    return out


def detect(path, header: Optional[DbfHeader] = None, sample: int = 20000) -> str:
    """``UTF-8``, ``GB18030`` or ``ISO-8859-1`` from the field names and the distinct text values of
    (at most) the first ``sample`` records (:func:`core.field_mapping.guess_encoding`)."""
    import numpy as np

    h = header or read_header(path)
    samples = [f.name for f in h.fields]
    for col in text_columns(path, h, sample).values():
        samples += [v for v in np.unique(col).tolist() if v and not v.isascii()]
    return guess_encoding(samples)


def codec(name: Optional[str]) -> Optional[str]:
    """The Python codec of an encoding or code page name as ``.cpg`` files and users write them
    (``UTF-8``, ``65001``, ``GBK``, ``936``, ``CP936``, ``ANSI 936``, ``GB2312``, ``1252`` …); None when
    unknown. GBK and GB2312 text is read as GB18030, their superset."""
    if not name:
        return None
    text = name.strip().upper().replace("ANSI", "").replace("_", "").replace(" ", "")
    if text in ("UTF8", "UTF-8", "65001"):
        return "utf-8"
    if text in ("GBK", "936", "CP936", "GB2312", "GB18030", "54936", "EUCCN", "20936", "MS936"):
        return "gb18030"
    if text.isdigit():
        text = "CP" + text
    try:
        return codecs.lookup(text).name
    except LookupError:
        return None


def gdal_name(codec_name: str) -> str:
    """The name GDAL's shapefile driver (iconv) knows for a Python codec."""
    return {"utf-8": "UTF-8", "gb18030": "GB18030", "latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1"}.get(
        codec_name, codec_name.upper())


def undecodable(path, codec_name: str, fields: Optional[set] = None, header: Optional[DbfHeader] = None) -> dict:
    """{record number (0-based): [(field name, raw bytes)]} of the text cells whose bytes are not
    valid ``codec_name``; ``fields``: only these field names (decoded)."""
    import numpy as np

    h = header or read_header(path)
    out: dict = {}
    for raw_name, col in text_columns(path, h, strip=False).items():
        name = raw_name.decode(codec_name, "replace")
        if fields is not None and name not in fields:
            continue
        if not col.size or not (col.view(np.uint8) >= 0x80).any():  # plain ASCII decodes in every codec here
            continue
        values, inverse = np.unique(col, return_inverse=True)
        bad = []
        for k, v in enumerate(values.tolist()):
            if v.isascii():
                continue
            try:
                v.decode(codec_name)
            except UnicodeDecodeError:
                bad.append(k)
        if not bad:
            continue
        for rec in np.flatnonzero(np.isin(inverse, bad)).tolist():
            out.setdefault(rec, []).append((name, values[inverse[rec]].rstrip(b" ")))
    return out
