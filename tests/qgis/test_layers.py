"""The store's QGIS side: layers, groups, relations, forms, styles, project round trip."""
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsEditFormConfig,
    QgsFieldConstraints,
    QgsGeometry,
    QgsLayerTreeGroup,
    QgsLineSymbol,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsProperty,
    QgsRectangle,
    QgsRelation,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsVectorLayer,
    QgsVectorLayerTools,
    QgsVectorLayerUtils,
    QgsWkbTypes,
)
from qgis.gui import QgsAttributeEditorContext, QgsRelationEditorWidget
from qgis.PyQt.QtCore import QCoreApplication, QSize, QTranslator
from qgis.PyQt.QtGui import QColor

from safe_municipal.core import schema as S
from safe_municipal.layers import forms, styles
from safe_municipal.layers.gpkg import GpkgStore, StoreError
from safe_municipal.layers.project import (
    PROP_STORE,
    PROP_TABLE,
    find_layer,
    find_layers,
    load_store,
    store_group,
    unload_store,
)
from safe_municipal.layers.relations import KIND_FIELD, relation_specs

TABLE_ORDER = {
    "waterlogging": ["waterlogging_point", "storage_facility"],
    "drainage": ["cover_case", "outfall", "rain_inlet", "manhole", "drain_pipe"],
    "roads": ["tunnel", "bridge", "road"],
    "programmes": ["programme", "programme_target", "cover_replacement", "waterlogging_plan", "maintenance_unit",
                   "unit_cost", "setting"],
    "records": ["inspection", "maintenance", "maintenance_material", "attachment", "pipe_defect",
                "pavement_distress", "bridge_element", "tunnel_item", "waterlogging_event", "assessment",
                "audit_log"],
}


@pytest.fixture()
def store_file(sample_store):
    return sample_store.path


@pytest.fixture(autouse=True)
def _clear_project_after():
    yield
    QgsProject.instance().clear()  # no file name, layers or relations left for the next test


@pytest.fixture()
def loaded(qgis_new_project, store_file):
    return load_store(store_file, QgsProject.instance())


def _tabs(layer):
    return list(layer.editFormConfig().invisibleRootContainer().children())


G = QgsWkbTypes.GeometryType
EXPECTED_GEOMETRY = {"LineString": G.LineGeometry, "Point": G.PointGeometry, "Polygon": G.PolygonGeometry,
                     None: G.NullGeometry}


# --------------------------------------------------------------------------- layers and tree
def test_every_table_is_a_valid_layer_with_its_geometry_and_crs(loaded, sample_store):
    assert set(loaded.layers) == {t.name for t in S.TABLES}
    assert set(loaded.added) == {t.name for t in S.TABLES}
    for t in S.TABLES:
        layer = loaded.layers[t.name]
        assert layer.isValid(), t.name
        assert layer.providerType() == "ogr"
        assert layer.source() == f"{loaded.path}|layername={t.name}"
        assert layer.geometryType() == EXPECTED_GEOMETRY[t.geometry], t.name
        assert layer.crs().authid() == ("EPSG:4546" if t.is_spatial else ""), t.name
        assert layer.featureCount() == sample_store.counts.get(t.name, 0), t.name
        assert layer.name() == t.label
        assert layer.customProperty(PROP_TABLE) == t.name
        assert layer.customProperty(PROP_STORE) == loaded.path
        assert find_layer(QgsProject.instance(), t.name) is layer
        assert find_layer(QgsProject.instance(), t.name, store=loaded.path) is layer
    assert find_layer(QgsProject.instance(), "road", store="/elsewhere/other.gpkg") is None
    assert len(QgsProject.instance().mapLayers()) == len(S.TABLES)


def test_layer_tree_groups(loaded):
    root = QgsProject.instance().layerTreeRoot()
    top = root.children()
    assert len(top) == 1 and top[0] is loaded.group
    assert loaded.group.name() == "平安市政"
    assert store_group(QgsProject.instance(), loaded.path) is loaded.group
    subs = loaded.group.children()
    assert [g.name() for g in subs] == ["Waterlogging", "Drainage", "Roads, bridges and tunnels", "Programmes",
                                        "Records"]
    assert all(isinstance(g, QgsLayerTreeGroup) for g in subs)
    for g in subs:
        key = g.customProperty("safe_municipal/group")
        assert [n.layer().customProperty(PROP_TABLE) for n in g.children()] == TABLE_ORDER[key]
        assert g.isExpanded() == (key not in ("programmes", "records"))


