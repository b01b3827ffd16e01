"""Thematic renderers for meetings and overview maps: one call themes every relevant layer.

Themes (:data:`THEMES`):

- ``grades``: every facility layer by the grade theme (:func:`layers.themes.apply_grade_theme`);
- ``due_work``: facilities with work due in a year — ``next_due`` on or before 31 December of the
  year, or a recommended category ``corrective`` / ``major`` — coloured by the recommended category
  (no category: *inspection due*); the rest light grey (:func:`due_renderer`);
- ``waterlogging``: waterlogging points by the state of their plan (一点一策): *no plan*, *plan open*,
  *plan overdue*, *plan done* (:func:`plan_states`, :func:`waterlogging_renderer`); storage
  facilities and pipes keep their style as context;
- ``cleaning``: the pipe-cleaning programme's theme (:func:`layers.programme_themes.apply_cleaning_theme`);
- ``covers``: the cover-replacement theme (:func:`layers.programme_themes.apply_cover_theme`);
- ``programmes``: cleaning and covers together (the meeting dock's *Programmes* button).

:func:`apply_theme` sets a theme on the store's layers of a project and returns which layers it
themed and which it keeps as context; it does not save what was there before (the meeting dock
does that, the overview export works on a project of its own). The programme themes read the
store (which programme, which districts are short) through :class:`layers.programmes.Programmes`.

Also here: the map tip template and display expression of the meeting mode
(:func:`map_tip_template`), the district filter expression (:func:`district_filter`), and extents
and districts read from the store (:func:`tables_extent`, :func:`named_extent`,
:func:`store_districts`). ``store_path`` is a GeoPackage file or a PostGIS store reference: the
filters are SQL both providers run, extents come from ``store.table_extent``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from qgis.core import (
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsRuleBasedRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import programmes as PG
from ..core import schema as S
from ..i18n import tr, translate
from .project import PROP_TABLE, find_layers

PROP_THEME = "safe_municipal/theme"  # the same property the grade and programme themes set
THEME_GRADES = "grades"
THEME_DUE = "due_work"
THEME_WATERLOGGING = "waterlogging"
THEME_CLEANING = "cleaning"
THEME_COVERS = "covers"
THEME_PROGRAMMES = "programmes"
THEMES = (THEME_GRADES, THEME_DUE, THEME_WATERLOGGING, THEME_CLEANING, THEME_COVERS, THEME_PROGRAMMES)
#: The themes an overview map can show (``programmes`` is two maps: cleaning and covers).
OVERVIEW_THEMES = THEMES[:5]

GRADED_KINDS = ("road", "bridge", "tunnel", "drain_pipe", "manhole", "waterlogging_point")
#: (themed tables, context tables shown in their own style) per theme.
THEME_TABLES = {
    THEME_GRADES: (GRADED_KINDS, ()),
    THEME_DUE: (GRADED_KINDS, ()),
    THEME_WATERLOGGING: (("waterlogging_point",), ("storage_facility", "drain_pipe")),
    THEME_CLEANING: (("drain_pipe",), ("road",)),
    THEME_COVERS: (("manhole",), ("drain_pipe",)),
    THEME_PROGRAMMES: (("drain_pipe", "manhole"), ()),
}

DUE_COLORS = {"major": "#b2182b", "corrective": "#ef6548", "minor": "#fdae61", "preventive": "#4575b4"}
INSPECTION_DUE = "#984ea3"
NOT_DUE = "#d9d9d9"
PLAN_COLORS = {"no_plan": "#d73027", "overdue": "#7b3294", "open": "#f39c12", "done": "#1a9850"}
PLAN_STATES = ("no_plan", "overdue", "open", "done")
LINE_WIDTH_MM = 1.2
POINT_SIZE_MM = 3.0


def plan_state_label(state: str) -> str:
    return {"no_plan": tr("No plan"), "overdue": tr("Plan overdue"), "open": tr("Plan open"),
            "done": tr("Plan done")}[state]


def theme_label(theme: str) -> str:
    return {THEME_GRADES: tr("Facility grades"), THEME_DUE: tr("Work due"),
            THEME_WATERLOGGING: tr("Waterlogging points and their plans"),
            THEME_CLEANING: tr("Pipe cleaning progress"), THEME_COVERS: tr("Cover replacement progress"),
            THEME_PROGRAMMES: tr("Programmes")}[theme]


def category_label(category: str) -> str:
    for code in S.VALUE_LISTS["assessment_category"]:
        if code.value == category:
            return translate(S.TR_CONTEXT, code.label)
    return category


def _quote(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _in(values) -> str:
    values = sorted(set(values))
    return f'"uid" IN ({", ".join(_quote(v) for v in values)})' if values else "FALSE"


def _symbol(layer: QgsVectorLayer, color: str, thin: bool = False):
    geometry = QgsWkbTypes.geometryType(layer.wkbType())
    if geometry == QgsWkbTypes.GeometryType.PointGeometry:
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "outline_color": "#404040",
                                            "outline_width": "0.2",
                                            "size": str(POINT_SIZE_MM * (0.6 if thin else 1.0))})
    elif geometry == QgsWkbTypes.GeometryType.PolygonGeometry:
        sym = QgsFillSymbol.createSimple({"color": color, "outline_color": "#404040", "outline_width": "0.3"})
    else:
        sym = QgsLineSymbol.createSimple({"color": color, "width": str(LINE_WIDTH_MM * (0.4 if thin else 1.0)),
                                          "capstyle": "round"})
    sym.setOutputUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    return sym


# --------------------------------------------------------------------------- due work
def due_filter(year: int) -> str:
    """Facilities with work due in ``year``: inspection due by 31 December, or corrective/major work."""
    return (f'("next_due" IS NOT NULL AND "next_due" <= to_date({_quote(f"{int(year)}-12-31")})) '
            "OR \"recommended_category\" IN ('corrective', 'major')")


def due_renderer(layer: QgsVectorLayer, year: int) -> QgsRuleBasedRenderer:
    root = QgsRuleBasedRenderer.Rule(None)
    due = QgsRuleBasedRenderer.Rule(None, 0, 0, due_filter(year), tr("Work due in {year}").format(year=year))
    root.appendChild(due)
    for category in ("major", "corrective", "minor", "preventive"):
        due.appendChild(QgsRuleBasedRenderer.Rule(_symbol(layer, DUE_COLORS[category]), 0, 0,
                                                  f'"recommended_category" = {_quote(category)}',
                                                  category_label(category)))
    inspection = QgsRuleBasedRenderer.Rule(_symbol(layer, INSPECTION_DUE), 0, 0, "", tr("Inspection due"))
    inspection.setIsElse(True)
    due.appendChild(inspection)
    rest = QgsRuleBasedRenderer.Rule(_symbol(layer, NOT_DUE, thin=True), 0, 0, "",
                                     tr("No work due in {year}").format(year=year))
    rest.setIsElse(True)
    root.appendChild(rest)
    return QgsRuleBasedRenderer(root)


def due_state(row: dict, year: int) -> Optional[str]:
    """The due-work class of a facility row (``major`` … ``preventive``, ``inspection``), None when not due;
    the same rule as :func:`due_renderer` (for the statistics table)."""
    category = row.get("recommended_category")
    next_due = PG.as_date(row.get("next_due"))
    due = (next_due is not None and next_due <= _dt.date(int(year), 12, 31)) or category in ("corrective", "major")
    if not due:
        return None
    return category if category in DUE_COLORS else "inspection"


# --------------------------------------------------------------------------- waterlogging plans
def plan_states(points: list, plans: list, today: _dt.date) -> Dict[str, str]:
    """``{point uid: no_plan | overdue | open | done}`` (cancelled plans do not count; an open plan
    wins over a done one)."""
    by_point: Dict[str, list] = {}
    for plan in plans:
        if plan.get("status") != "cancelled":
            by_point.setdefault(plan["facility_uid"], []).append(plan)
    out = {}
    for point in points:
        own = by_point.get(point["uid"], [])
        open_ = [p for p in own if p.get("status") not in PG.CLOSED_PLAN]
        if any(PG.plan_overdue(p, today) for p in open_):
            out[point["uid"]] = "overdue"
        elif open_:
            out[point["uid"]] = "open"
        elif own:
            out[point["uid"]] = "done"
        else:
            out[point["uid"]] = "no_plan"
    return out


def waterlogging_renderer(layer: QgsVectorLayer, states: Dict[str, str]) -> QgsRuleBasedRenderer:
    """Plan states as rules on ``uid`` (a point added later, not in ``states``, shows as *no plan*)."""
    root = QgsRuleBasedRenderer.Rule(None)
    group = QgsRuleBasedRenderer.Rule(None, 0, 0, "", tr("Waterlogging plans (一点一策)"))
    root.appendChild(group)
    for state in ("overdue", "open", "done"):
        uids = [u for u, s in states.items() if s == state]
        group.appendChild(QgsRuleBasedRenderer.Rule(_symbol(layer, PLAN_COLORS[state]), 0, 0, _in(uids),
                                                    plan_state_label(state)))
    rest = QgsRuleBasedRenderer.Rule(_symbol(layer, PLAN_COLORS["no_plan"]), 0, 0, "", plan_state_label("no_plan"))
    rest.setIsElse(True)
    group.appendChild(rest)
    return QgsRuleBasedRenderer(root)


# --------------------------------------------------------------------------- programmes
def programme_of(service, kind_or_kinds, year: Optional[int]) -> Optional[dict]:
    """The programme of a kind (first of ``kinds`` found) for ``year`` (None: the newest year)."""
    kinds = (kind_or_kinds,) if isinstance(kind_or_kinds, str) else tuple(kind_or_kinds)
    for kind in kinds:
        rows = service.programmes(kind=kind, year=year)
        if rows:
            return rows[0]
    return None


def default_year(store_path: str, today: Optional[_dt.date] = None) -> int:
    """The newest programme year of the store, else the year of ``today``."""
    from .programmes import Programmes
    from .store_ref import open_store

    with open_store(store_path, writable=False) as store:
        years = Programmes(store, today).years()
    return int(years[0]) if years else (today or _dt.date.today()).year


# --------------------------------------------------------------------------- applying a theme
@dataclass
class ThemeResult:
    theme: str
    year: int
    themed: List[QgsVectorLayer] = field(default_factory=list)
    context: List[QgsVectorLayer] = field(default_factory=list)
    programme: Optional[dict] = None  # cleaning (or cover) programme shown
    cover_programme: Optional[dict] = None
    states: Dict[str, str] = field(default_factory=dict)  # waterlogging: point uid -> state
    missing: List[str] = field(default_factory=list)  # what could not be shown (e.g. no programme)

    @property
    def layers(self) -> List[QgsVectorLayer]:
        return self.themed + self.context


def store_layers(project: QgsProject, store_path: str) -> Dict[str, QgsVectorLayer]:
    """``{table: layer}`` of the store's valid spatial layers in ``project``."""
    out: Dict[str, QgsVectorLayer] = {}
    for layer in find_layers(project, store=store_path):
        table = layer.customProperty(PROP_TABLE)
        if table not in out and layer.isValid() and layer.isSpatial():
            out[table] = layer
    return out


