"""CCTV defect sheets by CJJ 181-2012 (管道CCTV检测缺陷表): reading a sheet's rows into inspections.

A survey contractor hands over one row per defect (or per clean pipe): the pipe (its code, or the
manholes the camera went from and to), the date, the defect code or name, its grade, its distance
from the start manhole and often its clock position. :func:`parse_sheet` takes the sheet's rows as
plain cell lists (``layers.cctv_import`` reads CSV and XLSX files into them), finds the header row
(title rows above it are skipped), recognises Chinese and English column names
(:data:`HEADERS`), reads every cell (:func:`parse_code`, :func:`parse_grade`, :func:`parse_date`,
:func:`parse_position`, :func:`parse_clock`) and groups the rows per (pipe, date): one group is
one CCTV inspection with its defect rows. A row without a defect ("无缺陷", or an empty code) still
makes its group: a clean pipe is a result.

Every problem names the row as the spreadsheet shows it (the header row of a sheet without title
rows is row 1) and the column by its header. A group with a bad row is not imported at all (an
inspection without one of its defects would grade too well).

Orientation (CJJ 181 counts circumferential PL/FS/SL as local 1 m defects, longitudinal ones at
their length): an orientation column (环向/纵向) wins; otherwise a PL, FS or SL that runs more than
1 m along the pipe (start–end) is longitudinal, one given as a clock span ("0903": from 9 to 3
o'clock around the ring) at one chainage is circumferential, and a single clock position ("03")
or none leaves it open (the grading engine then counts it as local, as a circumferential one).

Pure Python: no QGIS, no GDAL.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Optional, Sequence

from .schema import QT_TRANSLATE_NOOP, VALUE_LISTS
from .standards.base import load_table
from .validation import P

STANDARD = "CJJ181-2012"
#: Rows searched for the header row (title rows above it are skipped).
HEADER_SEARCH_ROWS = 10
#: Distances up to this much beyond a pipe's length are taken as its end (positioning error and
#: GIS lengths): max(1 m, 5 % of the length). Beyond, the row is refused.
LENGTH_TOLERANCE_M, LENGTH_TOLERANCE_SHARE = 1.0, 0.05
#: Dates before this year are refused (a misread cell rather than a CCTV survey).
EARLIEST_YEAR = 1960

#: Column roles and the header names that mean them (compared after :func:`norm_header`).
HEADERS: dict = {
    "pipe_code": ("管段编号", "管道编号", "管段号", "管段", "管段编码", "管道编码", "管线段编号", "管段名称",
                  "pipecode", "pipeid", "pipe", "pipeno", "pipenumber", "segment", "segmentid", "segmentcode",
                  "pipesegment"),
    "up_manhole": ("起点井", "起点井号", "起点井编号", "起始井", "起始井号", "起始井编号", "上游井", "上游井号",
                   "上游井编号", "起点检查井", "上游检查井", "upmanhole", "upstreammanhole", "startmanhole",
                   "frommanhole", "upmh", "usmh", "upstreamnode", "startnode", "fromnode"),
    "down_manhole": ("终点井", "终点井号", "终点井编号", "终止井", "终止井号", "终止井编号", "下游井", "下游井号",
                     "下游井编号", "终点检查井", "下游检查井", "downmanhole", "downstreammanhole", "endmanhole",
                     "tomanhole", "downmh", "dsmh", "downstreamnode", "endnode", "tonode"),
    "date": ("检测日期", "日期", "检测时间", "检查日期", "date", "inspectiondate", "surveydate", "inspectedon"),
    "code": ("缺陷代码", "缺陷代号", "缺陷编码", "代码", "defectcode", "code"),
    "defect_name": ("缺陷名称", "缺陷类型", "缺陷种类", "缺陷", "defect", "defectname", "defecttype", "observation"),
    "grade": ("等级", "缺陷等级", "级别", "缺陷级别", "grade", "defectgrade", "severity"),
    "start": ("距离", "位置", "起点距离", "缺陷位置", "纵向距离", "纵向位置", "起始距离", "距起点距离", "position",
              "distance", "start", "startm", "chainage", "startdistance"),
    "end": ("终点距离", "终止距离", "结束距离", "缺陷终点", "end", "endm", "enddistance"),
    "clock": ("环向位置", "时钟表示", "时钟位置", "时钟", "clock", "clockposition"),
    "orientation": ("方向", "缺陷方向", "走向", "orientation", "direction"),
    "inspector": ("检测人", "检测人员", "检测员", "检测单位", "inspector", "surveyor", "operator", "inspectedby",
                  "contractor"),
    "remarks": ("备注", "说明", "remark", "remarks", "note", "notes", "comment", "comments"),
}
#: Roles several columns may feed (joined with a space / "；").
MULTI_ROLES = ("inspector", "remarks")
#: Words meaning "no defect found" in the code or name column.
NO_DEFECT = ("无", "无缺陷", "未见缺陷", "未发现缺陷", "未见异常", "正常", "良好", "完好", "none", "nodefect",
             "nodefects", "ok", "clean", "-", "—", "/")
#: Extra names of the codes (besides the Chinese and English of the value list's labels).
CODE_NAMES: dict = {
    "PL": ("破裂", "裂缝", "裂痕", "rupture", "crack", "fracture", "break"),
    "BX": ("变形", "deformation", "deformed"),
    "FS": ("腐蚀", "corrosion"),
    "CK": ("错口", "misalignment", "offset"),
    "QF": ("起伏", "sag", "sagging"),
    "TJ": ("脱节", "disjointed", "displacedjoint", "openjoint"),
    "TL": ("接口材料脱落", "接口脱落", "jointmaterialloss"),
    "AJ": ("支管暗接", "暗接", "hiddenbranchconnection", "hiddenconnection"),
    "CR": ("异物穿入", "异物侵入", "intrudingobject", "intrusion"),
    "SL": ("渗漏", "渗水", "leakage", "infiltration"),
    "CJ": ("沉积", "deposits", "deposit", "sediment"),
    "JG": ("结垢", "scale", "scaling", "encrustation"),
    "ZW": ("障碍物", "obstacle", "obstruction"),
    "CQ": ("残墙坝根", "残墙", "坝根", "residualwallordam", "residualwall"),
    "SG": ("树根", "roots", "root"),
    "FZ": ("浮渣", "scum"),
}
_ORIENTATIONS = {"环向": "circumferential", "环": "circumferential", "circumferential": "circumferential",
                 "circ": "circumferential", "c": "circumferential", "纵向": "longitudinal", "纵": "longitudinal",
                 "longitudinal": "longitudinal", "long": "longitudinal", "l": "longitudinal"}
_CN_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "五": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_UNIT = re.compile(r"[(\[【]\s*(?:m|米|mm|毫米|km)\s*[)\]】]")


class SheetError(ValueError):
    """The sheet cannot be read at all (no header row, a required column missing); ``problem`` is a P."""

    def __init__(self, problem: P):
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class Problem:
    """One row's problem: ``row`` as the spreadsheet numbers it, ``column`` the header of the cell at
    fault ("" for the row as a whole), ``reason`` a translatable :class:`~.validation.P`."""

    row: int
    column: str
    reason: Any
    value: Any = None


@dataclass
class Defect:
    row: int
    code: str
    grade: int
    start_m: float
    end_m: Optional[float] = None
    orientation: Optional[str] = None
    clock: Optional[str] = None  # "0903" or "03" as read (the store keeps it in the summary)

    def as_record(self) -> dict:
        """The ``pipe_defect`` fields (without keys)."""
        return {"code": self.code, "grade": self.grade, "start_m": self.start_m, "end_m": self.end_m,
                "orientation": self.orientation}


@dataclass
class Group:
    """The rows of one pipe on one date: one CCTV inspection."""

    pipe_code: str
    up_manhole: str
    down_manhole: str
    date: str  # ISO
    rows: list = field(default_factory=list)  # spreadsheet row numbers
    defects: list = field(default_factory=list)
    inspectors: list = field(default_factory=list)
    remarks: list = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return self.pipe_code, self.up_manhole, self.down_manhole, self.date

    @property
    def pipe_label(self) -> str:
        """The pipe as the sheet names it: its code, else "JC1→JC2"."""
        return self.pipe_code or f"{self.up_manhole}→{self.down_manhole}"

    @property
    def inspector(self) -> Optional[str]:
        return "、".join(self.inspectors) or None

    def summary(self) -> Optional[str]:
        """Clock positions (the store has no column for them) and the remarks, as one text."""
        parts = [f"{d.code} {_num(d.start_m)}{'–' + _num(d.end_m) if d.end_m is not None else ''} m ({d.clock})"
                 for d in self.defects if d.clock]
        return "; ".join(parts + self.remarks) or None


@dataclass
class Sheet:
    header_row: int
    columns: dict  # role -> [header, ...] (one for every role but MULTI_ROLES)
    groups: list
    problems: list
    rows_read: int
    ignored: list  # headers not recognised, or a second column of a single role

    def bad_rows(self) -> set:
        return {p.row for p in self.problems}

    def column(self, role: str) -> str:
        names = self.columns.get(role) or []
        return names[0] if names else ""


def _num(x: float) -> str:
    return f"{x:g}"


# --------------------------------------------------------------------------- headers
def norm_header(name: Any) -> str:
    """A header reduced for matching: NFKC, lower case, a unit in brackets, spaces and punctuation
    removed (``距离(m)`` → ``距离``, ``Pipe ID`` → ``pipeid``)."""
    text = unicodedata.normalize("NFKC", str(name if name is not None else "")).strip().lower()
    text = _UNIT.sub("", text)
    return re.sub(r"[\s_\-.·/\\()\[\]【】:：*#]+", "", text)


@cache
def _header_index() -> dict:
    return {norm_header(n): role for role, names in HEADERS.items() for n in names}


def recognise(headers: Sequence) -> tuple:
    """``({role: [column index, ...]}, [ignored column index, ...])`` for a header row."""
    index = _header_index()
    roles: dict = {}
    ignored = []
    for i, h in enumerate(headers):
        role = index.get(norm_header(h)) if h not in (None, "") else None
        if role is None:
            if h not in (None, ""):
                ignored.append(i)
            continue
        if role in roles and role not in MULTI_ROLES:
            ignored.append(i)
            continue
        roles.setdefault(role, []).append(i)
    return roles, ignored


def missing_roles(roles: dict) -> list:
    """Roles a sheet needs and lacks: the date, the defect (code or name), the pipe (code, or both manholes)."""
    out = []
    if "pipe_code" not in roles and not ("up_manhole" in roles and "down_manhole" in roles):
        out.append("pipe_code")
    if "date" not in roles:
        out.append("date")
    if "code" not in roles and "defect_name" not in roles:
        out.append("code")
    return out


def find_header(rows: Sequence) -> tuple:
    """``(position in rows, roles, ignored)`` of the header row among the first rows; SheetError."""
    best = None
    for pos, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles, ignored = recognise(cells)
        if not missing_roles(roles):
            return pos, roles, ignored
        if roles and (best is None or len(roles) > len(best[1])):
            best = (pos, roles, ignored)
    if best is None:
        raise SheetError(P(QT_TRANSLATE_NOOP("validation", "has no header row naming the pipe, date and defect "
                                             "columns in its first {n} rows"), n=HEADER_SEARCH_ROWS))
    names = {"pipe_code": "管段编号 / 起点井 + 终点井 (pipe code / up + down manhole)",
             "date": "检测日期 (date)", "code": "缺陷代码 / 缺陷名称 (defect code / name)"}
    lacking = ", ".join(names[r] for r in missing_roles(best[1]))
    raise SheetError(P(QT_TRANSLATE_NOOP("validation", "lacks the column(s) {columns} (header row {row})"),
                       columns=lacking, row=rows[best[0]][0]))


# --------------------------------------------------------------------------- cells
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


@cache
def _code_specs() -> dict:
    """code -> number of grades (CJJ 181 data file: the scored grades; FZ, recorded only, has 3)."""
    return {code: sum(1 for x in spec["scores"] if x is not None) or len(spec["scores"])
            for code, spec in load_table(STANDARD)["defects"].items()}


@cache
def _names() -> tuple:
    """(normalised name, code), longest first: the value list's labels and :data:`CODE_NAMES`."""
    out = {}
    for c in VALUE_LISTS["cctv_code"]:
        english = re.sub(r"\s*[(（].*$", "", c.label).split(" ", 1)[-1]
        for name in (english, *re.findall(r"[（(]([^)）]+)[)）]", c.label), *CODE_NAMES.get(c.value, ())):
            out.setdefault(norm_header(name), c.value)
    return tuple(sorted(out.items(), key=lambda kv: -len(kv[0])))


