"""Grade themes: every facility layer coloured by its grade on ONE scale across standards.

A grade's colour comes from its rank on its standard's scale (best first), as a fraction of
the scale's length: the best grade of any standard is the same green, the worst the same red
(``A`` of CJJ36 A–D and ``I`` of CJJ181 I–IV look alike). A facility's standard is its
``grade_standard``, or the kind's :data:`~safe_municipal.core.records.DEFAULT_STANDARD` when
that is empty. Facilities without a grade (or with one the scale does not know) are grey.
Facilities whose ``next_due`` has passed get a dark dashed outline drawn on top.

The renderer is a rule-based one set directly with ``setRenderer`` (no QML: on QGIS 3.22
loading a style can reset forms). :func:`restore_default_theme` brings the plugin's QML
styles back through :func:`layers.styles.apply_style`, which loads symbology only.
"""
from __future__ import annotations

from qgis.core import (
    QgsFeatureRenderer,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProject,
    QgsRuleBasedRenderer,
    QgsSimpleLineSymbolLayer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..core import schema as S
from ..core.records import DEFAULT_STANDARD, GRADE_SCALES
from ..i18n import tr
from .project import PROP_TABLE, find_layers
from .styles import apply_style

PROP_THEME = "safe_municipal/theme"  # "grades" while the grade theme is on
THEME_GRADES = "grades"

#: The colour scale, best to worst (ColorBrewer RdYlGn, reversed): green, yellow, red.
RAMP = ((0.0, QColor("#1a9850")), (0.5, QColor("#fee08b")), (1.0, QColor("#d73027")))
NOT_GRADED = QColor("#a0a0a0")
OVERDUE = QColor("#2b0a3d")
LINE_WIDTH_MM = 1.2
POINT_SIZE_MM = 3.0

OVERDUE_FILTER = '"next_due" IS NOT NULL AND "next_due" < to_date(now())'


def grade_scale(standard: str) -> tuple:
    """The grades of ``standard``, best first (the grading engine's scale); () when unknown."""
    scale = GRADE_SCALES.get(standard)
    if scale is not None:
        return tuple(scale)
    try:
        from ..core.standards import grade_scale as engine_scale

        return tuple(engine_scale(standard))
    except ValueError:
        return ()


def severity(standard: str, grade: str) -> float:
    """0.0 for the best grade of ``standard``, 1.0 for the worst. ValueError for an unknown grade."""
    scale = grade_scale(standard)
    if grade not in scale:
        raise ValueError(f"grade {grade!r} is not on the {standard!r} scale")
    return scale.index(grade) / (len(scale) - 1) if len(scale) > 1 else 0.0


def grade_color(standard: str, grade: str) -> QColor:
    """The theme colour of ``grade`` on ``standard``'s scale (same colour for the same severity)."""
    t = severity(standard, grade)
    for (t0, c0), (t1, c1) in zip(RAMP, RAMP[1:]):
        if t <= t1:
            f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            return QColor(round(c0.red() + f * (c1.red() - c0.red())),
                          round(c0.green() + f * (c1.green() - c0.green())),
                          round(c0.blue() + f * (c1.blue() - c0.blue())))
    return QColor(RAMP[-1][1])


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _geometry_type(layer: QgsVectorLayer):
    return QgsWkbTypes.geometryType(layer.wkbType())


def _symbol(geometry_type, color: QColor):
    """The grade symbol of a geometry type: lines 1.2 mm, points 3 mm circles, polygons filled."""
    if geometry_type == QgsWkbTypes.GeometryType.PointGeometry:
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": color.name(), "outline_color": "#404040",
                                            "outline_width": "0.2", "size": str(POINT_SIZE_MM)})
    elif geometry_type == QgsWkbTypes.GeometryType.PolygonGeometry:
        sym = QgsFillSymbol.createSimple({"color": color.name(), "outline_color": "#404040",
                                          "outline_width": "0.3"})
    else:
        sym = QgsLineSymbol.createSimple({"color": color.name(), "width": str(LINE_WIDTH_MM),
                                          "capstyle": "round"})
    sym.setOutputUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    return sym


def _overdue_symbol(geometry_type):
    """Drawn on top of the grade symbol: a dark dashed outline (ring, outline or centre line)."""
    if geometry_type == QgsWkbTypes.GeometryType.PointGeometry:
        sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": "0,0,0,0", "outline_color": OVERDUE.name(),
                                            "outline_width": "0.5", "outline_style": "dash",
                                            "size": str(POINT_SIZE_MM + 1.6)})
    elif geometry_type == QgsWkbTypes.GeometryType.PolygonGeometry:
        sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": OVERDUE.name(),
                                          "outline_width": "0.8", "outline_style": "dash"})
    else:
        sym = QgsLineSymbol.createSimple({"color": OVERDUE.name(), "width": "0.45"})
        layer = sym.symbolLayer(0)
        if isinstance(layer, QgsSimpleLineSymbolLayer):
            layer.setPenStyle(Qt.PenStyle.DashLine)
    return sym


