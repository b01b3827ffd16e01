"""Mapping a source file's fields and values onto the store's schema (imports, issue 7).

Survey files name their fields every which way: ``管径``, ``管径(mm)``, ``DN``, ``GJ``, ``diameter``,
``Diameter_mm``; their values too: ``钢筋混凝土``, ``砼``, ``RC``, ``concrete``. This module guesses
which source field feeds which schema field (:func:`guess_field_map`, the wizard's first proposal,
always shown to the user) and turns source values into the schema's (:func:`normalise_value`: value
lists by code, English label, Chinese label or a known synonym; numbers with units; years from
dates). :func:`detect_encoding` tells UTF-8 from GBK/GB18030 text (a DBF without ``.cpg``).

Pure Python: no QGIS, no GDAL.
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import unicodedata
from typing import Any, Iterable, Mapping, Optional

from . import schema as S

# --------------------------------------------------------------------------- field names
#: Synonyms of schema fields (after :func:`norm_name`), for every facility kind; checked in order.
COMMON_FIELDS: dict = {
    "code": ("code", "编号", "编码", "设施编号", "管线编号", "管段编号", "管点编号", "井编号", "井号", "桥梁编号",
             "道路编号", "隧道编号", "id", "no", "number", "assetid", "facilityid", "objcode", "bh", "gxbh", "exp_no",
             "expno"),
    "name": ("name", "名称", "设施名称", "道路名称", "桥梁名称", "隧道名称", "桥名", "路名", "mc", "roadname"),
    "district": ("district", "区", "所属区", "所在区", "行政区", "行政区划", "区县", "城区", "county", "qx", "xzq"),
    "road_class": ("roadclass", "道路等级", "等级", "道路级别", "class", "dldj"),
    "maintenance_unit": ("maintenanceunit", "养护单位", "管理单位", "权属单位", "维护单位", "owner", "manager",
                         "qsdw", "yhdw"),
    "built_year": ("builtyear", "建设年代", "建成年份", "建设年份", "建成年代", "竣工年份", "埋设年代", "年代", "year",
                   "yearbuilt", "msnd", "jsnd"),
    "notes": ("notes", "备注", "说明", "remark", "remarks", "comment", "bz"),
}
KIND_FIELDS: dict = {
    "drain_pipe": {
        "diameter_mm": ("diametermm", "diameter", "管径", "管径mm", "口径", "dn", "gj", "size", "pipesize"),
        "material": ("material", "材质", "管材", "管道材质", "cz", "gc"),
        "usage": ("usage", "类别", "管线类别", "管道类别", "用途", "性质", "排水类型", "type", "lb", "gxlb"),
        "length_m": ("lengthm", "length", "长度", "管长", "管段长度", "cd", "shapelength", "shapeleng"),
        "up_invert_depth_m": ("upinvertdepthm", "起点埋深", "起点管底埋深", "上游埋深", "qdms", "updepth", "startdepth"),
        "down_invert_depth_m": ("downinvertdepthm", "终点埋深", "终点管底埋深", "下游埋深", "zdms", "downdepth",
                                "enddepth"),
    },
    "manhole": {
        "depth_m": ("depthm", "depth", "井深", "井底深", "js"),
        "cover_type": ("covertype", "井盖类型", "井盖材质", "井盖", "jgcz", "jglx"),
        "load_class": ("loadclass", "承载等级", "荷载等级", "井盖等级", "czdj"),
        "usage": ("usage", "类别", "管线类别", "用途", "性质", "type", "lb"),
    },
    "road": {
        "length_m": ("lengthm", "length", "长度", "道路长度", "cd"),
        "width_m": ("widthm", "width", "宽度", "路宽", "车行道宽度", "kd"),
        "lanes": ("lanes", "车道数", "车道", "cds"),
        "pavement_type": ("pavementtype", "路面类型", "路面结构", "路面", "lmlx"),
    },
    "bridge": {
        "length_m": ("lengthm", "length", "桥长", "长度", "全长", "qc"),
        "width_m": ("widthm", "width", "桥宽", "宽度", "qk"),
        "span_count": ("spancount", "spans", "跨数", "孔数", "ks"),
        "bridge_type": ("bridgetype", "桥型", "结构类型", "桥梁类型", "qx"),
        "bridge_class": ("bridgeclass", "养护类别", "桥梁类别", "养护等级", "yhlb"),
    },
    "tunnel": {
        "length_m": ("lengthm", "length", "长度", "隧道长度", "cd"),
        "tubes": ("tubes", "洞数", "孔数"),
        "lanes": ("lanes", "车道数", "车道"),
    },
    "rain_inlet": {
        "inlet_type": ("inlettype", "雨水口类型", "类型", "形式", "type"),
        "grates": ("grates", "箅子数", "篦子数", "雨篦数"),
        "load_class": ("loadclass", "承载等级", "荷载等级"),
    },
    "storage_facility": {
        "capacity_m3": ("capacitym3", "capacity", "调蓄容积", "容积", "库容", "调蓄量", "rj"),
        "storage_type": ("storagetype", "类型", "type"),
        "normal_level_m": ("normallevelm", "常水位", "正常水位"),
        "pre_lowering_level_m": ("preloweringlevelm", "预降水位", "预降"),
    },
    "waterlogging_point": {
        "location_desc": ("locationdesc", "位置", "位置描述", "地点", "location", "address"),
        "status": ("status", "状态", "整治状态"),
    },
}

_UNIT_SUFFIX = re.compile(r"(?:\((?:mm|m|m3|m²|m³|㎜|米|毫米|立方米|年|个)\)|（(?:mm|m|米|毫米|立方米|年|个)）)$")


def norm_name(name: str) -> str:
    """A field name reduced for matching: NFKC (full-width → half-width), lower case, units in
    brackets, spaces, underscores and punctuation removed (``管径(mm)`` → ``管径mm``)."""
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = re.sub(r"[\s_\-.·/\\()（）\[\]【】:：]+", "", text)
    return text


def _synonyms(kind: str) -> dict:
    if kind not in S.FACILITY_KINDS:
        raise ValueError(f"kind: {kind!r} is not a facility kind ({', '.join(S.FACILITY_KINDS)})")
    fields = set(S.table(kind).field_names)
    out = {f: [norm_name(s) for s in syn] for f, syn in COMMON_FIELDS.items() if f in fields}
    for f, syn in KIND_FIELDS.get(kind, {}).items():
        if f in fields:
            out[f] = [norm_name(s) for s in syn]
    for f in fields:  # the schema's own name always matches
        out.setdefault(f, [])
        if norm_name(f) not in out[f]:
            out[f].insert(0, norm_name(f))
    return out


#: Keys and derived fields (grades, due dates): never guessed from a synonym.
KEY_AND_DERIVED = ("uid", "grade", "grade_standard", "last_inspected", "next_due", "recommended_action",
                   "recommended_category")
#: A DBF (shapefile) field name has at most this many characters (bytes).
DBF_NAME_LENGTH = 10


def guess_field_map(kind: str, source_fields: Iterable[str], schema_names: bool = False,
                    truncated_at: Optional[int] = None) -> dict:
    """``{schema field: source field}`` for the source fields recognised for ``kind``.

    An exact synonym beats a synonym with a unit suffix (``管径(mm)``); each source field feeds one
    schema field at most, and keys (``uid``) and derived fields (grades, due dates) are never guessed
    from a synonym. ``schema_names``: a source field named exactly as one of those (``uid``, ``grade``
    …, a file written from a store) feeds it. ``truncated_at``: the source cut its field names at this
    length (a shapefile: :data:`DBF_NAME_LENGTH`), so a name of that length that begins a schema
    field's own name feeds it (``up_invert_`` → ``up_invert_depth_m``), after every exact match.
    """
    sources = [(s, norm_name(s)) for s in source_fields]
    taken: set = set()
    out: dict = {}
    for field, synonyms in _synonyms(kind).items():
        if field in KEY_AND_DERIVED:
            synonyms = [norm_name(field)] if schema_names else []
        found = None
        for syn in synonyms:  # the synonym order is the preference order
            for src, n in sources:
                if src in taken:
                    continue
                if n == syn or (len(syn) > 1 and n.startswith(syn) and _UNIT_SUFFIX.search(src.strip())):
                    found = src
                    break
            if found:
                break
        if found:
            out[field] = found
            taken.add(found)
    # the plugin's own short Shapefile names (``rec_action``, ``diam_mm``: an exported Shapefile)
    for field, src in shapefile_field_map(kind, [s for s, _n in sources if s not in taken]).items():
        if field not in out and (field not in KEY_AND_DERIVED or schema_names):
            out[field] = src
            taken.add(src)
    if truncated_at:
        for field in S.table(kind).field_names:
            if field in out or (field in KEY_AND_DERIVED and not schema_names):
                continue
            for src, _n in sources:
                if src not in taken and len(src) == truncated_at and len(field) > truncated_at and \
                        field.lower().startswith(src.lower()):
                    out[field] = src
                    taken.add(src)
                    break
    return out


def shapefile_field_map(kind: str, source_fields: Iterable[str]) -> dict:
    """``{schema field: source field}`` for the source fields named with the short DBF names the plugin's
    Shapefile export gives the long fields of ``kind`` (:mod:`.shapefile_names`: ``rec_action`` →
    ``recommended_action``), compared case-insensitively."""
    from .shapefile_names import short_names

    by_short = {short.lower(): field for field, short in short_names(kind).items() if short != field}
    out: dict = {}
    for src in source_fields:
        field = by_short.get(str(src).strip().lower())
        if field is not None and field not in out:
            out[field] = src
    return out


#: Column names of coordinates and WKT geometry in a CSV table (matched case-insensitively).
#: Chinese survey tables often call the northing X (测量坐标系): a file whose X/Y columns are swapped
#: lands outside the store's area and the import report says so.
X_NAMES = ("x", "lon", "lng", "long", "longitude", "经度", "东经", "x坐标", "坐标x", "横坐标", "东坐标", "easting",
           "xcoord", "point_x", "pointx")
Y_NAMES = ("y", "lat", "latitude", "纬度", "北纬", "y坐标", "坐标y", "纵坐标", "北坐标", "northing", "ycoord",
           "point_y", "pointy")
WKT_NAMES = ("wkt", "geom", "geometry", "the_geom", "shape", "几何", "空间信息", "坐标串")


def coordinate_columns(columns: Iterable[str]) -> dict:
    """``{"x": …, "y": …}`` or ``{"wkt": …}``: the coordinate or geometry columns of a table, by
    name (:data:`X_NAMES`, :data:`Y_NAMES`, :data:`WKT_NAMES`); empty when there are none."""
    cols = list(columns)
    by_norm: dict = {}
    for c in cols:
        by_norm.setdefault(norm_name(c), c)

    def first(names):
        for n in names:
            if norm_name(n) in by_norm:
                return by_norm[norm_name(n)]
        return None

    x, y = first(X_NAMES), first(Y_NAMES)
    if x and y and x != y:
        return {"x": x, "y": y}
    w = first(WKT_NAMES)
    return {"wkt": w} if w else {}


# --------------------------------------------------------------------------- values
#: Extra words for value-list codes (beside each code itself and its English and Chinese labels).
VALUE_SYNONYMS: dict = {
    "pipe_material": {"concrete": ("砼", "混凝土", "钢筋混凝土", "钢筋砼", "钢混", "rc", "rcp", "钢筋混凝土管"),
                      "hdpe": ("聚乙烯", "pe", "双壁波纹管", "hdpe双壁波纹管", "缠绕管"),
                      "pvc": ("pvc", "upvc", "pvc-u", "塑料"), "ductile_iron": ("球墨铸铁", "铸铁", "di", "ci"),
                      "brick": ("砖", "砖砌", "砖石"), "grp": ("玻璃钢", "frp", "玻璃钢夹砂管")},
    "pipe_usage": {"storm": ("雨水", "雨", "ys", "rain", "stormwater"), "sewage": ("污水", "污", "ws", "sanitary"),
                   "combined": ("合流", "雨污合流", "hl")},
    "road_class": {"expressway": ("快速路", "城市快速路"), "arterial": ("主干路", "主干道", "主路"),
                   "secondary": ("次干路", "次干道"), "branch": ("支路",), "lane": ("街坊路", "巷道", "小区路")},
    "pavement_type": {"asphalt": ("沥青", "沥青混凝土", "沥青路面"), "concrete": ("水泥", "水泥混凝土", "水泥路面", "砼"),
                      "block": ("砌块", "人行道砖", "铺装", "块石")},
    "bridge_type": {"beam": ("梁桥", "梁式桥", "板梁", "箱梁", "简支梁"), "arch": ("拱桥",), "cable_stayed": ("斜拉桥",),
                    "suspension": ("悬索桥", "吊桥"), "pedestrian": ("人行天桥", "人行桥", "天桥")},
    "cover_type": {"cast_iron": ("铸铁", "灰口铸铁", "普通铸铁"), "ductile_iron": ("球墨铸铁", "球铁"),
                   "composite": ("复合材料", "复合", "树脂"), "concrete": ("水泥", "混凝土", "砼"),
                   "wide_rim_anti_settlement": ("宽边防沉降", "防沉降", "防沉降井盖", "宽边防沉降井盖")},
}


@functools.cache
def _value_index(list_name: str) -> dict:
    from .schema import VALUE_LISTS

    index: dict = {}
    for code in VALUE_LISTS[list_name]:
        words = [code.value, code.label]
        words += re.findall(r"[（(]([^)）]+)[)）]", code.label)  # the Chinese in "Asphalt (沥青)"-style labels
        words += VALUE_SYNONYMS.get(list_name, {}).get(code.value, ())
        for w in words:
            index.setdefault(norm_name(w), code.value)
    return index


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def number_of(value: Any) -> Optional[float]:
    """A number from a cell: ``600``, ``"600"``, ``"DN600"``, ``"600mm"``, ``"1,200.5"``, ``"1.2米"``;
    None when empty; ValueError when there is no number in it."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    if not text:
        return None
    found = _NUMBER.findall(text)
    if len(found) != 1:
        raise ValueError(f"{value!r} is not a number")
    return float(found[0])