def apply_theme(project: QgsProject, store_path: str, theme: str, year: Optional[int] = None,
                today: Optional[_dt.date] = None) -> ThemeResult:
    """Set ``theme`` on the store's layers in ``project``. ``year``: of the due work and of the programme
    (None: the newest programme year, or this year); ``today``: the date overdue is judged on."""
    from .programme_themes import apply_cleaning_theme, apply_cover_theme
    from .programmes import Programmes
    from .store_ref import open_store
    from .themes import apply_grade_theme

    if theme not in THEMES:
        raise ValueError(f"THEME: {theme!r} is none of {', '.join(THEMES)}")
    today = today or _dt.date.today()
    year = int(year) if year else default_year(store_path, today)
    layers = store_layers(project, store_path)
    themed_tables, context_tables = THEME_TABLES[theme]
    result = ThemeResult(theme, year)
    result.context = [layers[t] for t in context_tables if t in layers]

    if theme == THEME_GRADES:
        apply_grade_theme(project, store_path)
        result.themed = [layers[t] for t in themed_tables if t in layers]
        return result
    if theme == THEME_DUE:
        for table in themed_tables:
            if table in layers:
                _set(layers[table], due_renderer(layers[table], year), THEME_DUE)
                result.themed.append(layers[table])
        return result

    with open_store(store_path, writable=False) as store:
        service = Programmes(store, today)
        if theme == THEME_WATERLOGGING:
            result.states = plan_states(service.points(), service.plans(), today)
            layer = layers.get("waterlogging_point")
            if layer is not None:
                _set(layer, waterlogging_renderer(layer, result.states), THEME_WATERLOGGING)
                result.themed.append(layer)
            return result
        if theme in (THEME_CLEANING, THEME_PROGRAMMES):
            prog = programme_of(service, PG.CLEANING, year)
            layer = layers.get("drain_pipe")
            if prog is None:
                result.missing.append(PG.CLEANING)
            elif layer is not None:
                others = [p["uid"] for p in service.programmes(kind=PG.CLEANING)]
                short = service.cleaning_progress(prog["uid"]).short_districts
                apply_cleaning_theme(layer, prog, others, project=project, today=today, short_districts=short)
                result.themed.append(layer)
                result.programme = prog
        if theme in (THEME_COVERS, THEME_PROGRAMMES):
            prog = programme_of(service, (PG.ANTI_SETTLEMENT, PG.COVERS), year)
            layer = layers.get("manhole")
            if prog is None:
                result.missing.append(PG.COVERS)
            elif layer is not None:
                apply_cover_theme(layer, prog["year"])
                result.themed.append(layer)
                result.cover_programme = prog
    if theme == THEME_COVERS:
        result.programme = result.cover_programme
    return result