def layer_standards(layer: QgsVectorLayer, kind: str) -> list:
    """Standards to show for ``layer``: the kind's default, then any other ``grade_standard`` present."""
    out = []
    default = DEFAULT_STANDARD.get(kind)
    if default:
        out.append(default)
    index = layer.fields().indexFromName("grade_standard")
    if index >= 0:
        present = sorted(str(v) for v in layer.uniqueValues(index) if v is not None and str(v) not in ("", "NULL")
                         and not (hasattr(v, "isNull") and v.isNull()))
        out += [s for s in present if s not in out and grade_scale(s)]
    return out


def grade_label(standard: str, grade: str) -> str:
    return tr("{grade} ({standard})").format(grade=grade, standard=standard)


def grade_renderer(layer: QgsVectorLayer, kind: str) -> QgsRuleBasedRenderer:
    """The grade theme of one facility layer (see the module docstring)."""
    geometry_type = _geometry_type(layer)
    root = QgsRuleBasedRenderer.Rule(None)
    grades = QgsRuleBasedRenderer.Rule(None, 0, 0, "", tr("Grade"))
    root.appendChild(grades)
    default = DEFAULT_STANDARD.get(kind)
    for standard in layer_standards(layer, kind):
        if standard == default:
            which = f'"grade_standard" IS NULL OR "grade_standard" = {_quote(standard)}'
        else:
            which = f'"grade_standard" = {_quote(standard)}'
        for grade in grade_scale(standard):
            expr = f'({which}) AND "grade" = {_quote(grade)}'
            rule = QgsRuleBasedRenderer.Rule(_symbol(geometry_type, grade_color(standard, grade)), 0, 0, expr,
                                             grade_label(standard, grade))
            grades.appendChild(rule)
    other = QgsRuleBasedRenderer.Rule(_symbol(geometry_type, NOT_GRADED), 0, 0, "", tr("Not graded"))
    other.setIsElse(True)
    grades.appendChild(other)
    root.appendChild(QgsRuleBasedRenderer.Rule(_overdue_symbol(geometry_type), 0, 0, OVERDUE_FILTER,
                                               tr("Inspection overdue")))
    return QgsRuleBasedRenderer(root)


def _facility_layers(project: QgsProject, store_path: str | None):
    facility = {t.name for t in S.FACILITY_TABLES}
    for layer in find_layers(project, store=store_path):
        kind = layer.customProperty(PROP_TABLE)
        if kind in facility and layer.isValid() and layer.isSpatial():
            yield kind, layer


def apply_grade_theme(project: QgsProject | None = None, store_path: str | None = None) -> int:
    """Set the grade theme on every facility layer (of ``store_path`` when given); returns how many."""
    project = project or QgsProject.instance()
    n = 0
    for kind, layer in _facility_layers(project, store_path):
        layer.setRenderer(grade_renderer(layer, kind))
        layer.setCustomProperty(PROP_THEME, THEME_GRADES)
        layer.triggerRepaint()
        layer.emitStyleChanged()
        n += 1
    return n


def restore_default_theme(project: QgsProject | None = None, store_path: str | None = None) -> int:
    """Put the plugin's default styles (QML, symbology only) back on every facility layer; returns how many."""
    project = project or QgsProject.instance()
    n = 0
    for kind, layer in _facility_layers(project, store_path):
        virtual = _expression_fields(layer)
        if not apply_style(layer, kind):
            layer.setRenderer(QgsFeatureRenderer.defaultRenderer(_geometry_type(layer)))
            layer.triggerRepaint()
        _restore_expression_fields(layer, virtual)
        layer.removeCustomProperty(PROP_THEME)
        layer.emitStyleChanged()
        n += 1
    return n


def _expression_fields(layer: QgsVectorLayer) -> list:
    """(field, expression) of the layer's virtual fields: loading a QML style on 3.22 can drop them."""
    fields = layer.fields()
    return [(QgsField(fields.at(i)), layer.expressionField(i)) for i in range(fields.count())
            if fields.fieldOrigin(i) == QgsFields.FieldOrigin.OriginExpression]


def _restore_expression_fields(layer: QgsVectorLayer, virtual: list) -> None:
    for field, expression in virtual:
        if layer.fields().indexFromName(field.name()) < 0:
            layer.addExpressionField(expression, field)