@cache
def _no_defect() -> frozenset:
    return frozenset(norm_header(w) for w in NO_DEFECT)


def parse_code(value: Any) -> Optional[str]:
    """The CJJ 181 code of a code or name cell ("PL", "pl", "PL破裂", "破裂(PL)", "破裂", "Rupture");
    None for no defect (an empty cell, "无缺陷", "none"); ValueError(P) otherwise."""
    text = _text(value)
    if not text or text in NO_DEFECT or norm_header(text) in _no_defect():
        return None
    specs = _code_specs()
    upper = text.upper()
    letters = set(re.findall(r"(?<![A-Z])([A-Z]{2})(?![A-Z])", upper))
    codes = {c for c in letters if c in specs}
    key = norm_header(text)
    named = {code for name, code in _names() if name and (key == name or (len(name) >= 2 and not name.isascii()
                                                                           and name in key))}
    if not codes and key.isascii():
        named |= {code for name, code in _names() if name.isascii() and key == name}
    found = codes or named
    if len(found) == 1 and not (codes and named and codes != named):
        return found.pop()
    if len(found) > 1 or (codes and named and codes != named):
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: it names more than one defect ({codes})"),
                           value=repr(text), codes=", ".join(sorted(codes | named))))
    raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a CJJ 181 defect code or name ({codes})"),
                       value=repr(text), codes=" ".join(specs)))


