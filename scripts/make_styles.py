#!/usr/bin/env python3
"""Generate resources/styles/<table>.qml for every facility table.

The styles are built with PyQGIS (so they are always valid QML for the running
QGIS) and saved with the Symbology, Labeling and Rendering categories only.
Re-run after changing anything here::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_styles.py

Design (see layers/styles.py): categorized renderers on plain fields, pipe width
from ``diameter_mm`` by a field-based size-scale property (no expression),
labels in Noto Sans CJK SC, labels and dense point layers only at large scales.
Scale numbers are denominators: "visible up to 1:10000" means visible when the
map scale is 1:10000 or more detailed.
"""
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_HASH_SEED"] = "0"  # Qt writes XML attributes in hash order: fix it for stable files

from _bootstrap import bootstrap, qgis_app

ROOT = bootstrap()

# legend labels: English source text; layers/styles.py translates them at load time
OTHER = "Other / not recorded"
ROAD_CLASSES = (  # value, colour, width (mm)
    ("expressway", "#d9480f", 1.5),
    ("arterial", "#f08c00", 1.1),
    ("secondary", "#495057", 0.8),
    ("branch", "#6c757d", 0.5),
    ("lane", "#adb5bd", 0.35),
)
MAIN_ROADS = ("expressway", "arterial")
PIPE_USAGES = (("storm", "#1c7ed6"), ("sewage", "#8b5a2b"), ("combined", "#7048e8"))
WATERLOGGING_STATUS = (("active", "#e03131", 3.6), ("in_treatment", "#f76707", 3.2),
                       ("remediated", "#2b8a3e", 2.6))
GREY = "#868e96"

PIPE_WIDTH = dict(min_value=200, max_value=2000, min_size=0.2, max_size=1.2, null_size=0.26)
SCALES = dict(  # most zoomed-out scale denominator at which a thing is still drawn
    manhole_layer=10000, rain_inlet_layer=5000,
    pipe_labels=2500, manhole_labels=1000, inlet_labels=1000,
    main_road_labels=50000, road_labels=15000, bridge_labels=25000, tunnel_labels=25000, storage_labels=50000,
)


