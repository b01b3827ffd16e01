"""Programme themes on the map: pipe cleaning on ``drain_pipe``, cover replacement on ``manhole``.

**Cleaning** (cleaned / not yet / overdue) — what a planning meeting looks at before the flood
season. Whether a pipe is cleaned *for the programme* lives in ``maintenance``, not on the pipe, so
the theme joins it on: a second, hidden layer of the store's ``maintenance`` table whose subset
string is exactly the programme's counting rule (``core.programmes``: a done cleaning linked to the
programme, or unlinked and finished within ``starts_on … deadline``, never one linked to another
cleaning programme) is joined to the pipes on ``uid = facility_uid`` (memory-cached, one lookup per
pipe — a city's 100,000 pipes draw as fast as with a field of their own). The joined field
``sm_cleaning_finished_on`` is the date it was cleaned. The join layer is registered in the project
(not in the layer tree), so a saved project shows the theme without the plugin too.

Rules (mutually exclusive): *cleaned* (a joined date), *overdue* (no date and today is after the
deadline), *not yet* (the rest). After recording cleanings call :func:`refresh_programme_theme`.

**Covers** (on ``manhole``, from the cover fields a replacement updates): replaced in the year with
an anti-settlement cover / replaced in the year / anti-settlement from an earlier year / not yet.

Renderers are rule-based and set with ``setRenderer`` (no QML: loading a style on 3.22 can reset
forms), as the grade theme does; :func:`restore_programme_theme` loads the plugin's QML style back
(symbology only) and removes the join and its layer. Legend labels go through ``tr()``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterable, Optional

from qgis.core import (
    QgsFeatureRenderer,
    QgsField,
    QgsFields,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsRuleBasedRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerJoinInfo,
    QgsWkbTypes,
)

from ..core import programmes as PG
from ..i18n import tr
from .errors import StoreError
from .project import PROP_STORE, PROP_TABLE, layer_store_path, open_table_layer
from .styles import apply_style

PROP_THEME = "safe_municipal/theme"  # = layers.themes.PROP_THEME: one theme per layer at a time
PROP_PROGRAMME = "safe_municipal/theme_programme"  # the programme uid (cleaning) or year (covers)
PROP_JOIN = "safe_municipal/cleaning_join"  # on the join layer: the programme uid
THEME_CLEANING = "cleaning"
THEME_COVERS = "covers"
JOIN_PREFIX = "sm_cleaning_"
CLEANED_FIELD = JOIN_PREFIX + "finished_on"

CLEANED = "#1a9850"
NOT_YET = "#f39c12"
OVERDUE = "#d73027"
REPLACED_ANTI = "#006837"
REPLACED = "#74c476"
ANTI_EARLIER = "#2171b5"
NOT_REPLACED = "#a0a0a0"
LINE_WIDTH_MM = 1.2
POINT_SIZE_MM = 3.0


def _quote(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _line(color: str):
    sym = QgsLineSymbol.createSimple({"color": color, "width": str(LINE_WIDTH_MM), "capstyle": "round"})
    sym.setOutputUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    return sym


def _point(color: str):
    sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "outline_color": "#404040",
                                        "outline_width": "0.2", "size": str(POINT_SIZE_MM)})
    sym.setOutputUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    return sym


def _symbol(layer: QgsVectorLayer, color: str):
    if QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.GeometryType.PointGeometry:
        return _point(color)
    return _line(color)


# --------------------------------------------------------------------------- cleaning
def cleaning_filter(programme: dict, other_uids: Iterable = ()) -> str:
    """The subset string of ``maintenance`` that selects the cleanings counting for ``programme``."""
    others = sorted(set(other_uids) - {programme["uid"]})
    unlinked = '"programme_uid" IS NULL'
    if others:
        unlinked = f'({unlinked} OR "programme_uid" NOT IN ({", ".join(_quote(u) for u in others)}))'
    return ("\"facility_kind\" = 'drain_pipe' AND \"work_type\" = 'cleaning' AND \"status\" = 'done' "
            f"AND \"finished_on\" IS NOT NULL AND (\"programme_uid\" = {_quote(programme['uid'])} OR "
            f"(\"finished_on\" >= {_quote(programme['starts_on'])} AND \"finished_on\" <= "
            f"{_quote(programme['deadline'])} AND {unlinked}))")


def cleaning_rules(programme: dict, today: Optional[_dt.date] = None, short_districts: Iterable = ()) -> list:
    """(key, label, colour, filter, is_else) of the cleaning theme. ``today`` fixes the date the
    overdue rule compares with (default: ``now()`` when drawing); ``short_districts``: the districts
    still short of their target (``CleaningProgress.short_districts``; None = pipes without one) —
    only their pipes can be overdue."""
    now = f"to_date({_quote(today.isoformat())})" if today else "to_date(now())"
    deadline = str(programme["deadline"])
    named = sorted(d for d in short_districts if d is not None)
    parts = ([f'"district" IN ({", ".join(_quote(d) for d in named)})'] if named else []) + \
        (['"district" IS NULL'] if None in set(short_districts) else [])
    where = "(" + " OR ".join(parts) + ")" if parts else "FALSE"
    return [
        ("cleaned", tr("Cleaned"), CLEANED, f'"{CLEANED_FIELD}" IS NOT NULL', False),
        ("overdue", tr("Overdue (deadline {date})").format(date=deadline), OVERDUE,
         f'"{CLEANED_FIELD}" IS NULL AND {now} > to_date({_quote(deadline)}) AND {where}', False),
        ("not_yet", tr("Not yet cleaned"), NOT_YET, "", True),
    ]


def _renderer(layer: QgsVectorLayer, title: str, rules: list) -> QgsRuleBasedRenderer:
    root = QgsRuleBasedRenderer.Rule(None)
    group = QgsRuleBasedRenderer.Rule(None, 0, 0, "", title)
    root.appendChild(group)
    for _key, label, color, expression, is_else in rules:
        rule = QgsRuleBasedRenderer.Rule(_symbol(layer, color), 0, 0, expression, label)
        if is_else:  # (setIsElse(False) would still replace the filter with "ELSE" on 3.22)
            rule.setIsElse(True)
        group.appendChild(rule)
    return QgsRuleBasedRenderer(root)


def _join_layers(project: QgsProject, layer: QgsVectorLayer) -> list:
    out = []
    for info in layer.vectorJoins():
        joined = project.mapLayer(info.joinLayerId())
        if joined is not None and joined.customProperty(PROP_JOIN) is not None:
            out.append((info, joined))
    return out


def _remove_join(project: QgsProject, layer: QgsVectorLayer) -> None:
    for info, joined in _join_layers(project, layer):
        layer.removeJoin(info.joinLayerId())
        project.removeMapLayer(joined.id())


def _join_info(joined: QgsVectorLayer) -> QgsVectorLayerJoinInfo:
    """A fresh join (a copied one keeps its cache: re-adding it would show the old rows)."""
    info = QgsVectorLayerJoinInfo()
    info.setJoinLayer(joined)
    info.setJoinFieldName("facility_uid")
    info.setTargetFieldName("uid")
    info.setUsingMemoryCache(True)
    info.setPrefix(JOIN_PREFIX)
    info.setJoinFieldNamesSubset(["finished_on"])
    info.setEditable(False)
    return info


def apply_cleaning_theme(layer: QgsVectorLayer, programme: dict, other_uids: Iterable = (),
                         project: Optional[QgsProject] = None, today: Optional[_dt.date] = None,
                         short_districts: Iterable = ()) -> QgsVectorLayer:
    """Colour ``layer`` (the store's ``drain_pipe``) by the cleaning state for ``programme`` (its row);
    ``other_uids``: the other pipe-cleaning programmes; ``short_districts``: where not-yet-cleaned
    pipes count as overdue after the deadline (see :func:`cleaning_rules`). Returns the join layer."""
    project = project or QgsProject.instance()
    _remove_join(project, layer)
    # the store of the pipes: a GeoPackage by the layer's file (it follows a moved project), a PostGIS store
    # by the reference it was opened with (its login, authcfg), else by the layer's source
    ref = ((layer.customProperty(PROP_STORE) if layer.providerType() == "postgres" else None)
           or layer_store_path(layer) or layer.customProperty(PROP_STORE))
    if not ref:
        raise StoreError(tr("The layer {name} reads no store").format(name=layer.name()))
    name = tr("Cleaning {year} (theme)").format(year=programme.get("year"))
    joined = open_table_layer(ref, "maintenance", name)  # the same store, either backend
    for prop in (PROP_TABLE, PROP_STORE):  # the theme's own filtered copy, not the store's maintenance layer
        joined.removeCustomProperty(prop)
    # (the subset is SQL for either provider: uids and dates compared with quoted text)
    joined.setSubsetString(cleaning_filter(programme, other_uids))
    joined.setCustomProperty(PROP_JOIN, programme["uid"])
    project.addMapLayer(joined, False)
    layer.addJoin(_join_info(joined))
    title = tr("Pipe cleaning {year}").format(year=programme.get("year"))
    layer.setRenderer(_renderer(layer, title, cleaning_rules(programme, today, short_districts)))
    layer.setCustomProperty(PROP_THEME, THEME_CLEANING)
    layer.setCustomProperty(PROP_PROGRAMME, programme["uid"])
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return joined


# --------------------------------------------------------------------------- covers
def cover_rules(year: int) -> list:
    replaced = f'year("cover_replaced_on") = {int(year)}'
    anti = 'coalesce("anti_settlement", false)'  # (a boolean field is not "= 1" when evaluated in QGIS)
    return [
        ("replaced_anti", tr("Replaced in {year}: anti-settlement cover").format(year=year), REPLACED_ANTI,
         f"{replaced} AND {anti}", False),
        ("replaced", tr("Replaced in {year}: other new cover").format(year=year), REPLACED,
         f"{replaced} AND NOT {anti}", False),
        ("anti_earlier", tr("Anti-settlement cover from before {year}").format(year=year), ANTI_EARLIER,
         f'coalesce(year("cover_replaced_on"), 0) <> {int(year)} AND {anti}', False),
        ("not_yet", tr("Not yet replaced"), NOT_REPLACED, "", True),
    ]


def apply_cover_theme(layer: QgsVectorLayer, year: int) -> None:
    """Colour ``layer`` (the store's ``manhole``) by the covers replaced in ``year``."""
    layer.setRenderer(_renderer(layer, tr("Cover replacement {year}").format(year=year), cover_rules(year)))
    layer.setCustomProperty(PROP_THEME, THEME_COVERS)
    layer.setCustomProperty(PROP_PROGRAMME, int(year))
    layer.triggerRepaint()
    layer.emitStyleChanged()


# --------------------------------------------------------------------------- both
def theme_of(layer: Optional[QgsVectorLayer]) -> Optional[str]:
    """``cleaning``, ``covers`` (or another theme's name, e.g. ``grades``), or None."""
    return None if layer is None else layer.customProperty(PROP_THEME)


def refresh_programme_theme(layer: QgsVectorLayer, project: Optional[QgsProject] = None) -> bool:
    """Re-read what the cleaning theme shows after the store changed (the join's cache); True if it was on."""
    project = project or QgsProject.instance()
    if theme_of(layer) != THEME_CLEANING:
        if theme_of(layer) == THEME_COVERS:
            layer.triggerRepaint()
            return True
        return False
    for info, joined in _join_layers(project, layer):
        joined.dataProvider().reloadData()
        layer.removeJoin(info.joinLayerId())
        layer.addJoin(_join_info(joined))  # caches the joined rows afresh
    layer.triggerRepaint()
    return True


def restore_programme_theme(layer: QgsVectorLayer, table: str, project: Optional[QgsProject] = None) -> None:
    """The plugin's default style back on ``layer`` (of table ``table``), without the cleaning join."""
    project = project or QgsProject.instance()
    _remove_join(project, layer)
    fields = layer.fields()
    virtual = [(QgsField(fields.at(i)), layer.expressionField(i)) for i in range(fields.count())
               if fields.fieldOrigin(i) == QgsFields.FieldOrigin.OriginExpression]
    if not apply_style(layer, table):
        layer.setRenderer(QgsFeatureRenderer.defaultRenderer(QgsWkbTypes.geometryType(layer.wkbType())))
        layer.triggerRepaint()
    for field, expression in virtual:  # loading a QML style on 3.22 can drop virtual fields
        if layer.fields().indexFromName(field.name()) < 0:
            layer.addExpressionField(expression, field)
    layer.removeCustomProperty(PROP_THEME)
    layer.removeCustomProperty(PROP_PROGRAMME)
    layer.emitStyleChanged()


def cleaning_state_counts(progress: PG.CleaningProgress) -> dict:
    """How many pipes each rule of the theme shows (the legend's counts, from the store's figures)."""
    cleaned = progress.cleaned_pipes
    overdue = len(progress.overdue_uids)
    return {"cleaned": cleaned, "overdue": overdue, "not_yet": progress.total_pipes - cleaned - overdue}
