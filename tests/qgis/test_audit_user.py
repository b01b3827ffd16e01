"""Edits made through QGIS's own edit buffer are audited under the QGIS user."""
import json

from qgis.core import QgsApplication, QgsProject

from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.project import find_layer, load_store


def test_qgis_form_edit_names_the_qgis_user(qgis_new_project, tmp_path):
    path = tmp_path / "city.gpkg"
    write_demo_city(str(path), scale="tiny", seed=2)
    s = GpkgStore.open(str(path))
    s.user = "someone-else"
    with s.transaction():
        pass
    s.close()
    load_store(str(path))
    layer = find_layer(QgsProject.instance(), "bridge")
    feature = next(layer.getFeatures())
    old_name = feature["name"]
    assert layer.startEditing()
    assert layer.changeAttributeValue(feature.id(), layer.fields().indexOf("name"), "至喜长江大桥（测试）")
    assert layer.commitChanges(), layer.commitErrors()
    s = GpkgStore.open(str(path), writable=False)
    [(who, row_uid, old, new)] = s.execute(
        "SELECT user_name, row_uid, old_values, new_values FROM audit_log WHERE action = 'update'").fetchall()
    s.close()
    expected = QgsApplication.userFullName() or QgsApplication.userLoginName()
    assert who == expected != "someone-else"
    assert row_uid == feature["uid"]
    assert (json.loads(old)["name"], json.loads(new)["name"]) == (old_name, "至喜长江大桥（测试）")
    QgsProject.instance().clear()
