"""A PostGIS store in a QGIS project: the same layers, relations and forms as a GeoPackage store, read
through QGIS's postgres provider; edits through QGIS are audited by the database (the login) and a
stale edit is refused (row version), and no password reaches the project file."""
import pytest
from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsProject

from safe_municipal.core import schema as S
from safe_municipal.layers import store_ref
from safe_municipal.layers.project import (
    find_layer,
    find_layers,
    layer_store_path,
    layer_uri,
    load_store,
    open_table_layer,
    same_store,
    unload_store,
)


@pytest.fixture(autouse=True)
def _clear_project_after():
    yield
    QgsProject.instance().clear()


@pytest.fixture()
def pg_store(sample_store, pg_copy):
    store = pg_copy(sample_store.path)
    yield store


def test_layer_uri_names_schema_key_and_type_never_a_password(pg_store):
    uri = QgsDataSourceUri(layer_uri(pg_store.ref, "bridge"))
    assert (uri.schema(), uri.table(), uri.geometryColumn(), uri.keyColumn()) == (pg_store.schema, "bridge",
                                                                                    "geom", "fid")
    assert uri.password() == ""
    plain = QgsDataSourceUri(layer_uri(pg_store.ref, "inspection"))
    assert plain.geometryColumn() == "" and plain.table() == "inspection"
    with pytest.raises(store_ref.StoreError, match="password"):
        store_ref.parse(pg_store.ref + " password=secret")


def test_load_pg_store_like_a_geopackage(qgis_new_project, sample_store, pg_store, tmp_path):
    project = QgsProject.instance()
    loaded = load_store(pg_store.ref, project)
    assert set(loaded.layers) == {t.name for t in S.TABLES}
    for name, layer in loaded.layers.items():
        assert layer.isValid(), name
        assert layer.providerType() == "postgres"
        assert layer.featureCount() == sample_store.counts.get(name, pg_store.count(name)), name
        assert same_store(layer_store_path(layer), pg_store.ref)
    assert loaded.layers["bridge"].crs().authid() == "EPSG:4546"
    # the same relations as a GeoPackage store: a bridge's inspections through the relation
    rel = loaded.relations["sm_bridge_inspection"]
    bridge = next(loaded.layers["bridge"].getFeatures(QgsFeatureRequest().setFilterExpression(
        f"uid = '{sample_store.bridge}'")))
    related = {f["uid"] for f in rel.getRelatedFeatures(bridge)}
    assert related == set(sample_store.bridge_inspections)
    # loading again adds nothing; found by reference whoever logs in
    again = load_store(pg_store.ref, project)
    assert again.added == () and len(find_layers(project, store=pg_store.ref)) == len(S.TABLES)
    other_user = pg_store.ref.replace("user=postgres", "user=eve_editor")
    assert find_layer(project, "bridge", other_user) is loaded.layers["bridge"]
    # the project file carries the reference, not a password
    path = tmp_path / "city.qgs"
    assert project.write(str(path))
    text = path.read_text(encoding="utf-8")
    assert pg_store.schema in text and "password" not in text.lower()
    assert unload_store(pg_store.ref, project) == len(S.TABLES)


def test_qgis_edit_is_audited_by_the_database_and_stale_edit_refused(qgis_new_project, sample_store, pg_copy):
    store = pg_copy(sample_store.path, user="eve_editor")
    loaded = load_store(store.ref, QgsProject.instance())
    layer = loaded.layers["road"]
    uid = sample_store.road_a
    feat = next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"uid = '{uid}'")))
    idx = layer.fields().indexOf("name")
    assert layer.startEditing()
    assert layer.changeAttributeValue(feat.id(), idx, "解放路（QGIS 编辑）")
    assert layer.commitChanges(), layer.commitErrors()
    assert store.get("road", uid)["name"] == "解放路（QGIS 编辑）"
    who = store.execute("SELECT user_name FROM audit_log WHERE row_uid = ? AND action = 'update' "
                        "ORDER BY changed_at DESC LIMIT 1", (uid,)).fetchone()
    assert who == ("eve_editor",)

    # someone else changes the road after QGIS read it: QGIS's save is refused, the other's value stays
    feat = next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"uid = '{uid}'")))
    assert layer.startEditing()
    assert layer.changeAttributeValue(feat.id(), idx, "QGIS 的旧读数")
    other = store_ref.open_store(store.ref.replace("user=eve_editor", "user=adam_admin"))
    try:
        other.update("road", uid, {"name": "另一位技术员"})
    finally:
        other.close()
    assert not layer.commitChanges()
    assert any("was changed by adam_admin" in e for e in layer.commitErrors()), layer.commitErrors()
    layer.rollBack()
    assert store.get("road", uid)["name"] == "另一位技术员"


def test_open_table_layer_either_backend(sample_store, pg_store):
    for ref in (sample_store.path, pg_store.ref):
        layer = open_table_layer(ref, "manhole")
        assert layer.isValid() and layer.featureCount() == sample_store.counts["manhole"]


def test_qgis_adds_a_record_on_pg(qgis_new_project, sample_store, pg_copy):
    from qgis.core import QgsVectorLayerUtils

    store = pg_copy(sample_store.path, user="ivan_inspector")
    loaded = load_store(store.ref, QgsProject.instance())
    layer = loaded.layers["inspection"]
    before = store.count("inspection")
    assert layer.startEditing()
    feat = QgsVectorLayerUtils.createFeature(layer, attributes={
        layer.fields().indexOf("facility_uid"): sample_store.bridge,
        layer.fields().indexOf("facility_kind"): "bridge",
        layer.fields().indexOf("inspected_on"): "2026-05-01",
        layer.fields().indexOf("inspection_type"): "routine",
        layer.fields().indexOf("inspector"): "王工"})
    assert layer.addFeature(feat)
    assert layer.commitChanges(), layer.commitErrors()
    assert store.count("inspection") == before + 1
    new = next(store.rows("inspection", "inspector = ?", ("王工",), columns=["uid", "row_version"]))
    assert new["row_version"] == 1
    # QGIS reads the database's grants: the inspector's facility layers and the viewer's layers are read-only
    assert not loaded.layers["road"].startEditing()
    viewer = pg_copy(sample_store.path, user="alice_viewer")
    vlayers = load_store(viewer.ref, QgsProject.instance()).layers
    assert not vlayers["road"].startEditing() and not vlayers["inspection"].startEditing()
