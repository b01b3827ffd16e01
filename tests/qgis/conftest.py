"""Fixtures of the QGIS tests: ``sample_store``, a small store with a few rows in every table."""
import uuid
from types import SimpleNamespace

import pytest
from pg_support import *  # noqa: F401,F403 - the PostgreSQL/PostGIS fixtures (pg_copy …)

from safe_municipal.layers.gpkg import GpkgStore

X0, Y0 = 527783.0, 3397750.0  # EPSG:4546, Yichang


def U(n: int) -> str:
    """A fixed, valid UUID: 00000000-0000-0000-0000-0000000000nn."""
    return str(uuid.UUID(int=n))


IDS = dict(road_a=U(1), road_b=U(2), bridge=U(3), tunnel=U(4), pipe=U(5), manhole=U(6), waterlogging=U(7),
           work=U(8), bridge_inspections=[U(30), U(31)], road_inspection=U(32), materials=[U(40), U(41)],
           attachment=U(50), audit=U(60))
COUNTS = {"road": 2, "bridge": 1, "tunnel": 1, "drain_pipe": 3, "manhole": 2, "rain_inlet": 1,
          "storage_facility": 1, "waterlogging_point": 2, "inspection": 3, "maintenance": 1,
          "maintenance_material": 2, "attachment": 1, "audit_log": 1,
          "pipe_defect": 0, "pavement_distress": 0, "bridge_element": 0, "tunnel_item": 0,
          "waterlogging_event": 0, "assessment": 0}
BOX = (X0, Y0 - 200.0, X0 + 1200.0, Y0 + 600.0)  # (minx, miny, maxx, maxy) of every geometry


def _line(*pts):
    return ("LineString", [(X0 + dx, Y0 + dy) for dx, dy in pts])


def write_sample_store(path) -> str:
    i = SimpleNamespace(**IDS)
    s = GpkgStore.create(str(path))
    # Audit suspended: the sample holds exactly the one audit row written below.
    with s.audit_suspended():
        s.insert("road", [
            dict(uid=i.road_a, code="DL0001", name="沿江大道", road_class="expressway", district="西陵区",
                 geom=_line((0, 0), (1200, 0))),
            dict(uid=i.road_b, code="DL0002", name="解放路", road_class="branch", geom=_line((0, -200), (0, 600))),
        ])
        s.insert("bridge", [dict(uid=i.bridge, code="QL0001", name="至喜长江大桥", bridge_class="I",
                                 geom=_line((300, 0), (500, 0)))])
        s.insert("tunnel", [dict(uid=i.tunnel, code="SD0001", name="城东隧道", geom=_line((800, 100), (1000, 100)))])
        s.insert("drain_pipe", [
            dict(uid=i.pipe, code="GD0001", usage="storm", diameter_mm=300, geom=_line((0, 10), (100, 10))),
            dict(uid=U(20), code="GD0002", usage="sewage", diameter_mm=800, geom=_line((100, 10), (200, 10))),
            dict(uid=U(21), code="GD0003", usage="combined", diameter_mm=1500, geom=_line((200, 10), (300, 10))),
        ])
        s.insert("manhole", [
            dict(uid=i.manhole, code="JC0001", usage="storm", anti_settlement=True, cover_replaced_on="2024-04-01",
                 geom=("Point", (X0 + 100, Y0 + 10))),
            dict(uid=U(22), code="JC0002", usage="sewage", geom=("Point", (X0 + 200, Y0 + 10))),
        ])
        s.insert("rain_inlet", [dict(uid=U(23), code="YS0001", geom=("Point", (X0 + 50, Y0 + 5)))])
        s.insert("storage_facility", [dict(uid=U(24), code="TX0001", name="运河调蓄池", capacity_m3=40000.0,
                                           geom=("Polygon", [[(X0 + 600, Y0 + 300), (X0 + 700, Y0 + 300),
                                                              (X0 + 700, Y0 + 400), (X0 + 600, Y0 + 300)]]))])
        s.insert("waterlogging_point", [
            dict(uid=i.waterlogging, code="JS0001", name="东山大道积水点", status="active", sponge_city=True,
                 geom=("Point", (X0 + 600, Y0 + 600))),
            dict(uid=U(25), code="JS0002", name="夷陵大道积水点", status="remediated", geom=("Point", (X0 + 650, Y0 + 550))),
        ])
        s.insert("inspection", [
            dict(uid=U(30), facility_uid=i.bridge, facility_kind="bridge", inspected_on="2024-03-01", grade="B"),
            dict(uid=U(31), facility_uid=i.bridge, facility_kind="bridge", inspected_on="2025-03-01", grade="C"),
            dict(uid=U(32), facility_uid=i.road_a, facility_kind="road", inspected_on="2025-05-01", grade="A"),
        ])
        s.insert("maintenance", [dict(uid=i.work, facility_uid=i.bridge, facility_kind="bridge", category="minor",
                                      status="done", started_on="2025-04-01")])
        s.insert("maintenance_material", [
            dict(uid=U(40), maintenance_uid=i.work, material="超高性能混凝土", quantity=12.5, unit="m³"),
            dict(uid=U(41), maintenance_uid=i.work, material="磷镁混合料", quantity=3.0, unit="t"),
        ])
        s.insert("attachment", [dict(uid=i.attachment, facility_uid=i.bridge, facility_kind="bridge",
                                     file_name="deck.jpg")])
        s.insert("audit_log", [dict(uid=i.audit, changed_at="2025-04-02T10:00:00.000Z", user_name="tester",
                                    table_name="bridge", row_uid=i.bridge, action="update")])
    s.close()
    return str(path)


@pytest.fixture()
def sample_store(tmp_path):
    """A fresh sample store: ``.path``, the row ids (``.bridge``, ``.work`` …), ``.counts``, ``.box``."""
    return SimpleNamespace(path=write_sample_store(tmp_path / "city.gpkg"), counts=dict(COUNTS), box=BOX,
                           origin=(X0, Y0), **IDS)


@pytest.fixture()
def english():
    """QGIS in English for the test (the user's locale settings come back after)."""
    from qgis.core import QgsSettings

    s = QgsSettings()
    saved = {k: s.value(k) for k in ("locale/overrideFlag", "locale/userLocale")}
    s.setValue("locale/overrideFlag", True)
    s.setValue("locale/userLocale", "en_US")
    yield
    for k, v in saved.items():
        if v is None:
            s.remove(k)
        else:
            s.setValue(k, v)


@pytest.fixture(autouse=True)
def _canvas_without_stale_layers(qgis_iface):
    """pytest-qgis's map canvas follows the project's layer tree and renders in the background; QGIS
    3.22 deletes a cancelled render job later (deleteLater), and one that outlives the layers it drew
    — tests remove layers far faster than anyone clicks — crashes in the rule-based labeling's
    destructor. The tests check extents, selections and layers, not the canvas' pixels: it does not
    render during tests (``setRenderFlag(False)``), and before and after every test its layer list is
    emptied and pending deletions are run."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    canvas = qgis_iface.mapCanvas()

    def quiet():
        canvas.stopRendering()
        canvas.setLayers([])
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QgsApplication.processEvents()

    canvas.setRenderFlag(False)
    quiet()
    crs = canvas.mapSettings().destinationCrs()  # a test that turns the canvas to another CRS (e.g. the
    yield canvas                                 # OSM import's map-extent option) leaves it as it found it
    quiet()
    if canvas.mapSettings().destinationCrs() != crs:
        canvas.setDestinationCrs(crs)