def _set(layer: QgsVectorLayer, renderer, theme: str) -> None:
    layer.setRenderer(renderer)
    layer.setCustomProperty(PROP_THEME, theme)
    layer.triggerRepaint()
    layer.emitStyleChanged()


# --------------------------------------------------------------------------- filters and map tips
def district_filter(district: Optional[str]) -> str:
    """The subset string of one district ("" for every district)."""
    return "" if not district else f'"district" = {_quote(district)}'


def combine_subset(original: str, district: Optional[str]) -> str:
    """``original`` (the layer's own subset, kept) AND the district filter."""
    extra = district_filter(district)
    if not extra:
        return original or ""
    return f"({original}) AND {extra}" if original else extra


def map_tip_template() -> str:
    """Name, grade and next action of a facility (HTML, QGIS expressions in ``[% %]``)."""
    return ("<b>[% coalesce(\"name\", \"code\") %]</b> <small>[% \"code\" %]</small><br/>"
            + tr("Grade") + ": [% coalesce(\"grade\", '—') %] <small>[% coalesce(\"grade_standard\", '') %]</small>"
            "<br/>" + tr("Next action") + ": [% coalesce(\"recommended_action\", '—') %]<br/>"
            + tr("Next inspection due") + ": [% coalesce(format_date(\"next_due\", 'yyyy-MM-dd'), '—') %]")


