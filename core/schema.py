"""The store's schema, defined once as data.

Every backend (GeoPackage now, PostgreSQL/PostGIS for the shared store) renders
its DDL from these definitions, the QGIS layer code builds forms, value maps and
constraints from them, and validation of rows before any write uses them too.

Names here are a contract: other modules, tests and saved projects rely on the
table and field names.

No QGIS or Qt import here. Labels are marked with ``QT_TRANSLATE_NOOP`` (a
no-op defined below) so that ``pylupdate5`` collects them under the context
``schema``; the QGIS side translates them with ``QCoreApplication.translate``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

SCHEMA_VERSION = 2
APPLICATION = "safe_municipal"
DEFAULT_EPSG = 4546  # CGCS2000 / 3-degree Gauss-Kruger CM 111E (Yichang)
TR_CONTEXT = "schema"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pylupdate5 looks for
    """Mark ``text`` for translation under ``context`` without translating it."""
    return text


# --------------------------------------------------------------------------- value lists
@dataclass(frozen=True)
class Code:
    value: str
    label: str  # English label; translated through the .ts catalogue


def _codes(*pairs: tuple) -> tuple:
    return tuple(Code(v, lbl) for v, lbl in pairs)


VALUE_LISTS: dict[str, tuple] = {
    "district": _codes(
        ("西陵区", QT_TRANSLATE_NOOP("schema", "Xiling District")),
        ("伍家岗区", QT_TRANSLATE_NOOP("schema", "Wujiagang District")),
        ("点军区", QT_TRANSLATE_NOOP("schema", "Dianjun District")),
        ("猇亭区", QT_TRANSLATE_NOOP("schema", "Xiaoting District")),
        ("夷陵区", QT_TRANSLATE_NOOP("schema", "Yiling District")),
    ),
    "road_class": _codes(
        ("expressway", QT_TRANSLATE_NOOP("schema", "Expressway (快速路)")),
        ("arterial", QT_TRANSLATE_NOOP("schema", "Arterial road (主干路)")),
        ("secondary", QT_TRANSLATE_NOOP("schema", "Secondary arterial (次干路)")),
        ("branch", QT_TRANSLATE_NOOP("schema", "Branch road (支路)")),
        ("lane", QT_TRANSLATE_NOOP("schema", "Neighbourhood street (街坊路)")),
    ),
    "pavement_type": _codes(
        ("asphalt", QT_TRANSLATE_NOOP("schema", "Asphalt")),
        ("concrete", QT_TRANSLATE_NOOP("schema", "Cement concrete")),
        ("block", QT_TRANSLATE_NOOP("schema", "Block paving")),
    ),
    "bridge_class": _codes(
        ("I", QT_TRANSLATE_NOOP("schema", "Class I (special / very large)")),
        ("II", QT_TRANSLATE_NOOP("schema", "Class II (on expressway)")),
        ("III", QT_TRANSLATE_NOOP("schema", "Class III (on arterial)")),
        ("IV", QT_TRANSLATE_NOOP("schema", "Class IV (on secondary arterial)")),
        ("V", QT_TRANSLATE_NOOP("schema", "Class V (on branch road)")),
    ),
    "bridge_type": _codes(
        ("beam", QT_TRANSLATE_NOOP("schema", "Beam bridge")),
        ("arch", QT_TRANSLATE_NOOP("schema", "Arch bridge")),
        ("cable_stayed", QT_TRANSLATE_NOOP("schema", "Cable-stayed bridge")),
        ("suspension", QT_TRANSLATE_NOOP("schema", "Suspension bridge")),
        ("pedestrian", QT_TRANSLATE_NOOP("schema", "Pedestrian bridge")),
    ),
    "pipe_usage": _codes(
        ("storm", QT_TRANSLATE_NOOP("schema", "Storm water (雨水)")),
        ("sewage", QT_TRANSLATE_NOOP("schema", "Sewage (污水)")),
        ("combined", QT_TRANSLATE_NOOP("schema", "Combined (合流)")),
    ),
    "pipe_material": _codes(
        ("concrete", QT_TRANSLATE_NOOP("schema", "Reinforced concrete")),
        ("hdpe", QT_TRANSLATE_NOOP("schema", "HDPE")),
        ("pvc", QT_TRANSLATE_NOOP("schema", "PVC-U")),
        ("ductile_iron", QT_TRANSLATE_NOOP("schema", "Ductile iron")),
        ("brick", QT_TRANSLATE_NOOP("schema", "Brick")),
        ("grp", QT_TRANSLATE_NOOP("schema", "Glass-fibre reinforced plastic")),
    ),
    "area_class": _codes(  # CJJ 181 K factor
        ("cbd", QT_TRANSLATE_NOOP("schema", "Central business district / class A buildings")),
        ("arterial", QT_TRANSLATE_NOOP("schema", "Arterial road / class B buildings")),
        ("carriageway", QT_TRANSLATE_NOOP("schema", "Other carriageway / class C buildings")),
        ("other", QT_TRANSLATE_NOOP("schema", "Other area")),
    ),
    "soil_class": _codes(  # CJJ 181 T factor
        ("ordinary", QT_TRANSLATE_NOOP("schema", "Ordinary soil")),
        ("weak", QT_TRANSLATE_NOOP("schema", "Collapsible loess I/II, weak expansive soil")),
        ("medium", QT_TRANSLATE_NOOP("schema", "Loess III, medium expansive soil, mucky soil, red clay")),
        ("strong", QT_TRANSLATE_NOOP("schema", "Silty sand, loess IV, strong expansive soil, silt")),
    ),
    "cover_type": _codes(
        ("cast_iron", QT_TRANSLATE_NOOP("schema", "Ordinary cast iron")),
        ("ductile_iron", QT_TRANSLATE_NOOP("schema", "Ductile iron")),
        ("composite", QT_TRANSLATE_NOOP("schema", "Composite")),
        ("concrete", QT_TRANSLATE_NOOP("schema", "Concrete")),
        ("wide_rim_anti_settlement", QT_TRANSLATE_NOOP("schema", "Wide-rim anti-settlement (宽边防沉降)")),
    ),
    "load_class": _codes(  # GB/T 23858
        ("A15", "A15"), ("B125", "B125"), ("C250", "C250"),
        ("D400", "D400"), ("E600", "E600"), ("F900", "F900"),
    ),
    "cover_zone": _codes(
        ("green", QT_TRANSLATE_NOOP("schema", "Green area / pedestrian only")),
        ("sidewalk", QT_TRANSLATE_NOOP("schema", "Sidewalk / non-motorised lane")),
        ("kerb", QT_TRANSLATE_NOOP("schema", "Kerbside gutter zone")),
        ("carriageway", QT_TRANSLATE_NOOP("schema", "Carriageway")),
        ("heavy", QT_TRANSLATE_NOOP("schema", "Docks / airports")),
    ),
    "inlet_type": _codes(
        ("grate", QT_TRANSLATE_NOOP("schema", "Grate inlet")),
        ("kerb", QT_TRANSLATE_NOOP("schema", "Kerb inlet")),
        ("combined", QT_TRANSLATE_NOOP("schema", "Combined inlet")),
    ),
    "storage_type": _codes(
        ("tank", QT_TRANSLATE_NOOP("schema", "Storage tank")),
        ("pond", QT_TRANSLATE_NOOP("schema", "Detention pond")),
        ("lake", QT_TRANSLATE_NOOP("schema", "Lake / river regulated storage")),
        ("pipe", QT_TRANSLATE_NOOP("schema", "Oversized storage pipe")),
    ),
    "outfall_type": _codes(
        ("free", QT_TRANSLATE_NOOP("schema", "Free outfall (自由出流)")),
        ("submerged", QT_TRANSLATE_NOOP("schema", "Submerged outfall (淹没出流)")),
        ("pumped", QT_TRANSLATE_NOOP("schema", "Pumped outfall (泵站排放)")),
    ),
    "waterlogging_status": _codes(
        ("active", QT_TRANSLATE_NOOP("schema", "Active")),
        ("in_treatment", QT_TRANSLATE_NOOP("schema", "Being remediated")),
        ("remediated", QT_TRANSLATE_NOOP("schema", "Remediated")),
    ),
    "maintenance_category": _codes(
        ("preventive", QT_TRANSLATE_NOOP("schema", "Preventive maintenance (预防性养护)")),
        ("minor", QT_TRANSLATE_NOOP("schema", "Minor repair (小修保养)")),
        ("corrective", QT_TRANSLATE_NOOP("schema", "Corrective maintenance (矫正性养护)")),
        ("major", QT_TRANSLATE_NOOP("schema", "Major repair / rebuild (大修)")),
        ("emergency", QT_TRANSLATE_NOOP("schema", "Emergency repair (抢修)")),
    ),
    "work_status": _codes(
        ("planned", QT_TRANSLATE_NOOP("schema", "Planned")),
        ("in_progress", QT_TRANSLATE_NOOP("schema", "In progress")),
        ("done", QT_TRANSLATE_NOOP("schema", "Done")),
    ),
    "inspection_type": _codes(
        ("routine", QT_TRANSLATE_NOOP("schema", "Routine patrol")),
        ("periodic", QT_TRANSLATE_NOOP("schema", "Periodic inspection")),
        ("structural", QT_TRANSLATE_NOOP("schema", "Structural inspection")),
        ("cctv", QT_TRANSLATE_NOOP("schema", "CCTV survey")),
        ("special", QT_TRANSLATE_NOOP("schema", "Special inspection")),
    ),
    "standard": _codes(
        ("CJJ36-2016", QT_TRANSLATE_NOOP("schema", "CJJ 36-2016 urban roads")),
        ("CJJ99-2017", QT_TRANSLATE_NOOP("schema", "CJJ 99-2017 urban bridges")),
        ("CJJ181-2012", QT_TRANSLATE_NOOP("schema", "CJJ 181-2012 drainage pipes")),
        ("JTGH12-2015", QT_TRANSLATE_NOOP("schema", "JTG H12-2015 tunnels")),
        ("GB51222-2017", QT_TRANSLATE_NOOP("schema", "GB 51222-2017 waterlogging")),
        ("GBT23858-2009", QT_TRANSLATE_NOOP("schema", "GB/T 23858-2009 manhole covers")),
    ),
    "cctv_code": _codes(  # CJJ 181-2012 defect codes
        ("PL", QT_TRANSLATE_NOOP("schema", "PL Rupture (破裂)")),
        ("BX", QT_TRANSLATE_NOOP("schema", "BX Deformation (变形)")),
        ("FS", QT_TRANSLATE_NOOP("schema", "FS Corrosion (腐蚀)")),
        ("CK", QT_TRANSLATE_NOOP("schema", "CK Misalignment (错口)")),
        ("QF", QT_TRANSLATE_NOOP("schema", "QF Sag (起伏)")),
        ("TJ", QT_TRANSLATE_NOOP("schema", "TJ Disjointed (脱节)")),
        ("TL", QT_TRANSLATE_NOOP("schema", "TL Joint material loss (接口材料脱落)")),
        ("AJ", QT_TRANSLATE_NOOP("schema", "AJ Hidden branch connection (支管暗接)")),
        ("CR", QT_TRANSLATE_NOOP("schema", "CR Intruding object (异物穿入)")),
        ("SL", QT_TRANSLATE_NOOP("schema", "SL Leakage (渗漏)")),
        ("CJ", QT_TRANSLATE_NOOP("schema", "CJ Deposits (沉积)")),
        ("JG", QT_TRANSLATE_NOOP("schema", "JG Scale (结垢)")),
        ("ZW", QT_TRANSLATE_NOOP("schema", "ZW Obstacle (障碍物)")),
        ("CQ", QT_TRANSLATE_NOOP("schema", "CQ Residual wall or dam (残墙坝根)")),
        ("SG", QT_TRANSLATE_NOOP("schema", "SG Roots (树根)")),
        ("FZ", QT_TRANSLATE_NOOP("schema", "FZ Scum (浮渣)")),
    ),
    "defect_orientation": _codes(
        ("circumferential", QT_TRANSLATE_NOOP("schema", "Circumferential (local)")),
        ("longitudinal", QT_TRANSLATE_NOOP("schema", "Longitudinal (continuous)")),
    ),
    "bridge_part": _codes(
        ("deck", QT_TRANSLATE_NOOP("schema", "Deck system (桥面系)")),
        ("superstructure", QT_TRANSLATE_NOOP("schema", "Superstructure (上部结构)")),
        ("substructure", QT_TRANSLATE_NOOP("schema", "Substructure (下部结构)")),
    ),
    "support_kind": _codes(
        ("pier", QT_TRANSLATE_NOOP("schema", "Pier (桥墩)")),
        ("abutment", QT_TRANSLATE_NOOP("schema", "Abutment (桥台)")),
    ),
    "assessment_category": _codes(
        ("preventive", QT_TRANSLATE_NOOP("schema", "Preventive maintenance (预防性养护)")),
        ("minor", QT_TRANSLATE_NOOP("schema", "Minor repair (小修保养)")),
        ("corrective", QT_TRANSLATE_NOOP("schema", "Corrective maintenance (矫正性养护)")),
        ("major", QT_TRANSLATE_NOOP("schema", "Major repair / rebuild (大修)")),
    ),
    "work_type": _codes(
        ("cleaning", QT_TRANSLATE_NOOP("schema", "Pipe cleaning (管网清疏)")),
        ("cover_replacement", QT_TRANSLATE_NOOP("schema", "Cover or grate replacement (井盖雨篦更换)")),
        ("inlet_installation", QT_TRANSLATE_NOOP("schema", "New rain inlet (新增雨篦)")),
        ("repair", QT_TRANSLATE_NOOP("schema", "Repair (维修)")),
        ("inspection_work", QT_TRANSLATE_NOOP("schema", "Inspection (检测)")),
        ("other", QT_TRANSLATE_NOOP("schema", "Other work")),
    ),
    "plan_reason": _codes(
        ("grade", QT_TRANSLATE_NOOP("schema", "Condition grade")),
        ("overdue_inspection", QT_TRANSLATE_NOOP("schema", "Inspection overdue")),
        ("waterlogging_plan", QT_TRANSLATE_NOOP("schema", "Open waterlogging plan")),
        ("cover_noncompliance", QT_TRANSLATE_NOOP("schema", "Cover load class not compliant")),
    ),
    "programme_kind": _codes(
        ("pipe_cleaning", QT_TRANSLATE_NOOP("schema", "Flood-season pipe cleaning (汛期前管网清疏)")),
        ("cover_replacement", QT_TRANSLATE_NOOP("schema", "New covers and grates (更换新型井盖、雨篦)")),
        ("anti_settlement_covers", QT_TRANSLATE_NOOP("schema", "Wide-rim anti-settlement covers (宽边防沉降井盖)")),
    ),
    "plan_status": _codes(
        ("draft", QT_TRANSLATE_NOOP("schema", "Draft")),
        ("approved", QT_TRANSLATE_NOOP("schema", "Approved")),
        ("in_progress", QT_TRANSLATE_NOOP("schema", "In progress")),
        ("done", QT_TRANSLATE_NOOP("schema", "Done")),
        ("cancelled", QT_TRANSLATE_NOOP("schema", "Cancelled")),
    ),
    "case_problem": _codes(
        ("missing", QT_TRANSLATE_NOOP("schema", "Cover missing (缺失)")),
        ("broken", QT_TRANSLATE_NOOP("schema", "Cover broken (破损)")),
        ("sunken", QT_TRANSLATE_NOOP("schema", "Sunken or raised (沉降/凸起)")),
        ("rattling", QT_TRANSLATE_NOOP("schema", "Rattling (异响)")),
        ("displaced", QT_TRANSLATE_NOOP("schema", "Displaced (移位)")),
        ("grate_blocked", QT_TRANSLATE_NOOP("schema", "Grate blocked (雨篦堵塞)")),
        ("other", QT_TRANSLATE_NOOP("schema", "Other problem")),
    ),
    "case_source": _codes(
        ("hotline", QT_TRANSLATE_NOOP("schema", "12345 hotline")),
        ("patrol", QT_TRANSLATE_NOOP("schema", "Patrol")),
        ("digital_city", QT_TRANSLATE_NOOP("schema", "Digital city management (数字城管)")),
        ("public", QT_TRANSLATE_NOOP("schema", "Public report")),
        ("other", QT_TRANSLATE_NOOP("schema", "Other source")),
    ),
    "case_status": _codes(
        ("reported", QT_TRANSLATE_NOOP("schema", "Reported")),
        ("dispatched", QT_TRANSLATE_NOOP("schema", "Dispatched")),
        ("responded", QT_TRANSLATE_NOOP("schema", "Responded")),
        ("fixed", QT_TRANSLATE_NOOP("schema", "Fixed")),
        ("closed", QT_TRANSLATE_NOOP("schema", "Closed")),
    ),
    "cost_basis": _codes(
        ("per_m", QT_TRANSLATE_NOOP("schema", "Per metre of length")),
        ("per_m2", QT_TRANSLATE_NOOP("schema", "Per square metre")),
        ("per_item", QT_TRANSLATE_NOOP("schema", "Per facility")),
    ),
    "audit_action": _codes(
        ("insert", QT_TRANSLATE_NOOP("schema", "Insert")),
        ("update", QT_TRANSLATE_NOOP("schema", "Update")),
        ("delete", QT_TRANSLATE_NOOP("schema", "Delete")),
    ),
}


# --------------------------------------------------------------------------- fields and tables
FIELD_TYPES = ("uuid", "text", "integer", "real", "boolean", "date", "datetime", "json", "blob")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str
    required: bool = False
    unique: bool = False
    values: Optional[str] = None  # key into VALUE_LISTS
    min: Optional[float] = None
    max: Optional[float] = None
    max_length: Optional[int] = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")
        if self.values is not None and self.values not in VALUE_LISTS:
            raise ValueError(f"field {self.name}: unknown value list {self.values!r}")


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    fields: tuple
    geometry: Optional[str] = None  # 'Point', 'LineString', 'Polygon' or None
    kind: str = "record"  # 'facility', 'record' or 'system'
    code_prefix: Optional[str] = None  # facilities: human code prefix, e.g. QL for bridges
    indexes: tuple = field(default_factory=tuple)  # extra indexed columns

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def field_names(self) -> tuple:
        return tuple(f.name for f in self.fields)

    @property
    def is_spatial(self) -> bool:
        return self.geometry is not None


L = QT_TRANSLATE_NOOP  # short alias for the tables below; scripts/update_translations.sh extracts it too


def _facility_common(road_class: bool) -> tuple:
    fields = [
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("code", "text", L("schema", "Code"), required=True, unique=True, max_length=40),
        Field("name", "text", L("schema", "Name"), max_length=200),
        # Free text: each city has its own districts (VALUE_LISTS["district"] holds Yichang's as defaults).
        Field("district", "text", L("schema", "District"), max_length=100),
    ]
    if road_class:
        fields.append(Field("road_class", "text", L("schema", "Road class"), values="road_class"))
    fields += [
        Field("maintenance_unit", "text", L("schema", "Maintenance unit"), max_length=200),
        Field("built_year", "integer", L("schema", "Year built"), min=1800, max=2100),
        Field("grade", "text", L("schema", "Current grade"), max_length=20),
        Field("grade_standard", "text", L("schema", "Grading standard"), values="standard"),
        Field("last_inspected", "date", L("schema", "Last inspected")),
        Field("next_due", "date", L("schema", "Next inspection due")),
        Field("recommended_action", "text", L("schema", "Recommended action")),
        Field("recommended_category", "text", L("schema", "Recommended category"), values="assessment_category"),
        Field("notes", "text", L("schema", "Notes")),
    ]
    return tuple(fields)


def _facility(name, label, geometry, prefix, specific, road_class=True, indexes=()) -> Table:
    # Indexed: district (statistics) and the links the archive follows (connections stay fast at city scale).
    return Table(name, label, _facility_common(road_class) + tuple(specific),
                 geometry=geometry, kind="facility", code_prefix=prefix, indexes=("district", "name") + indexes)


FACILITY_TABLES: tuple = (
    _facility("road", L("schema", "Roads"), "LineString", "DL", [
        Field("pavement_type", "text", L("schema", "Pavement type"), values="pavement_type"),
        Field("length_m", "real", L("schema", "Length (m)"), min=0),
        Field("width_m", "real", L("schema", "Carriageway width (m)"), min=0),
        Field("lanes", "integer", L("schema", "Lanes"), min=1, max=16),
    ]),
    _facility("bridge", L("schema", "Bridges"), "LineString", "QL", [
        Field("bridge_class", "text", L("schema", "Bridge class"), values="bridge_class"),
        Field("bridge_type", "text", L("schema", "Bridge type"), values="bridge_type"),
        Field("span_count", "integer", L("schema", "Spans"), min=1),
        Field("length_m", "real", L("schema", "Length (m)"), min=0),
        Field("width_m", "real", L("schema", "Deck width (m)"), min=0),
        Field("road_uid", "uuid", L("schema", "Carried road")),
    ], indexes=("road_uid",)),
    _facility("tunnel", L("schema", "Tunnels"), "LineString", "SD", [
        Field("length_m", "real", L("schema", "Length (m)"), min=0),
        Field("tubes", "integer", L("schema", "Tubes"), min=1, max=4),
        Field("lanes", "integer", L("schema", "Lanes"), min=1, max=16),
        Field("road_uid", "uuid", L("schema", "Carried road")),
    ], indexes=("road_uid",)),
    _facility("drain_pipe", L("schema", "Drainage pipes"), "LineString", "GD", [
        Field("usage", "text", L("schema", "Usage"), required=True, values="pipe_usage"),
        Field("diameter_mm", "integer", L("schema", "Diameter (mm)"), required=True, min=50, max=6000),
        Field("material", "text", L("schema", "Material"), values="pipe_material"),
        Field("length_m", "real", L("schema", "Length (m)"), min=0),
        Field("up_manhole_uid", "uuid", L("schema", "Upstream manhole")),
        Field("down_manhole_uid", "uuid", L("schema", "Downstream manhole")),
        Field("up_invert_depth_m", "real", L("schema", "Upstream invert depth (m)"), min=0, max=50),
        Field("down_invert_depth_m", "real", L("schema", "Downstream invert depth (m)"), min=0, max=50),
        Field("area_class", "text", L("schema", "Area class (CJJ 181 K)"), values="area_class"),
        Field("soil_class", "text", L("schema", "Soil class (CJJ 181 T)"), values="soil_class"),
        Field("road_uid", "uuid", L("schema", "Road")),
    ], indexes=("up_manhole_uid", "down_manhole_uid", "road_uid")),
    _facility("manhole", L("schema", "Manholes"), "Point", "JC", [
        Field("usage", "text", L("schema", "Usage"), values="pipe_usage"),
        Field("depth_m", "real", L("schema", "Depth (m)"), min=0, max=50),
        Field("cover_type", "text", L("schema", "Cover type"), values="cover_type"),
        Field("load_class", "text", L("schema", "Cover load class"), values="load_class"),
        Field("cover_zone", "text", L("schema", "Where the cover lies"), values="cover_zone"),
        Field("anti_settlement", "boolean", L("schema", "Anti-settlement")),
        Field("cover_replaced_on", "date", L("schema", "Cover replaced on")),
        Field("road_uid", "uuid", L("schema", "Road")),
    ], indexes=("road_uid",)),
    _facility("rain_inlet", L("schema", "Rain inlets"), "Point", "YS", [
        Field("inlet_type", "text", L("schema", "Inlet type"), values="inlet_type"),
        Field("grates", "integer", L("schema", "Grates"), min=1, max=20),
        Field("load_class", "text", L("schema", "Grate load class"), values="load_class"),
        Field("manhole_uid", "uuid", L("schema", "Connected manhole")),
        Field("road_uid", "uuid", L("schema", "Road")),
    ], indexes=("manhole_uid", "road_uid")),
    _facility("storage_facility", L("schema", "Storage facilities"), "Polygon", "TX", [
        Field("storage_type", "text", L("schema", "Storage type"), values="storage_type"),
        Field("capacity_m3", "real", L("schema", "Adjustable capacity (m³)"), required=True, min=0),
        Field("normal_level_m", "real", L("schema", "Normal water level (m)")),
        Field("pre_lowering_level_m", "real", L("schema", "Pre-lowering level (m)")),
    ], road_class=False),
    _facility("waterlogging_point", L("schema", "Waterlogging points"), "Point", "JS", [
        Field("location_desc", "text", L("schema", "Location"), max_length=300),
        Field("status", "text", L("schema", "Status"), values="waterlogging_status"),
        Field("sponge_city", "boolean", L("schema", "Sponge-city demonstration")),
        Field("design_return_period_yr", "integer", L("schema", "Design return period (years)"), min=1,
              max=1000),
        Field("road_uid", "uuid", L("schema", "Road")),
    ], indexes=("road_uid",)),
    # schema version 2: where the network discharges (排放口), e.g. a SWMM model's outfalls
    _facility("outfall", L("schema", "Outfalls"), "Point", "PK", [
        Field("usage", "text", L("schema", "Usage"), values="pipe_usage"),
        Field("outfall_type", "text", L("schema", "Outfall type"), values="outfall_type"),
        Field("receiving_water", "text", L("schema", "Receiving water"), max_length=200),
        Field("invert_elevation_m", "real", L("schema", "Invert elevation (m)"), min=-500, max=9000),
        Field("flap_gate", "boolean", L("schema", "Flap gate")),
    ], road_class=False),
)

_RECORD_KEYS = (
    Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
    Field("facility_uid", "uuid", L("schema", "Facility"), required=True),
    Field("facility_kind", "text", L("schema", "Facility kind"), required=True),
)

RECORD_TABLES: tuple = (
    Table("inspection", L("schema", "Health records"), _RECORD_KEYS + (
        Field("inspected_on", "date", L("schema", "Inspection date"), required=True),
        Field("inspection_type", "text", L("schema", "Inspection type"), values="inspection_type"),
        Field("inspector", "text", L("schema", "Inspector"), max_length=200),
        Field("standard", "text", L("schema", "Standard"), values="standard"),
        Field("indices", "json", L("schema", "Indices")),
        Field("grade", "text", L("schema", "Grade"), max_length=20),
        Field("summary", "text", L("schema", "Summary")),
    ), indexes=("facility_uid", "inspected_on")),
    Table("maintenance", L("schema", "Maintenance works"), _RECORD_KEYS + (
        Field("category", "text", L("schema", "Category"), required=True, values="maintenance_category"),
        Field("status", "text", L("schema", "Status"), required=True, values="work_status"),
        Field("started_on", "date", L("schema", "Start date")),
        Field("finished_on", "date", L("schema", "End date")),
        Field("description", "text", L("schema", "Description")),
        Field("contractor", "text", L("schema", "Contractor"), max_length=200),
        Field("cost_yuan", "real", L("schema", "Cost (yuan)"), min=0),
        Field("work_type", "text", L("schema", "Type of work"), values="work_type"),
        # planned works (maintenance plan, programmes)
        Field("due_on", "date", L("schema", "Due by")),
        Field("reason", "text", L("schema", "Reason"), values="plan_reason"),
        Field("urgency", "real", L("schema", "Urgency"), min=0),
        Field("estimated_cost_yuan", "real", L("schema", "Estimated cost (yuan)"), min=0),
        Field("responsible_unit", "text", L("schema", "Responsible unit"), max_length=200),
        Field("plan_ref", "text", L("schema", "Plan"), max_length=80),
        Field("programme_uid", "uuid", L("schema", "Programme")),
    ), indexes=("facility_uid", "started_on", "plan_ref", "programme_uid")),
    Table("maintenance_material", L("schema", "Materials used"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("maintenance_uid", "uuid", L("schema", "Maintenance work"), required=True),
        Field("material", "text", L("schema", "Material"), required=True, max_length=200),
        Field("quantity", "real", L("schema", "Quantity"), required=True, min=0),
        Field("unit", "text", L("schema", "Unit"), required=True, max_length=20),
    ), indexes=("maintenance_uid",)),
    Table("attachment", L("schema", "Attachments"), _RECORD_KEYS + (
        Field("record_uid", "uuid", L("schema", "Record")),
        Field("title", "text", L("schema", "Title"), max_length=200),
        Field("file_name", "text", L("schema", "File name"), required=True, max_length=255),
        Field("mime_type", "text", L("schema", "Type"), max_length=100),
        Field("size_bytes", "integer", L("schema", "Size (bytes)"), min=0),
        Field("sha256", "text", L("schema", "SHA-256"), max_length=64),
        Field("taken_on", "date", L("schema", "Date taken")),
        Field("content", "blob", L("schema", "Content")),
    ), indexes=("facility_uid",)),
)


def _detail_keys() -> tuple:
    return (Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
            Field("inspection_uid", "uuid", L("schema", "Health record"), required=True))


# Detail records of one inspection, per standard (docs/standards.md gives the engine's inputs).
DETAIL_TABLES: tuple = (
    Table("pipe_defect", L("schema", "CCTV defects"), _detail_keys() + (
        Field("code", "text", L("schema", "Defect code"), required=True, values="cctv_code"),
        Field("grade", "integer", L("schema", "Defect grade"), required=True, min=1, max=4),
        Field("start_m", "real", L("schema", "Start chainage (m)"), required=True, min=0),
        Field("end_m", "real", L("schema", "End chainage (m)"), min=0),
        Field("orientation", "text", L("schema", "Orientation"), values="defect_orientation"),
    ), indexes=("inspection_uid",)),
    Table("pavement_distress", L("schema", "Pavement distresses"), _detail_keys() + (
        Field("type", "text", L("schema", "Distress type"), required=True, max_length=20),
        Field("area_m2", "real", L("schema", "Damaged area (m²)"), min=0),
        Field("length_m", "real", L("schema", "Crack length (m)"), min=0),
        Field("dp", "real", L("schema", "Deduction (DP)"), min=0, max=100),
    ), indexes=("inspection_uid",)),
    Table("bridge_element", L("schema", "Bridge element deductions"), _detail_keys() + (
        Field("part", "text", L("schema", "Part"), required=True, values="bridge_part"),
        Field("instance", "integer", L("schema", "Span / pier or abutment number"), min=1),
        Field("instance_kind", "text", L("schema", "Pier or abutment"), values="support_kind"),
        Field("element", "text", L("schema", "Element"), max_length=40),
        Field("mdp", "real", L("schema", "Element deduction (MDP)"), min=0, max=100),
        Field("dps", "json", L("schema", "Defect deductions (DP)")),
        Field("absent", "boolean", L("schema", "Element absent")),
        Field("single_item_control", "boolean", L("schema", "Single-item control")),
    ), indexes=("inspection_uid",)),
    Table("tunnel_item", L("schema", "Tunnel item values"), _detail_keys() + (
        Field("item", "text", L("schema", "Item"), required=True, max_length=40),
        Field("value", "integer", L("schema", "Condition value"), required=True, min=0, max=4),
    ), indexes=("inspection_uid",)),
    Table("waterlogging_event", L("schema", "Waterlogging events"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("facility_uid", "uuid", L("schema", "Waterlogging point"), required=True),
        Field("inspection_uid", "uuid", L("schema", "Health record")),
        Field("event_on", "date", L("schema", "Event date"), required=True),
        Field("rainfall_mm", "real", L("schema", "Rainfall (mm)"), min=0),
        Field("return_period_yr", "real", L("schema", "Rain return period (years)"), min=0.001),
        Field("max_depth_cm", "real", L("schema", "Maximum depth (cm)"), min=0),
        Field("duration_min", "real", L("schema", "Duration (min)"), min=0),
        Field("building_ingress", "boolean", L("schema", "Water entered buildings")),
        Field("traffic_impact", "text", L("schema", "Traffic impact")),
    ), indexes=("facility_uid", "event_on")),
    Table("assessment", L("schema", "Assessments"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("facility_uid", "uuid", L("schema", "Facility"), required=True),
        Field("facility_kind", "text", L("schema", "Facility kind"), required=True),
        Field("assessed_on", "date", L("schema", "Assessed on"), required=True),
        Field("assessed_by", "text", L("schema", "Assessed by"), max_length=200),
        Field("as_of", "date", L("schema", "Data as of")),
        Field("standard", "text", L("schema", "Standard"), values="standard"),
        Field("inspection_uid", "uuid", L("schema", "Health record")),
        Field("indices", "json", L("schema", "Indices")),
        Field("grades", "json", L("schema", "Grades")),
        Field("grade", "text", L("schema", "Grade"), max_length=20),
        Field("category", "text", L("schema", "Category"), values="assessment_category"),
        Field("action", "text", L("schema", "Action")),
        Field("next_due", "date", L("schema", "Next inspection due")),
        Field("options", "json", L("schema", "Options")),
    ), indexes=("facility_uid", "assessed_on")),
)

PROGRAMME_TABLES: tuple = (
    # An annual programme of the office (汛期前管网清疏, 井盖雨篦更换 …): a target overall and by district.
    Table("programme", L("schema", "Programmes"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("kind", "text", L("schema", "Programme"), required=True, values="programme_kind"),
        Field("year", "integer", L("schema", "Year"), required=True, min=2000, max=2100),
        Field("name", "text", L("schema", "Name"), max_length=200),
        Field("starts_on", "date", L("schema", "From"), required=True),
        Field("deadline", "date", L("schema", "Deadline"), required=True),
        Field("target", "real", L("schema", "Target"), required=True, min=0),
        Field("notes", "text", L("schema", "Notes")),
    ), kind="programme", indexes=("kind", "year")),
    Table("programme_target", L("schema", "Programme targets by district"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("programme_uid", "uuid", L("schema", "Programme"), required=True),
        Field("district", "text", L("schema", "District or county"), required=True, max_length=100),
        Field("target", "real", L("schema", "Target"), required=True, min=0),
    ), kind="programme", indexes=("programme_uid",)),
    # Per cover or grate: what was there, what replaced it (GB/T 23858 load class), when.
    Table("cover_replacement", L("schema", "Cover and grate replacements"), _RECORD_KEYS + (
        Field("replaced_on", "date", L("schema", "Replaced on"), required=True),
        Field("old_cover_type", "text", L("schema", "Old type"), values="cover_type"),
        Field("new_cover_type", "text", L("schema", "New type"), values="cover_type"),
        Field("old_load_class", "text", L("schema", "Old load class"), values="load_class"),
        Field("new_load_class", "text", L("schema", "New load class"), values="load_class"),
        Field("anti_settlement", "boolean", L("schema", "Anti-settlement")),
        Field("programme_uid", "uuid", L("schema", "Programme")),
        Field("maintenance_uid", "uuid", L("schema", "Maintenance work")),
    ), kind="programme", indexes=("facility_uid", "replaced_on", "programme_uid")),
    # 内涝治理"一点一策": one plan per waterlogging point.
    Table("waterlogging_plan", L("schema", "Waterlogging plans (一点一策)"), _RECORD_KEYS + (
        Field("cause", "text", L("schema", "Cause analysis")),
        Field("measures", "text", L("schema", "Measures")),
        Field("responsible_unit", "text", L("schema", "Responsible unit"), max_length=200),
        Field("deadline", "date", L("schema", "Deadline")),
        Field("status", "text", L("schema", "Status"), required=True, values="plan_status"),
        Field("sponge_city", "boolean", L("schema", "Sponge-city demonstration")),
        Field("project", "text", L("schema", "Remediation project"), max_length=200),
        Field("completed_on", "date", L("schema", "Completed on")),
    ), kind="programme", indexes=("facility_uid", "deadline")),
    Table("maintenance_unit", L("schema", "Maintenance units"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("name", "text", L("schema", "Name"), required=True, unique=True, max_length=200),
        Field("district", "text", L("schema", "District or county"), max_length=100),
        Field("rotation_order", "integer", L("schema", "Rotation order"), required=True, min=0),
        Field("open_case_limit", "integer", L("schema", "Open case limit"), required=True, min=1, max=10000),
        Field("active", "boolean", L("schema", "Active in rotation"), required=True),
        Field("phone", "text", L("schema", "Phone"), max_length=40),
    ), kind="programme"),
    # 综合井盖案件: reported problems with covers, dispatched to the units in rotation.
    Table("cover_case", L("schema", "Cover cases"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("code", "text", L("schema", "Case number"), required=True, unique=True, max_length=40),
        Field("reported_at", "datetime", L("schema", "Reported at"), required=True),
        Field("source", "text", L("schema", "Source"), values="case_source"),
        Field("problem", "text", L("schema", "Problem"), required=True, values="case_problem"),
        Field("description", "text", L("schema", "Description")),
        Field("manhole_uid", "uuid", L("schema", "Cover")),
        Field("district", "text", L("schema", "District or county"), max_length=100),
        Field("unit_uid", "uuid", L("schema", "Maintenance unit")),
        Field("status", "text", L("schema", "Status"), required=True, values="case_status"),
        Field("dispatched_at", "datetime", L("schema", "Dispatched at")),
        Field("responded_at", "datetime", L("schema", "Responded at")),
        Field("fixed_at", "datetime", L("schema", "Fixed at")),
    ), geometry="Point", kind="programme", indexes=("reported_at", "unit_uid", "manhole_uid", "status")),
    # The maintenance plan's editable unit costs: yuan per metre, square metre or facility.
    Table("unit_cost", L("schema", "Unit costs"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("facility_kind", "text", L("schema", "Facility kind"), required=True, max_length=40),
        Field("category", "text", L("schema", "Category"), required=True, values="maintenance_category"),
        Field("basis", "text", L("schema", "Basis"), required=True, values="cost_basis"),
        Field("unit_cost_yuan", "real", L("schema", "Unit cost (yuan)"), required=True, min=0),
        Field("notes", "text", L("schema", "Notes")),
    ), kind="programme", indexes=("facility_kind",)),
    # Settings kept with the store (planning weights, case time limits), as JSON values.
    Table("setting", L("schema", "Settings"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("key", "text", L("schema", "Key"), required=True, unique=True, max_length=100),
        Field("value", "json", L("schema", "Value"), required=True),
    ), kind="programme"),
)

SYSTEM_TABLES: tuple = (
    Table("audit_log", L("schema", "Audit log"), (
        Field("uid", "uuid", L("schema", "UID"), required=True, unique=True),
        Field("changed_at", "datetime", L("schema", "When"), required=True),
        Field("user_name", "text", L("schema", "Who"), required=True, max_length=200),
        Field("table_name", "text", L("schema", "Table"), required=True, max_length=64),
        Field("row_uid", "uuid", L("schema", "Row"), required=True),
        # The facility the changed row belongs to (itself, or the record's facility): one indexed
        # lookup gives a facility's whole history, deleted records included.
        Field("facility_uid", "uuid", L("schema", "Facility")),
        Field("action", "text", L("schema", "Action"), required=True, values="audit_action"),
        Field("old_values", "json", L("schema", "Old values")),
        Field("new_values", "json", L("schema", "New values")),
    ), kind="system", indexes=("row_uid", "facility_uid", "changed_at")),
)

TABLES: tuple = FACILITY_TABLES + RECORD_TABLES + DETAIL_TABLES + PROGRAMME_TABLES + SYSTEM_TABLES
TABLES_BY_NAME: dict = {t.name: t for t in TABLES}
FACILITY_KINDS: tuple = tuple(t.name for t in FACILITY_TABLES)

# Relations every facility layer gets: (record table, key in the record table)
FACILITY_RELATIONS: tuple = (
    ("inspection", "facility_uid"),
    ("maintenance", "facility_uid"),
    ("attachment", "facility_uid"),
    ("audit_log", "row_uid"),
)

META_TABLE = "sm_meta"
MIGRATIONS_TABLE = "sm_schema_migrations"


def table(name: str) -> Table:
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}") from None


def value_codes(list_name: str) -> tuple:
    return tuple(c.value for c in VALUE_LISTS[list_name])