def parse_grade(value: Any, code: Optional[str] = None) -> int:
    """A defect grade from 3, "3", "3.0", "3级", "三级", "Ⅲ", "III级", "grade 3"; checked against
    1–4 and against the grades ``code`` has in CJJ 181 (TL 1–2; FS, AJ, CR 1–3). ValueError(P)."""
    text = _text(value).lower()
    if not text:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is required for a defect")))
    core = re.sub(r"^(?:grade|等级|g)\s*", "", text)
    core = re.sub(r"\s*(?:级|等|grade)$", "", core).strip()
    grade: Optional[int] = None
    if re.fullmatch(r"\d+(?:\.0+)?", core):
        grade = int(float(core))
    elif core in _CN_NUMERALS:
        grade = _CN_NUMERALS[core]
    elif core in _ROMAN:
        grade = _ROMAN[core]
    elif re.fullmatch(r"-?\d+(?:\.\d+)?", core):
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: a CJJ 181 defect grade is a whole number "
                                             "from 1 to 4"), value=repr(_text(value))))
    if grade is None:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a defect grade (1–4, Ⅰ–Ⅳ, 一级–四级)"),
                           value=repr(_text(value))))
    if not 1 <= grade <= 4:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: a CJJ 181 defect grade is 1 to 4"),
                           value=grade))
    n = _code_specs().get(code or "", 4)
    if grade > n:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: {code} has grades 1 to {n} in CJJ 181"),
                           value=grade, code=code, n=n))
    return grade