def test_custom_group_name(qgis_new_project, store_file):
    ls = load_store(store_file, QgsProject.instance(), group_name="Yichang")
    assert [c.name() for c in QgsProject.instance().layerTreeRoot().children()] == ["Yichang"]
    assert ls.group.name() == "Yichang"


def test_loading_twice_reuses_layers(loaded):
    project = QgsProject.instance()
    ids = {t: lyr.id() for t, lyr in loaded.layers.items()}
    road = loaded.layers["road"]
    road.setName("My roads")
    road.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"line_color": "#000000"})))
    project.removeMapLayer(loaded.layers["manhole"].id())  # the user removed one layer

    again = load_store(loaded.path, project)
    assert again.added == ("manhole",)
    assert {t: lyr.id() for t, lyr in again.layers.items() if t != "manhole"} == \
           {t: i for t, i in ids.items() if t != "manhole"}
    assert len(project.mapLayers()) == len(S.TABLES)
    assert len(project.layerTreeRoot().findLayers()) == len(S.TABLES)
    assert len(project.layerTreeRoot().children()) == 1 and again.group is loaded.group
    assert len(find_layers(project, "road")) == 1
    assert road.name() == "My roads" and road.renderer().type() == "singleSymbol"  # the user's styling stays
    assert again.layers["manhole"].renderer().type() == "categorizedSymbol"
    assert [n.layer().customProperty(PROP_TABLE) for n in loaded.group.children()[1].children()] == \
           ["cover_case", "outfall", "rain_inlet", "manhole", "drain_pipe"]  # back in its place
    # 9 facilities × 4 record tables, 9 × assessment, materials, 4 inspection details, waterlogging events,
    # and the programmes': point → plans, 2 × cover replacements, programme → targets, works, replacements,
    # cases → cover and unit
    assert len(project.relationManager().relations()) == len(relation_specs()) == 36 + 9 + 1 + 4 + 1 + 8
    assert all(r.isValid() for r in project.relationManager().relations().values())


def test_loading_an_older_store_migrates_it_first(qgis_new_project, tmp_path):
    """A schema-version-1 store (before the outfall table) is upgraded when loaded: every layer valid,
    the outfall layer among them, the migration recorded; a read-only old store is refused, untouched."""
    from store_support import make_v1_store

    path = make_v1_store(tmp_path / "old.gpkg")
    loaded = load_store(path)
    assert all(layer.isValid() for layer in loaded.layers.values())
    assert loaded.layers["outfall"].featureCount() == 0 and loaded.layers["road"].featureCount() == 1
    with GpkgStore.open(path, writable=False) as s:
        assert s.schema_version == S.SCHEMA_VERSION
    unload_store(loaded)
    ro = make_v1_store(tmp_path / "readonly.gpkg")
    Path(ro).chmod(0o444)
    before = Path(ro).read_bytes()
    with pytest.raises(StoreError, match="read-only"):
        load_store(ro)
    assert Path(ro).read_bytes() == before


