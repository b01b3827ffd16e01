"""The maintenance plan tests (tests/unit/test_planning.py) again, on PostGIS copies of the same stores,
logged in as an editor (sm_editor: maintenance records, settings and unit costs); then the plan of the
assessed demo city compared item by item with the GeoPackage's."""
import pytest
from unit.test_planning import *  # noqa: F401,F403 - every test of the module, on this module's stores
from unit.test_planning import FROM, TO, fill

from safe_municipal.layers import planning as LP
from safe_municipal.layers.gpkg import GpkgStore

EDITOR = "eve_editor"


@pytest.fixture
def store(tmp_path, pg_copy):
    path = tmp_path / "plan.gpkg"
    with GpkgStore.create(str(path)) as s:
        fill(s)
    return pg_copy(path, user=EDITOR)


@pytest.fixture
def demo_store(demo, pg_copy):
    return pg_copy(demo, user=EDITOR)


def test_same_plan_as_on_the_geopackage(demo, demo_store):
    with GpkgStore.open(str(demo), writable=False) as g:
        on_gpkg = LP.build_plan(g, FROM, TO, budget=2_000_000)
        points_gpkg = LP.representative_points(g, on_gpkg.items)
        districts = LP.districts(g)
    on_pg = LP.build_plan(demo_store, FROM, TO, budget=2_000_000)
    assert len(on_pg.items) > 50 and on_pg.items == on_gpkg.items and on_pg.cut == on_gpkg.cut
    assert on_pg.summary() == on_gpkg.summary()
    points = LP.representative_points(demo_store, on_pg.items)
    assert points.keys() == points_gpkg.keys()
    assert all(points[u] == pytest.approx(points_gpkg[u]) for u in points)
    assert LP.districts(demo_store) == districts


def test_accepting_needs_write_rights(demo, pg_copy):
    """A viewer builds the plan but may not accept it: a StoreError naming the role, nothing written."""
    from safe_municipal.layers.errors import StoreError

    viewer = pg_copy(demo, user="alice_viewer")
    plan = LP.build_plan(viewer, FROM, TO)
    before = viewer.count("maintenance")
    with pytest.raises(StoreError, match="alice_viewer"):
        LP.accept(viewer, plan.items[:3], "2026")
    assert viewer.count("maintenance") == before
