"""Pure helpers of the facility archive dock: what the header, tables and history show.

No Qt and no QGIS here (testable on plain Python): grade → maintenance category and colour,
one-line summaries of indices and materials, the changes an audit entry holds, and the labels
of connection kinds (marked for translation, translated where they are shown).
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Iterable, Optional

from ...core import schema as S
from ...core.records import GRADE_SCALES
from ...core.schema import QT_TRANSLATE_NOOP

#: The office's four maintenance categories (STANDARDS.md §0), mildest first.
CATEGORY_ORDER = ("preventive", "minor", "corrective", "major")

#: The index a standard's grade follows, drawn in the grade history chart.
MAIN_INDEX = {"CJJ36-2016": "PCI", "CJJ99-2017": "BCI", "CJJ181-2012": "RI", "JTGH12-2015": "JGCI",
              "GB51222-2017": "max_depth_cm"}

#: Connection kinds of ``Archive.connections`` → group titles (context SafeMunicipal).
RELATION_LABELS = {
    "upstream_manhole": QT_TRANSLATE_NOOP("SafeMunicipal", "Upstream manhole"),
    "downstream_manhole": QT_TRANSLATE_NOOP("SafeMunicipal", "Downstream manhole"),
    "pipe_out": QT_TRANSLATE_NOOP("SafeMunicipal", "Pipes leaving this manhole"),
    "pipe_in": QT_TRANSLATE_NOOP("SafeMunicipal", "Pipes entering this manhole"),
    "rain_inlet": QT_TRANSLATE_NOOP("SafeMunicipal", "Rain inlets draining here"),
    "manhole": QT_TRANSLATE_NOOP("SafeMunicipal", "Connected manhole"),
    "road": QT_TRANSLATE_NOOP("SafeMunicipal", "Road"),
    "bridge": QT_TRANSLATE_NOOP("SafeMunicipal", "Bridges on this road"),
    "tunnel": QT_TRANSLATE_NOOP("SafeMunicipal", "Tunnels on this road"),
    "waterlogging_point": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging points on this road"),
    "waterlogging_point_near": QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging points near this road"),
}

#: Fields an audit entry of an insert or delete does not list (keys, not information).
AUDIT_SKIPPED = ("uid", "facility_uid", "facility_kind", "maintenance_uid", "geom_changed")


# --------------------------------------------------------------------------- grades
def scale_of(standard: Optional[str]) -> tuple:
    return GRADE_SCALES.get(standard or "", ())


def grade_rank(standard: Optional[str], grade: Optional[str]) -> Optional[int]:
    """0 for the best grade of the standard; None when the grade is not on its scale."""
    scale = scale_of(standard)
    return scale.index(grade) if grade in scale else None


def grade_fraction(standard: Optional[str], grade: Optional[str]) -> Optional[float]:
    """Severity from 0 (best grade) to 1 (worst grade) of the standard's scale; None if unknown."""
    rank = grade_rank(standard, grade)
    if rank is None:
        return None
    n = len(scale_of(standard))
    return rank / (n - 1) if n > 1 else 0.0


def badge_hue(fraction: Optional[float]) -> Optional[int]:
    """HSV hue of a grade badge: 120 (green) for the best grade down to 0 (red) for the worst."""
    if fraction is None:
        return None
    return int(round(120 * (1.0 - min(1.0, max(0.0, fraction)))))


def recommended_category(standard: Optional[str], grade: Optional[str]) -> Optional[str]:
    """The maintenance category a grade calls for (STANDARDS.md §0), or None for an unknown grade.

    Scales of four or more grades map rank 0/1/2 to preventive/minor/corrective and every worse
    grade to major (CJJ 99 D and E, JTG H12 4类 and 5类). Pass/fail scales (GB 51222 waterlogging,
    GB/T 23858 covers) are not in §0: a pass is preventive, a fail corrective (treat the point,
    replace the cover).
    """
    rank = grade_rank(standard, grade)
    if rank is None:
        return None
    if len(scale_of(standard)) < 4:
        return "preventive" if rank == 0 else "corrective"
    return CATEGORY_ORDER[min(rank, len(CATEGORY_ORDER) - 1)]