def test_bad_files_raise_store_error_naming_the_file(qgis_new_project, tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database", encoding="utf-8")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(str(other)).execute("CREATE TABLE t (x)").connection.close()
    for bad, problem in ((text, "not a GeoPackage/SQLite file"), (other, "no sm_meta table"),
                         (tmp_path / "missing.gpkg", "no such file")):
        with pytest.raises(StoreError) as err:
            load_store(str(bad), QgsProject.instance())
        assert bad.name in str(err.value) and problem in str(err.value)
    assert QgsProject.instance().mapLayers() == {}
    assert QgsProject.instance().layerTreeRoot().children() == []


def test_project_crs_extent_and_zoom(loaded, qgis_iface, sample_store):
    project = QgsProject.instance()
    assert project.crs().authid() == "EPSG:4546"
    ext = loaded.extent()
    assert (ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum()) == sample_store.box
    view = project.viewSettings().defaultViewExtent()
    assert view.crs().authid() == "EPSG:4546" and view.contains(ext) and view.width() == pytest.approx(1260.0)

    canvas, wgs84 = qgis_iface.mapCanvas(), QgsCoordinateReferenceSystem("EPSG:4326")
    before = canvas.mapSettings().destinationCrs()
    canvas.setDestinationCrs(wgs84)
    try:
        assert loaded.zoom(canvas)
        geo = QgsCoordinateTransform(loaded.crs, wgs84, project).transformBoundingBox(ext)
        assert canvas.extent().contains(geo)
        assert canvas.extent().center().x() == pytest.approx(geo.center().x(), abs=1e-3)
    finally:
        canvas.setDestinationCrs(before)


def test_empty_store_has_null_extent(qgis_new_project, tmp_path, qgis_iface):
    GpkgStore.create(str(tmp_path / "empty.gpkg")).close()
    ls = load_store(str(tmp_path / "empty.gpkg"), QgsProject.instance())
    assert ls.extent().isNull() and ls.zoom(qgis_iface.mapCanvas()) is False


def test_unload_store(loaded):
    project = QgsProject.instance()
    assert unload_store(loaded.path, project) == len(S.TABLES)
    assert project.mapLayers() == {} and project.relationManager().relations() == {}
    assert project.layerTreeRoot().children() == []


# --------------------------------------------------------------------------- relations
def test_relations_ids_pairs_and_strength(loaded):
    rels = QgsProject.instance().relationManager().relations()
    expected = {f"sm_{f.name}_{child}" for f in S.FACILITY_TABLES for child, _k in S.FACILITY_RELATIONS}
    expected.add("sm_maintenance_maintenance_material")
    expected |= {f"sm_{f.name}_assessment" for f in S.FACILITY_TABLES}
    expected |= {f"sm_inspection_{d}" for d in ("pipe_defect", "pavement_distress", "bridge_element", "tunnel_item")}
    expected.add("sm_waterlogging_point_waterlogging_event")
    expected |= {"sm_waterlogging_point_waterlogging_plan", "sm_manhole_cover_replacement",
                 "sm_rain_inlet_cover_replacement", "sm_programme_programme_target", "sm_programme_maintenance",
                 "sm_programme_cover_replacement", "sm_manhole_cover_case", "sm_maintenance_unit_cover_case"}
    assert set(rels) == expected == set(loaded.relations)
    for rid, rel in rels.items():
        assert rel.isValid(), rid
    rel = rels["sm_bridge_inspection"]
    assert rel.referencedLayer() is loaded.layers["bridge"]
    assert rel.referencingLayer() is loaded.layers["inspection"]
    assert rel.fieldPairs() == {"facility_uid": "uid", "facility_kind": "facility_kind"}
    assert rel.strength() == QgsRelation.RelationStrength.Association
    assert rel.name() == "Bridges – Health records"
    assert rels["sm_road_audit_log"].fieldPairs() == {"row_uid": "uid"}
    mat = rels["sm_maintenance_maintenance_material"]
    assert mat.fieldPairs() == {"maintenance_uid": "uid"}
    assert mat.strength() == QgsRelation.RelationStrength.Composition
    targets = rels["sm_programme_programme_target"]
    assert targets.fieldPairs() == {"programme_uid": "uid"}
    assert targets.strength() == QgsRelation.RelationStrength.Composition
    assert rels["sm_manhole_cover_case"].fieldPairs() == {"manhole_uid": "uid"}
    assert rels["sm_waterlogging_point_waterlogging_plan"].strength() == QgsRelation.RelationStrength.Association


def test_relations_select_only_that_facilitys_records(loaded, sample_store):
    rels = QgsProject.instance().relationManager().relations()
    bridge = next(loaded.layers["bridge"].getFeatures())
    road_a = next(f for f in loaded.layers["road"].getFeatures() if f["uid"] == sample_store.road_a)
    assert bridge[KIND_FIELD] == "bridge" and road_a[KIND_FIELD] == "road"
    assert sorted(f["uid"] for f in rels["sm_bridge_inspection"].getRelatedFeatures(bridge)) == sample_store.bridge_inspections
    assert [f["uid"] for f in rels["sm_road_inspection"].getRelatedFeatures(road_a)] == [sample_store.road_inspection]
    assert [f["uid"] for f in rels["sm_bridge_maintenance"].getRelatedFeatures(bridge)] == [sample_store.work]
    assert [f["uid"] for f in rels["sm_bridge_attachment"].getRelatedFeatures(bridge)] == [sample_store.attachment]
    assert [f["uid"] for f in rels["sm_bridge_audit_log"].getRelatedFeatures(bridge)] == [sample_store.audit]
    assert list(rels["sm_road_maintenance"].getRelatedFeatures(road_a)) == []
    work = next(loaded.layers["maintenance"].getFeatures())
    assert sorted(f["uid"] for f in rels["sm_maintenance_maintenance_material"].getRelatedFeatures(work)) == \
           sample_store.materials


class _Tools(QgsVectorLayerTools):
    """What QGIS's relation editor calls to add a child, without dialogs (the app's tools are C++ only)."""

    def addFeature(self, layer, defaultValues=None, defaultGeometry=None, *args):  # noqa: N802
        feat = QgsVectorLayerUtils.createFeature(layer, QgsGeometry(), defaultValues or {},
                                                 layer.createExpressionContext())
        return layer.addFeature(feat), feat

    def startEditing(self, layer):  # noqa: N802
        return layer.startEditing()

    def stopEditing(self, layer, allowCancel=True):  # noqa: N802
        return layer.commitChanges()

    def saveEdits(self, layer):  # noqa: N802
        return layer.commitChanges(False)

    def copyMoveFeatures(self, *args):  # noqa: N802
        return False


def test_relation_editor_child_gets_parent_uid_kind_and_a_uuid(loaded, sample_store):
    rel = QgsProject.instance().relationManager().relation("sm_bridge_inspection")
    bridge = next(loaded.layers["bridge"].getFeatures())
    insp = loaded.layers["inspection"]
    tools = _Tools()
    ctx = QgsAttributeEditorContext()
    ctx.setVectorLayerTools(tools)
    widget = QgsRelationEditorWidget({}, None)
    widget.setEditorContext(ctx)
    widget.setRelationFeature(rel, bridge)
    assert insp.startEditing()
    widget.addFeature()
    added = [f for f in insp.getFeatures() if f["uid"] not in sample_store.bridge_inspections + [sample_store.road_inspection]]
    assert len(added) == 1
    new = added[0]
    assert new["facility_uid"] == sample_store.bridge and new["facility_kind"] == "bridge"
    assert len(new["uid"]) == 36 and str(uuid.UUID(new["uid"])) == new["uid"]
    insp.rollBack()
    widget.deleteLater()


def test_association_keeps_records_and_composition_cascades(loaded):
    project = QgsProject.instance()
    insp, mat = loaded.layers["inspection"], loaded.layers["maintenance_material"]
    bridge_layer, maint = loaded.layers["bridge"], loaded.layers["maintenance"]
    assert bridge_layer.startEditing() and maint.startEditing()
    ctx = QgsVectorLayer.DeleteContext(True, project)
    assert bridge_layer.deleteFeatures([f.id() for f in bridge_layer.getFeatures()], ctx)
    # (not featureCount(): with two layers of the file in edit mode, QGIS 3.22 cannot count a third
    # layer of a store without GDAL's gpkg_ogr_contents cache and returns -1)
    assert len(list(insp.getFeatures())) == 3 and not insp.isEditable()
    assert maint.deleteFeatures([f.id() for f in maint.getFeatures()], QgsVectorLayer.DeleteContext(True, project))
    assert mat.isEditable() and list(mat.getFeatures()) == []
    for layer in (bridge_layer, maint, mat):
        layer.rollBack()


# --------------------------------------------------------------------------- forms
def test_facility_forms_have_tabs_with_relation_editors(loaded):
    for t in S.FACILITY_TABLES:
        layer = loaded.layers[t.name]
        assert layer.editFormConfig().layout() == QgsEditFormConfig.EditorLayout.TabLayout, t.name
        tabs = _tabs(layer)
        assert [c.name() for c in tabs] == ["General", "Health records", "Maintenance", "Attachments",
                                            "Change history"]
        assert all(not c.isGroupBox() for c in tabs)
        assert [e.name() for e in tabs[0].children()] == list(t.field_names)
        for tab, (child, _key) in zip(tabs[1:], S.FACILITY_RELATIONS):
            (el,) = tab.children()
            assert (el.type(), el.relation().id(), el.relationWidgetTypeId()) == \
                (el.AeTypeRelation, f"sm_{t.name}_{child}", "relation_editor")
            assert el.relationEditorConfiguration()["buttons"] == ("NoButton" if child == "audit_log" else
                               "SaveChildEdits|AddChildFeature|DuplicateChildFeature|DeleteChildFeature")


def test_record_forms(loaded):
    maint = _tabs(loaded.layers["maintenance"])
    assert [c.name() for c in maint] == ["General", "Materials"]
    (el,) = maint[1].children()
    assert el.relation().id() == "sm_maintenance_maintenance_material"
    for name in ("inspection", "maintenance_material", "attachment", "audit_log"):
        tabs = _tabs(loaded.layers[name])
        assert [c.name() for c in tabs] == ["General"], name
        assert [e.name() for e in tabs[0].children()] == list(S.table(name).field_names)
    mat = loaded.layers["maintenance_material"]
    setup = mat.editorWidgetSetup(mat.fields().indexOf("maintenance_uid"))
    assert (setup.type(), setup.config()["Relation"]) == ("RelationReference", "sm_maintenance_maintenance_material")
    audit = loaded.layers["audit_log"]
    assert all(audit.editFormConfig().readOnly(audit.fields().indexOf(n)) for n in S.table("audit_log").field_names)
    insp = loaded.layers["inspection"]
    assert not insp.editFormConfig().readOnly(insp.fields().indexOf("grade"))
    assert insp.displayExpression() == forms.DISPLAY_EXPRESSIONS["inspection"]
    assert loaded.layers["road"].displayExpression() == forms.FACILITY_DISPLAY_EXPRESSION


def _value_map_codes(layer, name):
    setup = layer.editorWidgetSetup(layer.fields().indexOf(name))
    assert setup.type() == "ValueMap", (layer.name(), name)
    return [next(iter(d.values())) for d in setup.config()["map"]]


def test_value_maps_for_every_coded_field(loaded):
    n = 0
    for t in S.TABLES:
        layer = loaded.layers[t.name]
        for f in t.fields:
            if f.values:
                expected = list(S.value_codes(f.values))
                assert _value_map_codes(layer, f.name) == (expected if f.required else [forms.NULL_VALUE] + expected)
                n += 1
    assert n >= 30
    insp = loaded.layers["inspection"]
    assert _value_map_codes(insp, "facility_kind") == list(S.FACILITY_KINDS)
    first = insp.editorWidgetSetup(insp.fields().indexOf("inspection_type")).config()["map"][:2]
    assert first == [{"(not set)": forms.NULL_VALUE}, {"Routine patrol": "routine"}]


def test_date_boolean_blob_and_uid_widgets(loaded):
    manhole = loaded.layers["manhole"]
    date = manhole.editorWidgetSetup(manhole.fields().indexOf("cover_replaced_on"))
    assert date.type() == "DateTime"
    assert (date.config()["field_format"], date.config()["display_format"], date.config()["calendar_popup"]) == \
           ("yyyy-MM-dd", "yyyy-MM-dd", True)
    assert manhole.editorWidgetSetup(manhole.fields().indexOf("anti_settlement")).type() == "CheckBox"
    att = loaded.layers["attachment"]
    assert att.editorWidgetSetup(att.fields().indexOf("content")).type() == "Binary"
    insp = loaded.layers["inspection"]
    assert insp.editorWidgetSetup(insp.fields().indexOf("inspected_on")).config()["allow_null"] is False
    for t in S.TABLES:
        layer = loaded.layers[t.name]
        idx = layer.fields().indexOf("uid")
        assert layer.defaultValueDefinition(idx).expression() == "uuid(format:='WithoutBraces')"
        assert layer.editFormConfig().readOnly(idx)
    value = loaded.layers["road"].defaultValue(loaded.layers["road"].fields().indexOf("uid"))
    assert len(value) == 36 and "{" not in value and str(uuid.UUID(value)) == value


def test_aliases_are_schema_labels(loaded):
    for t in S.TABLES:
        layer = loaded.layers[t.name]
        assert {f.name: layer.attributeAlias(layer.fields().indexOf(f.name)) for f in t.fields} == \
               {f.name: f.label for f in t.fields}


def test_constraints_from_schema(loaded):
    pipe = loaded.layers["drain_pipe"]
    flds = pipe.fields()

    def constraints(name):
        return flds.field(name).constraints()

    c = constraints("code")
    assert c.constraints() & QgsFieldConstraints.Constraint.ConstraintNotNull
    assert c.constraints() & QgsFieldConstraints.Constraint.ConstraintUnique
    assert c.constraintStrength(QgsFieldConstraints.Constraint.ConstraintUnique) == \
           QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard
    assert not constraints("name").constraints() & QgsFieldConstraints.Constraint.ConstraintNotNull
    assert pipe.constraintExpression(flds.indexOf("diameter_mm")) == \
           '"diameter_mm" IS NULL OR ("diameter_mm" >= 50 AND "diameter_mm" <= 6000)'
    assert pipe.constraintDescription(flds.indexOf("diameter_mm")) == "Must be between 50 and 6000"
    assert pipe.constraintExpression(flds.indexOf("length_m")) == '"length_m" IS NULL OR ("length_m" >= 0)'
    assert pipe.constraintDescription(flds.indexOf("length_m")) == "Must be at least 0"
    assert pipe.constraintExpression(flds.indexOf("uid")) == '"uid" IS NULL OR (length("uid") = 36)'
    assert pipe.constraintExpression(flds.indexOf("name")) == ""

    feat = next(pipe.getFeatures())
    idx = flds.indexOf("diameter_mm")
    feat["diameter_mm"] = 10
    ok, errors = QgsVectorLayerUtils.validateAttribute(pipe, feat, idx)
    assert not ok and "Must be between 50 and 6000" in " ".join(errors)
    feat["diameter_mm"] = 600
    assert QgsVectorLayerUtils.validateAttribute(pipe, feat, idx)[0]
    feat["usage"] = None
    assert not QgsVectorLayerUtils.validateAttribute(pipe, feat, flds.indexOf("usage"))[0]
    feat["code"] = "GD0002"  # another pipe's code
    assert not QgsVectorLayerUtils.validateAttribute(pipe, feat, flds.indexOf("code"))[0]


class _Tagger(QTranslator):
    """Translates every string of the schema and SafeMunicipal contexts by tagging it."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context == "schema":
            return "S:" + source
        if context == "SafeMunicipal":
            return "P:" + source
        return ""


def test_user_visible_texts_go_through_translation(qgis_new_project, store_file):
    tagger = _Tagger()
    QCoreApplication.installTranslator(tagger)
    try:
        ls = load_store(store_file, QgsProject.instance())
    finally:
        QCoreApplication.removeTranslator(tagger)
    road = ls.layers["road"]
    assert road.name() == "S:Roads"
    assert [g.name() for g in ls.group.children()] == ["P:Waterlogging", "P:Drainage",
                                                         "P:Roads, bridges and tunnels", "P:Programmes",
                                                         "P:Records"]
    assert road.attributeAlias(road.fields().indexOf("road_class")) == "S:Road class"
    assert [c.name() for c in _tabs(road)][:2] == ["P:General", "P:Health records"]
    vm = road.editorWidgetSetup(road.fields().indexOf("road_class")).config()["map"]
    assert vm[:2] == [{"P:(not set)": forms.NULL_VALUE}, {"S:Expressway (快速路)": "expressway"}]
    assert [c.label() for c in road.renderer().categories()][0] == "S:Expressway (快速路)"
    assert road.renderer().categories()[-1].label() == "P:Other / not recorded"
    assert ls.layers["drain_pipe"].constraintDescription(ls.layers["drain_pipe"].fields().indexOf("diameter_mm")) \
        == f"P:Must be between {50} and {6000}"


# --------------------------------------------------------------------------- styles
def _categories(layer):
    r = layer.renderer()
    assert isinstance(r, QgsCategorizedSymbolRenderer), layer.name()
    cats = r.categories()  # copies: clone their symbols while the list lives
    return r.classAttribute(), [c.value() for c in cats], [c.symbol().clone() for c in cats]


def test_styles_exist_for_every_facility_table():
    stems = {p.stem for p in styles.STYLE_DIR.glob("*.qml")}
    assert set(S.FACILITY_KINDS) <= stems
    assert stems <= {t.name for t in S.TABLES if t.is_spatial}  # and no other: cover_case (make_case_style.py)


def test_road_and_pipe_renderers(loaded):
    attr, values, symbols = _categories(loaded.layers["road"])
    assert attr == "road_class" and values == list(S.value_codes("road_class")) + [""]
    assert [s.width() for s in symbols] == [1.5, 1.1, 0.8, 0.5, 0.35, 0.35]
    assert symbols[0].color().name() == "#d9480f" and symbols[2].color().name() == "#495057"

    attr, values, symbols = _categories(loaded.layers["drain_pipe"])
    assert attr == "usage" and values == ["storm", "sewage", "combined", ""]
    assert [s.color().name() for s in symbols] == ["#1c7ed6", "#8b5a2b", "#7048e8", "#868e96"]
    prop = symbols[0].symbolLayer(0).dataDefinedProperties().property(QgsSymbolLayer.PropertyStrokeWidth)
    assert prop.isActive() and prop.propertyType() == QgsProperty.FieldBasedProperty
    assert prop.field() == "diameter_mm"
    t = prop.transformer()
    assert (t.minValue(), t.maxValue(), t.minSize(), t.maxSize()) == (200, 2000, 0.2, 1.2)
    assert t.size(1100) == pytest.approx(0.7)
    assert not loaded.layers["drain_pipe"].renderer().usingSymbolLevels()


def test_bridge_tunnel_point_and_polygon_styles(loaded):
    bridge = loaded.layers["bridge"].renderer()
    assert isinstance(bridge, QgsSingleSymbolRenderer)
    casing, inner = bridge.symbol().symbolLayers()
    assert casing.width() > inner.width() and casing.color().name() == "#212529"
    tunnel = loaded.layers["tunnel"].renderer().symbol().symbolLayer(0)
    assert tunnel.useCustomDashPattern() and tunnel.customDashVector() == [2.5, 1.2]
    attr, values, symbols = _categories(loaded.layers["manhole"])
    assert attr == "usage" and values == ["storm", "sewage", "combined", ""]
    assert symbols[0].symbolLayer(0).shape() == symbols[0].symbolLayer(0).Circle
    inlet = loaded.layers["rain_inlet"].renderer().symbol().symbolLayer(0)
    assert inlet.shape() == inlet.Square
    storage = loaded.layers["storage_facility"].renderer().symbol().symbolLayer(0)
    assert storage.color().alpha() == 90 and storage.color().blue() == 240
    attr, values, symbols = _categories(loaded.layers["waterlogging_point"])
    assert attr == "status" and values == ["active", "in_treatment", "remediated", ""]
    assert symbols[0].symbolLayer(1).color().name() == "#e03131"
    assert symbols[0].size() > symbols[2].size()


EXPECTED_LABELS = {  # table: (field, max scale denominator or 0 for always)
    "bridge": ("name", 25000), "tunnel": ("name", 25000),
    "waterlogging_point": ("name", 0), "storage_facility": ("name", 50000),
    "drain_pipe": ("code", 2500), "manhole": ("code", 1000), "rain_inlet": ("code", 1000),
}


def test_labels_and_scale_visibility(loaded):
    for table, (field, max_scale) in EXPECTED_LABELS.items():
        layer = loaded.layers[table]
        assert layer.labelsEnabled(), table
        s = layer.labeling().settings()
        assert (s.fieldName, s.isExpression) == (field, False), table
        assert s.format().font().family() == "Noto Sans CJK SC", table
        assert s.scaleVisibility == bool(max_scale), table
        if max_scale:
            assert (s.minimumScale, s.maximumScale) == (max_scale, 0), table
    road = loaded.layers["road"]
    assert road.labelsEnabled() and road.labeling().type() == "rule-based"
    rules = road.labeling().rootRule().children()
    assert [(r.filterExpression(), r.minimumScale(), r.maximumScale()) for r in rules] == [
        ('"road_class" IN (\'expressway\', \'arterial\')', 50000, 0),
        ('"road_class" IS NULL OR "road_class" NOT IN (\'expressway\', \'arterial\')', 15000, 0)]
    for r in rules:
        s = r.settings()
        assert (s.fieldName, s.format().font().family()) == ("name", "Noto Sans CJK SC")
        assert s.lineSettings().mergeLines()
    for table, max_scale in (("manhole", 10000), ("rain_inlet", 5000)):
        layer = loaded.layers[table]
        assert layer.hasScaleBasedVisibility() and layer.minimumScale() == max_scale
        assert layer.isInScaleRange(max_scale / 2) and not layer.isInScaleRange(max_scale * 2)
    for table in ("road", "bridge", "tunnel", "drain_pipe", "storage_facility", "waterlogging_point"):
        assert not loaded.layers[table].hasScaleBasedVisibility(), table


def _count(img, color, tol=40):
    """Pixels of ``img`` within ``tol`` (sum of RGB differences) of ``color``."""
    t = QColor(color)
    return sum(1 for y in range(img.height()) for x in range(img.width())
               if sum(abs(a - b) for a, b in zip(img.pixelColor(x, y).getRgb()[:3], t.getRgb()[:3])) < tol)


def test_styled_layers_render(loaded, sample_store):
    settings = QgsMapSettings()
    settings.setLayers([lyr for lyr in QgsProject.instance().layerTreeRoot().layerOrder() if lyr.isSpatial()])
    settings.setDestinationCrs(loaded.crs)
    settings.setOutputSize(QSize(240, 160))
    x0, y0 = sample_store.origin
    settings.setExtent(QgsRectangle(x0 - 50, y0 - 250, x0 + 1250, y0 + 650))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    assert _count(img, "#d9480f") > 20  # the expressway
    assert _count(img, "#e03131") > 4  # the active waterlogging point
    assert _count(img, "#7048e8") > 5  # the 1500 mm combined sewer


# --------------------------------------------------------------------------- saved project
def test_qgz_round_trip(loaded, tmp_path):
    project = QgsProject.instance()
    qgz = tmp_path / "city.qgz"
    assert project.write(str(qgz))
    project.clear()
    assert project.mapLayers() == {}
    assert project.read(str(qgz))

    assert len(project.mapLayers()) == len(S.TABLES)
    layers = {t.name: find_layer(project, t.name, store=loaded.path) for t in S.TABLES}
    assert all(lyr is not None and lyr.isValid() for lyr in layers.values())
    rels = project.relationManager().relations()
    assert set(rels) == set(loaded.relations) and all(r.isValid() for r in rels.values())
    assert rels["sm_bridge_inspection"].fieldPairs() == {"facility_uid": "uid", "facility_kind": "facility_kind"}
    bridge = next(layers["bridge"].getFeatures())
    assert bridge[KIND_FIELD] == "bridge"
    assert len(list(rels["sm_bridge_inspection"].getRelatedFeatures(bridge))) == 2
    road = layers["road"]
    assert road.editFormConfig().layout() == QgsEditFormConfig.EditorLayout.TabLayout
    tabs = _tabs(road)
    assert [c.name() for c in tabs] == ["General", "Health records", "Maintenance", "Attachments",
                                        "Change history"]
    assert tabs[1].children()[0].relation().id() == "sm_road_inspection"
    assert _value_map_codes(road, "road_class")[1:] == list(S.value_codes("road_class"))
    assert road.defaultValueDefinition(road.fields().indexOf("uid")).expression() == forms.UID_DEFAULT
    pipe = layers["drain_pipe"]
    assert pipe.constraintExpression(pipe.fields().indexOf("diameter_mm")).startswith('"diameter_mm" IS NULL')
    assert road.renderer().type() == "categorizedSymbol" and road.labeling().type() == "rule-based"
    assert layers["manhole"].minimumScale() == 10000
    group = store_group(project, loaded.path)
    assert group is not None and [g.name() for g in group.children()][-1] == "Records"
    again = load_store(loaded.path, project)  # and loading into the reopened project adds nothing
    assert again.added == () and len(project.mapLayers()) == len(S.TABLES)


def test_project_and_store_moved_together(sample_store, qgis_new_project, tmp_path):
    project = QgsProject.instance()
    first = load_store(sample_store.path, project)
    assert project.write(str(Path(first.path).with_name("city.qgz")))  # beside the store: relative paths
    project.clear()
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("city.gpkg", "city.qgz"):
        shutil.move(str(Path(first.path).with_name(name)), str(moved / name))
    assert project.read(str(moved / "city.qgz"))
    new_path = str(moved / "city.gpkg")
    assert all(lyr.isValid() for lyr in project.mapLayers().values())
    assert find_layer(project, "road", store=new_path) is not None  # found by its data source
    again = load_store(new_path, project)
    assert again.added == () and len(project.layerTreeRoot().children()) == 1
    assert again.group.customProperty(PROP_STORE) == new_path and store_group(project, new_path) is again.group