_TRUE = frozenset(("1", "true", "t", "yes", "y", "是", "有", "对", "√", "真"))
_FALSE = frozenset(("0", "false", "f", "no", "n", "否", "无", "没有", "×", "假"))
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


@functools.cache
def _field(kind: str, field: str) -> S.Field:
    return S.table(kind).field(field)


def _number_text(x: float) -> str:
    return str(int(x)) if math.isfinite(x) and x == int(x) and abs(x) < 1e15 else repr(x)


def normalise_value(kind: str, field: str, value: Any) -> Any:
    """``value`` from a source file as the schema's field ``field`` of ``kind`` expects it.

    Value lists: the code, its English or Chinese label or a synonym, case and width insensitive
    (unknown values are returned unchanged, so validation names them). Numbers: unit prefixes and
    suffixes stripped (integers rounded when integral). Years: a date or a date text gives its year.
    Text fields: numbers become text (``1001.0`` → ``"1001"``: a code read from a numeric column),
    dates ISO text. Yes/no fields: ``是``/``否``, ``yes``/``no``, ``true``/``false``, ``1``/``0``, ``Y``/``N``.
    Dates: ``2024/3/1``, ``2024.03.01``, ``2024年3月1日`` → ``2024-03-01`` (an impossible date is left for
    validation to name). Empty strings become None. Everything else is returned as it is.
    """
    f = _field(kind, field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if f.values is not None:
        key = norm_name(value)
        return _value_index(f.values).get(key, value.strip() if isinstance(value, str) else value)
    if f.name == "built_year":
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.year
        text = str(value).strip()
        m = re.match(r"^(\d{4})(?:[-/.年]|$)", text)
        if m:
            return int(m.group(1))
    if f.type in ("integer", "real"):
        try:
            x = number_of(value)
        except ValueError:
            return value  # validation names it
        if x is None or not math.isfinite(x):
            return x
        return int(round(x)) if f.type == "integer" and abs(x - round(x)) < 1e-9 else x
    if f.type == "text":
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _number_text(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()
    elif f.type == "boolean":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            key = unicodedata.normalize("NFKC", value).strip().lower()
            if key in _TRUE:
                return True
            if key in _FALSE:
                return False
    elif f.type == "date":
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, str):
            m = _DATE_TEXT.match(unicodedata.normalize("NFKC", value).strip())
            if m:
                return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return value.strip() if isinstance(value, str) else value


def map_row(kind: str, field_map: Mapping[str, str], source: Mapping[str, Any]) -> dict:
    """One schema row from a source row through ``field_map`` (``{schema field: source field}``)."""
    return {field: normalise_value(kind, field, source.get(src)) for field, src in field_map.items()}


# --------------------------------------------------------------------------- encodings
def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def _chinese_or_ascii(text: str) -> bool:
    """Every character ASCII, a Chinese character or CJK / full-width punctuation."""
    return all(ch.isascii() or _cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               for ch in text)


def detect_encoding(samples: Iterable[bytes]) -> str:
    """``UTF-8``, ``GB18030`` (a superset of GBK) or, when neither decodes, ``ISO-8859-1`` (never fails;
    the import report then shows the garbled text and the user picks the encoding).

    Pure ASCII is UTF-8, and so is text that decodes as UTF-8 holding Chinese characters. GBK text can
    be valid UTF-8 too (``一`` D2 BB reads as Cyrillic ``һ``, ``路`` C2 B7 as ``·``, ``猫`` C3 A8 as
    ``è``): text whose UTF-8 reading has other non-ASCII characters but whose GB18030 reading is all
    Chinese and ASCII is taken for GB18030 — the likely case in a Chinese city's files. (So an
    accented Latin text without a ``.cpg`` is taken for GB18030 too; the import wizard shows the guess
    and its ENCODING can be set.) The more samples (field values, names), the safer the guess.
    """
    samples = [s for s in samples if s]
    raw = b"\n".join(samples)
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    try:
        as_gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        as_gb = None
    if as_utf8 is not None and (as_utf8.isascii() or _cjk(as_utf8) or as_gb is None
                                or not _chinese_or_ascii(as_gb)):
        return "UTF-8"
    if as_gb is not None:
        return "GB18030"
    return "ISO-8859-1"


def guess_encoding(samples: Iterable[bytes]) -> str:
    """As :func:`detect_encoding`, tolerant of a few broken values: ``UTF-8`` or ``GB18030``, whichever
    decodes more of the non-ASCII ``samples`` (lines of a CSV, distinct values of a DBF column), ties
    decided by :func:`detect_encoding` over the samples both decode. ``ISO-8859-1`` only when no
    sample decodes in either. The values that do not decode are then named by the importer, not
    garbled silently."""
    texts = [s for s in samples if s and not s.isascii()]
    if not texts:
        return "UTF-8"
    ok = {"UTF-8": [], "GB18030": []}
    for s in texts:
        for name in ok:
            try:
                s.decode(name)
            except UnicodeDecodeError:
                continue
            ok[name].append(s)
    n_utf8, n_gb = len(ok["UTF-8"]), len(ok["GB18030"])
    if not n_utf8 and not n_gb:
        return "ISO-8859-1"
    if n_utf8 != n_gb:
        return "UTF-8" if n_utf8 > n_gb else "GB18030"
    gb = set(ok["GB18030"])
    both = [s for s in ok["UTF-8"] if s in gb]
    return detect_encoding(both or texts)
