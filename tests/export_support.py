"""A store with every field of every table filled (exports, backups): ``write_full_store(path)``.

Row 0 of each table has a value in every field (Chinese text, quotes and commas, reals needing all
17 significant digits, a 64-bit integer, a date-time with milliseconds, JSON, binary content); row 1
has only the required fields and a long text in the notes (or the first free text field), longer
than a dBASE value holds. Coordinates have many decimals. Importable: tests/conftest.py puts tests/ on sys.path.
"""
import uuid

from safe_municipal.core import schema as S
from safe_municipal.layers.gpkg import GpkgStore

X0, Y0 = 527783.123456789, 3397750.987654321  # EPSG:4546, Yichang
LONG_TEXT = "长江三峡宜昌段市政设施养护记录。" * 20  # 320 characters, 960 bytes in UTF-8
CONTENT = bytes(range(256)) * 2


def U(table: str, i: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sm-test/{table}/{i}"))


def _clamp(v, f):
    if f.min is not None:
        v = max(v, f.min)
    if f.max is not None:
        v = min(v, f.max)
    return v


def value(t: S.Table, f: S.Field, i: int):
    """A valid value of field ``f`` for row ``i`` of table ``t``."""
    if f.name == "uid":
        return U(t.name, i)
    if f.values:
        codes = S.value_codes(f.values)
        return codes[(i + len(f.name)) % len(codes)]
    if f.type == "uuid":
        return U(f.name, i)
    if f.type == "text":
        if f.name in ("code", "name", "key"):
            text = f"{t.code_prefix or t.name.upper()[:4]}-{i:04d} 编号"
        else:
            text = f'宜昌 {t.name}.{f.name} #{i}, "引号", 逗号'
        # (no trailing blank: dBASE pads text with blanks and readers strip them)
        return (text[: f.max_length] if f.max_length else text).rstrip()
    if f.type == "integer":
        if f.name == "size_bytes":
            return 5_000_000_000 + i  # beyond 32 bits
        return int(_clamp((f.min or 0) + 3 + i, f))
    if f.type == "real":
        return float(_clamp(12.345678901234567 + i + (0.1 + 0.2), f))
    if f.type == "boolean":
        return i % 2 == 0
    if f.type == "date":
        return f"2024-{i % 9 + 3:02d}-{i % 13 + 15:02d}"
    if f.type == "datetime":
        return f"2025-04-{i % 20 + 2:02d}T10:{i % 60:02d}:05.123Z"
    if f.type == "json":
        return '{"名称": "测试", "pci": 85.5, "list": [1, 2]}'
    if f.type == "blob":
        return CONTENT
    raise AssertionError(f.type)


def geometry(t: S.Table, i: int):
    x, y = X0 + 100.0 * i, Y0 + 50.0 * i
    if t.geometry == "Point":
        return ("Point", (x, y))
    if t.geometry == "LineString":
        return ("LineString", [(x, y), (x + 120.25, y + 33.125), (x + 240.0625, y - 10.5)])
    return ("Polygon", [[(x, y), (x + 80.5, y), (x + 80.5, y + 60.25), (x, y + 60.25), (x, y)]])


def full_row(t: S.Table, i: int) -> dict:
    row = {f.name: value(t, f, i) for f in t.fields}
    if t.is_spatial:
        row["geom"] = geometry(t, i)
    return row


def sparse_row(t: S.Table, i: int) -> dict:
    row = {f.name: value(t, f, i) for f in t.fields if f.required or f.name == "uid"}
    free = [f for f in t.fields if f.type == "text" and not f.values and not f.max_length and not f.required]
    free.sort(key=lambda f: f.name != "notes")  # the notes when the table has them
    if free:
        row[free[0].name] = LONG_TEXT
    if t.is_spatial:
        row["geom"] = geometry(t, i)
    return row


def write_full_store(path, tables=None) -> str:
    s = GpkgStore.create(str(path))
    with s.audit_suspended():
        for t in S.TABLES:
            if tables is None or t.name in tables:
                s.insert(t.name, [full_row(t, 0), sparse_row(t, 1)])
    s.close()
    return str(path)