def excel_serial_date(n: float) -> _dt.date:
    """An Excel (1900 date system) serial number as a date: 45841 → 2025-07-03."""
    days = int(math.floor(n))
    base = _dt.date(1899, 12, 30) if days > 60 else _dt.date(1899, 12, 31)  # Excel's 29 Feb 1900
    return base + _dt.timedelta(days=days)


def parse_date(value: Any, today: Optional[_dt.date] = None) -> _dt.date:
    """A date from 2025-07-03, 2025/7/3, 2025.07.03, 2025年7月3日, 20250703 (time of day ignored), an
    Excel serial number (45841, from an XLSX cell without a date format) or a date object; not in the
    future, not before :data:`EARLIEST_YEAR`. ValueError(P)."""
    today = today or _dt.date.today()
    if isinstance(value, _dt.datetime):
        d = value.date()
    elif isinstance(value, _dt.date):
        d = value
    else:
        text = _text(value)
        if not text:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is required")))
        d = None
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?", text)
        if m is None:
            m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
        try:
            if m is not None:
                d = _dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif re.fullmatch(r"\d{1,5}(?:\.\d+)?", text):
                d = excel_serial_date(float(text))
        except (ValueError, OverflowError):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a real date"),
                               value=repr(text))) from None
        if d is None:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a date (2025-07-03, 2025/7/3, "
                                                 "2025.07.03 or 20250703)"), value=repr(text)))
    if d > today:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {date}, in the future"), date=d.isoformat()))
    if d.year < EARLIEST_YEAR:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {date}, before {year}: not a CCTV survey date"),
                           date=d.isoformat(), year=EARLIEST_YEAR))
    return d