DISPLAY_EXPRESSION = "coalesce(\"name\", \"code\")"


# --------------------------------------------------------------------------- extents (from the store's indexes)
def _union(boxes):
    boxes = [b for b in boxes if b is not None and b[0] is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def tables_extent(store, tables, district: Optional[str] = None):
    """(minx, miny, maxx, maxy) of the features of ``tables`` (of ``district`` when given), or None.
    ``store``: an open store of either backend (``table_extent``: the GeoPackage's R-trees, PostGIS's
    ``ST_Extent``)."""
    boxes = []
    for table in tables:
        if not S.table(table).is_spatial:
            continue
        if district:
            boxes.append(store.table_extent(table, '"district" = ?', (district,)))
        else:
            boxes.append(store.table_extent(table))
    return _union(boxes)


def named_extent(store, name: str):
    """(minx, miny, maxx, maxy) of every facility called ``name`` (all kinds together), or None."""
    return _union([store.table_extent(t.name, '"name" = ?', (name,)) for t in S.FACILITY_TABLES if t.is_spatial])


def store_districts(store) -> list:
    """Districts the store's facilities use, in the office's order (``core.programmes.DISTRICT_ORDER``)."""
    names: set = set()
    for t in S.FACILITY_TABLES:
        names.update(d for (d,) in store.execute(f'SELECT DISTINCT district FROM "{t.name}"') if d)
    return sorted(names, key=PG.district_sort_key)