# --------------------------------------------------------------------------- indices
def parse_indices(value) -> dict:
    """An inspection's ``indices`` (JSON text or dict) as a dict; {} when empty or unreadable."""
    if not value:
        return {}
    if isinstance(value, dict):
        return value
    try:
        out = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return out if isinstance(out, dict) else {}


def format_number(v) -> str:
    """12.5 → "12.5", 1260.0 → "1260", 0.333333 → "0.333"; other values as text."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    text = f"{float(v):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def indices_summary(value) -> str:
    """``{"BCI": 91.3, "BSI": 82.9}`` → "BCI = 91.3; BSI = 82.9" (the editor reads this form back)."""
    d = parse_indices(value)
    parts = []
    for k, v in d.items():
        if isinstance(v, (dict, list)):
            v = json.dumps(v, ensure_ascii=False)
        parts.append(f"{k} = {format_number(v)}")
    return "; ".join(parts)


def parse_indices_text(text: str) -> Optional[dict]:
    """Read "BCI = 91.3; BSI = 82.9" (or a JSON object) back; None for an empty text.

    Raises ValueError with the problem for a text that is neither.
    """
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            raise ValueError("is not valid JSON") from None
        if not isinstance(value, dict):
            raise ValueError("must be name = value pairs")
        return value
    out: dict = {}
    for part in text.replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        sep = "=" if "=" in part else ":" if ":" in part else None
        if sep is None:
            raise ValueError(f"has {part!r}: write name = value pairs separated by ';'")
        name, raw = (s.strip() for s in part.split(sep, 1))
        if not name:
            raise ValueError(f"has {part!r} without a name")
        try:
            num = float(raw)
            out[name] = int(num) if num.is_integer() and "." not in raw else num
        except ValueError:
            if raw.startswith(("{", "[")):
                try:
                    out[name] = json.loads(raw)
                    continue
                except ValueError:
                    pass
            out[name] = raw
    return out


def main_index(standard: Optional[str], history: Iterable) -> Optional[str]:
    """The index to chart: the standard's own (MAIN_INDEX) or the most frequent numeric key."""
    counts: dict = {}
    for _date, _std, _grade, indices in history:
        for k, v in (indices or {}).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                counts[k] = counts.get(k, 0) + 1
    own = MAIN_INDEX.get(standard or "")
    if own in counts:
        return own
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


# --------------------------------------------------------------------------- materials
def materials_summary(materials: Iterable[dict]) -> str:
    """"UHPC 2.5 m³; 磷镁混合料 1.2 t" for a work's material lines."""
    parts = []
    for m in materials:
        qty = format_number(m.get("quantity"))
        parts.append(" ".join(p for p in (m.get("material") or "", qty, m.get("unit") or "") if p))
    return "; ".join(parts)


# --------------------------------------------------------------------------- audit
def audit_changes(entry: dict) -> list:
    """[(field, old, new)] an audit entry holds: the fields an update changed; the values an insert
    wrote or a delete removed (keys left out). A moved geometry is ("geom", None, True)."""
    old, new = entry.get("old_values") or {}, entry.get("new_values") or {}
    action = entry.get("action")
    out = []
    if action == "update":
        for k in list(new) + [k for k in old if k not in new]:
            if k == "geom_changed":
                continue
            if old.get(k) != new.get(k):
                out.append((k, old.get(k), new.get(k)))
        if new.get("geom_changed"):
            out.append(("geom", None, True))
    else:
        values = new if action == "insert" else old
        for k, v in values.items():
            if k in AUDIT_SKIPPED or v is None:
                continue
            out.append((k, None, v) if action == "insert" else (k, v, None))
    return out


def field_label_source(table_name: str, field: str) -> str:
    """The schema's (untranslated) label of a field, or the field name itself."""
    try:
        return S.table(table_name).field(field).label
    except KeyError:
        return field


def local_time(stamp: Optional[str]) -> str:
    """"2026-11-27T07:56:13.123Z" (UTC) → "2026-11-27 15:56:13" in the machine's time zone."""
    if not stamp:
        return ""
    try:
        t = _dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t.astimezone().strftime("%Y-%m-%d %H:%M:%S")