_DISTANCE = r"(-?\d+(?:\.\d+)?)"
_RANGE = re.compile(_DISTANCE + r"(?:\s*(?:~|〜|-|—|–|―|至|到)\s*" + _DISTANCE + r")?")


def _distance_text(value: Any) -> str:
    text = _text(value).lower().replace(",", "")
    return re.sub(r"\s*(?:m|米)(?=$|[~〜\-—–―至到\s])", "", text).strip()


def parse_position(value: Any) -> tuple:
    """``(start, end or None)`` in metres from 12.5, "12.5", "12.5m", "12.5米", "12.5~13.0",
    "12.5-13.0 m"; (None, None) for an empty cell. Negative distances and an end before the start
    are refused. ValueError(P)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        start, end = float(value), None
    else:
        text = _distance_text(value)
        if not text:
            return None, None
        m = _RANGE.fullmatch(text)
        if m is None:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a distance in metres (12.5 or "
                                                 "12.5~13.0)"), value=repr(_text(value))))
        start, end = float(m[1]), (float(m[2]) if m[2] is not None else None)
    for x in (start, end):
        if x is not None and (x < 0 or not math.isfinite(x)):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value} m: a distance cannot be negative"),
                               value=_num(x)))
    if end is not None and end < start:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "ends at {end} m, before its start {start} m"),
                           end=_num(end), start=_num(start)))
    return start, end


def parse_clock(value: Any) -> Optional[str]:
    """A clock position (CJJ 181 时钟表示法) as "03" or a span "0903" (from 9 to 3 o'clock); from
    "3", "03", "903", "0903", "09-03", "9~3", "9点至3点"; None when empty. ValueError(P)."""
    text = _text(value)
    if not text:
        return None
    parts = re.findall(r"\d+", text)
    hours: list = []
    if len(parts) == 1 and len(parts[0]) <= 2:
        hours = [int(parts[0])]
    elif len(parts) == 1 and len(parts[0]) in (3, 4):
        p = parts[0].zfill(4)
        hours = [int(p[:2]), int(p[2:])]
    elif len(parts) == 2 and all(len(x) <= 2 for x in parts):
        hours = [int(x) for x in parts]
    if not hours or any(not 0 <= h <= 12 for h in hours) or len(parts) > 2:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not a clock position (03, or 0903 for "
                                             "9 to 3 o'clock)"), value=repr(text)))
    hours = [h or 12 for h in hours]
    if len(hours) == 2 and hours[0] == hours[1]:
        hours = hours[:1]
    return "".join(f"{h:02d}" for h in hours)


def parse_orientation(value: Any) -> Optional[str]:
    text = norm_header(_text(value))
    if not text:
        return None
    if text in _ORIENTATIONS:
        return _ORIENTATIONS[text]
    raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: not an orientation (环向 circumferential, "
                                         "纵向 longitudinal)"), value=repr(_text(value))))


@cache
def _oriented_codes() -> tuple:
    return tuple(c for c, s in load_table(STANDARD)["defects"].items() if s["extent"] == "oriented")


def orientation_of(code: str, start: float, end: Optional[float], clock: Optional[str],
                   given: Optional[str] = None) -> Optional[str]:
    """The orientation a defect is stored with (see the module's docstring)."""
    if given:
        return given
    if code not in _oriented_codes():
        return None
    if end is not None and end - start > load_table(STANDARD)["local_length_m"]:
        return "longitudinal"
    if clock and len(clock) == 4:
        return "circumferential"
    return None


def tolerance(length_m: float) -> float:
    return max(LENGTH_TOLERANCE_M, LENGTH_TOLERANCE_SHARE * length_m)


def fit_to_length(defect: Defect, length_m: float) -> tuple:
    """``(start, end, clamped)`` of a defect on a pipe of ``length_m``: distances up to the
    :func:`tolerance` beyond the end are taken as the end (``clamped`` True); farther ones raise
    ValueError(P) naming the distance."""
    tol = tolerance(length_m)
    out, clamped = [], False
    for x in (defect.start_m, defect.end_m):
        if x is not None and x > length_m:
            if x > length_m + tol:
                raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value} m, beyond the pipe's length {length} m "
                                                     "(tolerance {tol} m)"), value=_num(x), length=_num(length_m),
                                   tol=_num(round(tol, 2))))
            x, clamped = length_m, True
        out.append(x)
    return out[0], out[1], clamped


