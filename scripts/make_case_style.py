#!/usr/bin/env python3
"""Generate resources/styles/cover_case.qml, the style of the cover cases layer.

Built with PyQGIS like ``scripts/make_styles.py`` (same categories: Symbology, Labeling, Rendering)
and re-run the same way::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_case_style.py

Design: a categorized renderer on ``status`` (so ``layers/styles.translate_legend`` relabels the
classes in the user's language): waiting orange, dispatched blue, responded violet, fixed green,
closed small grey. Open cases (dispatched, responded) carry a red ring drawn only while the case is
overdue — the ring layer's *enabled* property is ``layers.cases.OVERDUE_EXPRESSION``, which reads the
limits from the project variables ``sm_case_respond_hours`` / ``sm_case_fix_hours`` (the cases dock
sets them from the store; 2 h / 24 h without them). Case numbers are labelled from 1:5000 in.
"""
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_HASH_SEED"] = "0"  # Qt writes XML attributes in hash order: fix it for stable files

from _bootstrap import bootstrap, qgis_app

ROOT = bootstrap()

OTHER = "Other / not recorded"
STATUS = (  # value, colour, size (mm)
    ("reported", "#f08c00", 3.4),
    ("dispatched", "#1c7ed6", 3.4),
    ("responded", "#7048e8", 3.4),
    ("fixed", "#2b8a3e", 2.8),
    ("closed", "#adb5bd", 2.2),
)
OPEN = ("dispatched", "responded")
RING = dict(color="#e03131", size=6.5, width=0.9)
LABEL_SCALE = 5000


def main() -> int:
    app = qgis_app()
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsMarkerSymbol,
        QgsPalLayerSettings,
        QgsProperty,
        QgsRendererCategory,
        QgsSimpleMarkerSymbolLayer,
        QgsSymbolLayer,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsUnitTypes,
        QgsVectorLayer,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor, QFont

    from safe_municipal import compat as C
    from safe_municipal.core import schema as S
    from safe_municipal.layers.cases import OVERDUE_EXPRESSION
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.styles import FONT_FAMILY, style_path

    enabled = getattr(QgsSymbolLayer, "PropertyLayerEnabled", None)
    if enabled is None:  # QGIS >= 3.38 scoped enum
        enabled = QgsSymbolLayer.Property.LayerEnabled

    def props(color, size, stroke="#ffffff", stroke_width=0.35, shape="circle"):
        return {"name": shape, "color": color, "size": str(size), "size_unit": "MM", "outline_color": stroke,
                "outline_width": str(stroke_width), "outline_width_unit": "MM"}

    def symbol(value, color, size):
        sym = QgsMarkerSymbol.createSimple(props(color, size))
        if value in OPEN:
            ring = QgsSimpleMarkerSymbolLayer.create(props("0,0,0,0", RING["size"], RING["color"], RING["width"]))
            ring.setDataDefinedProperty(enabled, QgsProperty.fromExpression(OVERDUE_EXPRESSION))
            sym.insertSymbolLayer(0, ring)  # under the dot
        return sym

    labels = {c.value: c.label for c in S.VALUE_LISTS["case_status"]}
    cats = [QgsRendererCategory(v, symbol(v, c, s), labels[v], True) for v, c, s in STATUS]
    cats.append(QgsRendererCategory("", symbol("", "#868e96", 2.6), OTHER, True))
    renderer = QgsCategorizedSymbolRenderer("status", cats)

    fmt = QgsTextFormat()
    fmt.setFont(QFont(FONT_FAMILY))
    fmt.setSize(7)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(QColor("#343a40"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setSizeUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    buf.setColor(QColor("#ffffff"))
    fmt.setBuffer(buf)
    label = QgsPalLayerSettings()
    label.fieldName = "code"
    label.isExpression = False
    label.enabled = True
    label.placement = C.LABEL_AROUND_POINT
    label.dist = 1.0
    label.priority = 7
    label.setFormat(fmt)
    label.scaleVisibility = True
    label.minimumScale = LABEL_SCALE
    label.maximumScale = 0

    with tempfile.TemporaryDirectory() as tmp:
        store = GpkgStore.create(str(Path(tmp) / "styles.gpkg"))
        path = store.path
        store.close()
        layer = QgsVectorLayer(f"{path}|layername=cover_case", "cover_case", "ogr")
        assert layer.isValid()
        layer.setRenderer(renderer)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(label))
        layer.setLabelsEnabled(True)
        out = style_path("cover_case")
        msg, ok = layer.saveNamedStyle(str(out), C.STYLE_CATEGORIES)
        if not ok:
            sys.stderr.write(f"{out}: {msg}\n")
            return 1
        sys.stdout.write(f"wrote {out.relative_to(ROOT)}\n")
        del layer
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