def main() -> int:
    app = qgis_app()
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsFillSymbol,
        QgsLabeling,
        QgsLineSymbol,
        QgsMarkerSymbol,
        QgsPalLayerSettings,
        QgsProperty,
        QgsRendererCategory,
        QgsRuleBasedLabeling,
        QgsSimpleLineSymbolLayer,
        QgsSimpleMarkerSymbolLayer,
        QgsSingleSymbolRenderer,
        QgsSizeScaleTransformer,
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
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.styles import FONT_FAMILY, style_path

    stroke_width = getattr(QgsSymbolLayer, "PropertyStrokeWidth", None)
    if stroke_width is None:  # QGIS >= 3.38 scoped enum
        stroke_width = QgsSymbolLayer.Property.StrokeWidth

    def line(color, width, **extra):
        props = {"line_color": color, "line_width": str(width), "line_width_unit": "MM",
                 "capstyle": "round", "joinstyle": "round"}
        props.update({k: str(v) for k, v in extra.items()})
        return QgsLineSymbol.createSimple(props)

    def marker_props(shape, color, size, stroke, stroke_width):
        return {"name": shape, "color": color, "size": str(size), "size_unit": "MM", "outline_color": stroke,
                "outline_width": str(stroke_width), "outline_width_unit": "MM"}

    def marker(shape, color, size, stroke="#ffffff", stroke_width=0.2):
        return QgsMarkerSymbol.createSimple(marker_props(shape, color, size, stroke, stroke_width))

    def categorized(field, cats, other_symbol):
        items = [QgsRendererCategory(v, sym, label, True) for v, sym, label in cats]
        items.append(QgsRendererCategory("", other_symbol, OTHER, True))
        return QgsCategorizedSymbolRenderer(field, items)

    def labels(field, size, max_scale=None, placement=C.LABEL_HORIZONTAL, color="#212529", bold=False,
               merge=False, dist=0.0, priority=5):
        return QgsVectorLayerSimpleLabeling(label_settings(field, size, max_scale, placement, color, bold, merge,
                                                           dist, priority))

    def label_settings(field, size, max_scale, placement, color="#212529", bold=False, merge=False, dist=0.0,
                       priority=5):
        fmt = QgsTextFormat()
        font = QFont(FONT_FAMILY)
        font.setBold(bold)
        fmt.setFont(font)
        fmt.setSize(size)
        fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
        fmt.setColor(QColor(color))
        buf = QgsTextBufferSettings()
        buf.setEnabled(True)
        buf.setSize(0.8)
        buf.setSizeUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
        buf.setColor(QColor("#ffffff"))
        fmt.setBuffer(buf)
        s = QgsPalLayerSettings()
        s.fieldName = field
        s.isExpression = False
        s.enabled = True
        s.placement = placement
        s.dist = dist
        s.priority = priority
        s.setFormat(fmt)
        if placement in (C.LABEL_LINE, C.LABEL_CURVED):
            flags = QgsLabeling.LinePlacementFlag
            # streets carry their name on the line; thin features (pipes, bridges) beside it
            s.lineSettings().setPlacementFlags(flags.OnLine if not dist else
                                               flags.AboveLine | flags.BelowLine | flags.MapOrientation)
            s.lineSettings().setMergeLines(merge)
        if max_scale:
            s.scaleVisibility = True
            s.minimumScale = max_scale  # most zoomed-out scale (denominator) with labels
            s.maximumScale = 0
        return s

    def scale_range(layer, max_scale):
        layer.setScaleBasedVisibility(True)
        layer.setMinimumScale(max_scale)
        layer.setMaximumScale(0)

    def road(layer):
        cats = [(v, line(c, w), S.VALUE_LISTS["road_class"][i].label) for i, (v, c, w) in enumerate(ROAD_CLASSES)]
        layer.setRenderer(categorized("road_class", cats, line(GREY, 0.35)))
        # main roads are named from the city overview on, the others only when zoomed in: merging
        # the segments of every street into one label line costs more than drawing all roads
        root = QgsRuleBasedLabeling.Rule(None)
        main = "'" + "', '".join(MAIN_ROADS) + "'"
        for flt, size, max_scale, desc in (
                (f'"road_class" IN ({main})', 8.5, SCALES["main_road_labels"], "Main roads"),
                (f'"road_class" IS NULL OR "road_class" NOT IN ({main})', 7.5, SCALES["road_labels"], "Other roads")):
            rule = QgsRuleBasedLabeling.Rule(label_settings("name", size, None, C.LABEL_CURVED, merge=True,
                                                            bold=size > 8, priority=6 if size > 8 else 5),
                                             0, max_scale, flt, desc)
            rule.setRuleKey("sm_road_labels_" + ("main" if size > 8 else "other"))  # stable QML
            root.appendChild(rule)
        root.setRuleKey("sm_road_labels")
        layer.setLabeling(QgsRuleBasedLabeling(root))

    def bridge(layer):
        sym = line("#212529", 2.2, capstyle="flat")
        inner = QgsSimpleLineSymbolLayer.create({"line_color": "#fff3bf", "line_width": "1.3",
                                                 "line_width_unit": "MM", "capstyle": "flat",
                                                 "joinstyle": "round"})
        sym.appendSymbolLayer(inner)
        layer.setRenderer(QgsSingleSymbolRenderer(sym))
        layer.setLabeling(labels("name", 8, SCALES["bridge_labels"], C.LABEL_LINE, bold=True, dist=1.2,
                                 priority=6))

    def tunnel(layer):
        sym = line("#343a40", 1.2, capstyle="flat", use_custom_dash="1", customdash="2.5;1.2",
                   customdash_unit="MM")
        layer.setRenderer(QgsSingleSymbolRenderer(sym))
        layer.setLabeling(labels("name", 8, SCALES["tunnel_labels"], C.LABEL_LINE, dist=1.2, priority=6))

    def drain_pipe(layer):
        t = QgsSizeScaleTransformer(QgsSizeScaleTransformer.ScaleType.Linear, PIPE_WIDTH["min_value"],
                                    PIPE_WIDTH["max_value"], PIPE_WIDTH["min_size"], PIPE_WIDTH["max_size"],
                                    PIPE_WIDTH["null_size"], 1.0)

        def pipe(color):
            sym = line(color, PIPE_WIDTH["null_size"], capstyle="flat")
            prop = QgsProperty.fromField("diameter_mm")
            prop.setTransformer(t.clone())
            sym.symbolLayer(0).setDataDefinedProperty(stroke_width, prop)
            return sym

        labels_ = {c.value: c.label for c in S.VALUE_LISTS["pipe_usage"]}
        cats = [(v, pipe(c), labels_[v]) for v, c in PIPE_USAGES]
        layer.setRenderer(categorized("usage", cats, pipe(GREY)))
        layer.setLabeling(labels("code", 7, SCALES["pipe_labels"], C.LABEL_LINE, color="#343a40", dist=0.8,
                                 priority=3))

    def manhole(layer):
        labels_ = {c.value: c.label for c in S.VALUE_LISTS["pipe_usage"]}
        cats = [(v, marker("circle", c, 1.8), labels_[v]) for v, c in PIPE_USAGES]
        layer.setRenderer(categorized("usage", cats, marker("circle", GREY, 1.8)))
        scale_range(layer, SCALES["manhole_layer"])
        layer.setLabeling(labels("code", 7, SCALES["manhole_labels"], C.LABEL_AROUND_POINT, color="#343a40",
                                 dist=0.6, priority=3))

    def rain_inlet(layer):
        layer.setRenderer(QgsSingleSymbolRenderer(marker("square", "#74c0fc", 1.5, "#1864ab", 0.25)))
        scale_range(layer, SCALES["rain_inlet_layer"])
        layer.setLabeling(labels("code", 6.5, SCALES["inlet_labels"], C.LABEL_AROUND_POINT, color="#1864ab",
                                 dist=0.6, priority=2))

    def storage_facility(layer):
        sym = QgsFillSymbol.createSimple({"color": "51,154,240,90", "outline_color": "#1971c2",
                                          "outline_width": "0.4", "outline_width_unit": "MM"})
        layer.setRenderer(QgsSingleSymbolRenderer(sym))
        layer.setLabeling(labels("name", 8, SCALES["storage_labels"], C.LABEL_HORIZONTAL, color="#1864ab",
                                 priority=4))

    def outfall(layer):
        # a triangle pointing at the river, coloured by the system it discharges
        labels_ = {c.value: c.label for c in S.VALUE_LISTS["pipe_usage"]}
        cats = [(v, marker("triangle", c, 3.0, "#ffffff", 0.4), labels_[v]) for v, c in PIPE_USAGES]
        layer.setRenderer(categorized("usage", cats, marker("triangle", GREY, 3.0, "#ffffff", 0.4)))
        layer.setLabeling(labels("code", 7, SCALES["manhole_labels"], C.LABEL_AROUND_POINT, color="#1864ab",
                                 dist=0.8, priority=4))

    def waterlogging_point(layer):
        def pin(color, size):
            halo = QColor(color)
            halo.setAlpha(80)
            sym = marker("circle", "{},{},{},{}".format(*halo.getRgb()), size * 1.8, "0,0,0,0", 0)
            sym.appendSymbolLayer(QgsSimpleMarkerSymbolLayer.create(marker_props("circle", color, size,
                                                                                 "#ffffff", 0.5)))
            return sym

        labels_ = {c.value: c.label for c in S.VALUE_LISTS["waterlogging_status"]}
        cats = [(v, pin(c, s), labels_[v]) for v, c, s in WATERLOGGING_STATUS]
        layer.setRenderer(categorized("status", cats, pin(GREY, 2.6)))
        layer.setLabeling(labels("name", 8.5, None, C.LABEL_AROUND_POINT, color="#a61e4d", bold=True, dist=1.5,
                                 priority=9))

    builders = {f.__name__: f for f in (road, bridge, tunnel, drain_pipe, manhole, rain_inlet,
                                         storage_facility, waterlogging_point, outfall)}
    missing = [t.name for t in S.FACILITY_TABLES if t.name not in builders]
    if missing:
        sys.stderr.write(f"no style for: {', '.join(missing)}\n")
    with tempfile.TemporaryDirectory() as tmp:
        store = GpkgStore.create(str(Path(tmp) / "styles.gpkg"))
        path = store.path
        store.close()
        for t in S.FACILITY_TABLES:
            if t.name not in builders:
                continue
            layer = QgsVectorLayer(f"{path}|layername={t.name}", t.name, "ogr")
            assert layer.isValid(), t.name
            builders[t.name](layer)
            layer.setLabelsEnabled(True)
            out = style_path(t.name)
            out.parent.mkdir(parents=True, exist_ok=True)
            msg, ok = layer.saveNamedStyle(str(out), C.STYLE_CATEGORIES)
            if not ok:
                sys.stderr.write(f"{out}: {msg}\n")
                return 1
            sys.stdout.write(f"wrote {out.relative_to(ROOT)}\n")
            del layer
    app.exitQgis()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