def reversed_on(defect: Defect, length_m: float) -> Defect:
    """The defect measured from the other end of a pipe of ``length_m`` (a survey against the flow)."""
    start, end = defect.start_m, defect.end_m
    if end is None:
        new_start, new_end = length_m - start, None
    else:
        new_start, new_end = length_m - end, length_m - start
    new_start = max(0.0, round(new_start, 6))
    new_end = None if new_end is None else max(0.0, round(new_end, 6))
    return Defect(defect.row, defect.code, defect.grade, new_start, new_end, defect.orientation, defect.clock)


# --------------------------------------------------------------------------- the sheet
def _cell(cells: Sequence, roles: dict, role: str) -> Any:
    idx = roles.get(role)
    if not idx:
        return None
    i = idx[0]
    return cells[i] if i < len(cells) else None


def _joined(cells: Sequence, roles: dict, role: str, sep: str) -> str:
    vals = [_text(cells[i]) for i in roles.get(role, ()) if i < len(cells)]
    return sep.join(v for v in vals if v)


def parse_sheet(rows: Iterable, today: Optional[_dt.date] = None) -> Sheet:
    """Read a sheet: ``rows`` are ``(spreadsheet row number, [cell, ...])`` in order, title rows and
    the header row included. Raises :class:`SheetError` when no header row is found."""
    rows = [(int(n), list(cells)) for n, cells in rows]
    pos, roles, ignored = find_header(rows)
    header_no, headers = rows[pos]
    col = {role: [_text(headers[i]) for i in idx] for role, idx in roles.items()}

    def name(role: str) -> str:
        return col.get(role, [""])[0] if col.get(role) else ""

    groups: dict = {}
    problems: list = []
    read = 0
    last_key: Optional[tuple] = None
    last_date: Any = None
    for row_no, cells in rows[pos + 1:]:
        if all(_text(c) == "" for c in cells):
            continue
        read += 1
        bad: list = []
        pipe = _text(_cell(cells, roles, "pipe_code"))
        up, down = _text(_cell(cells, roles, "up_manhole")), _text(_cell(cells, roles, "down_manhole"))
        raw_date = _cell(cells, roles, "date")
        if not (pipe or up or down) and last_key is not None:  # merged cells: the pipe above continues
            pipe, up, down = last_key
            if _text(raw_date) == "":
                raw_date = last_date
        if not pipe and not (up and down):
            column = (name("down_manhole") if up and name("down_manhole") else
                      name("up_manhole") if down and name("up_manhole") else
                      name("pipe_code") or name("up_manhole"))
            bad.append(Problem(row_no, column, P(QT_TRANSLATE_NOOP(
                "validation", "names no pipe: give the pipe code, or the up and down manholes"))))
        date = None
        try:
            date = parse_date(raw_date, today)
        except ValueError as e:
            bad.append(Problem(row_no, name("date"), e.args[0], _text(raw_date)))
        defect = _defect(row_no, cells, roles, name, bad)
        if bad:
            problems.extend(bad)
        if pipe or (up and down):
            last_key, last_date = (pipe, up, down), raw_date
        if date is None or not (pipe or (up and down)):
            continue
        key = (pipe, up, down, date.isoformat())
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(pipe, up, down, date.isoformat())
        g.rows.append(row_no)
        if defect is not None:
            g.defects.append(defect)
        who = _joined(cells, roles, "inspector", " ")
        if who and who not in g.inspectors:
            g.inspectors.append(who)
        note = _joined(cells, roles, "remarks", "；")
        if note and note not in g.remarks:
            g.remarks.append(note)
    return Sheet(header_no, col, list(groups.values()), problems, read,
                 [_text(headers[i]) for i in ignored])


def _end_of(raw: Any, start: float, end: Optional[float]) -> float:
    """The end column's distance, checked against the start and a range in the position column."""
    end_col, extra = parse_position(raw)
    if extra is not None:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}: give one distance"), value=repr(_text(raw))))
    if end is not None and abs(end - end_col) > 1e-9:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value} m, but the position gives the end {end} m"),
                           value=_num(end_col), end=_num(end)))
    if end_col < start:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {end} m, before the start {start} m"),
                           end=_num(end_col), start=_num(start)))
    return end_col


def _defect(row_no: int, cells: Sequence, roles: dict, name, bad: list) -> Optional[Defect]:
    """The row's defect (None for a clean-pipe row); problems are appended to ``bad``."""
    n_before = len(bad)

    def read(role: str, parse, *args):
        raw = _cell(cells, roles, role)
        try:
            return parse(raw, *args)
        except ValueError as e:
            bad.append(Problem(row_no, name(role), e.args[0], _text(raw)))
            return None

    # the code column wins over the name column
    role = "code" if _text(_cell(cells, roles, "code")) else "defect_name"
    code = read(role, parse_code)
    if code is None:
        return None
    grade = read("grade", parse_grade, code)
    start, end = read("start", parse_position) or (None, None)
    if start is None and not _text(_cell(cells, roles, "start")):
        bad.append(Problem(row_no, name("start"), P(QT_TRANSLATE_NOOP(
            "validation", "is required for a defect: its distance from the start manhole in metres"))))
    if start is not None and _text(_cell(cells, roles, "end")):
        end = read("end", _end_of, start, end)
    clock = read("clock", parse_clock)
    given = read("orientation", parse_orientation)
    if len(bad) > n_before:
        return None
    if end is not None and end == start:
        end = None
    return Defect(row_no, code, grade, start, end, orientation_of(code, start, end, clock, given), clock)
