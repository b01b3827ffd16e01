"""The Processing provider: algorithms through processing.run and through qgis_process.bin."""
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException
from qgis_support import deployed_qgis_process

from safe_municipal.core import schema as S
from safe_municipal.layers.gpkg import GpkgStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def provider(qgis_processing):
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    yield reg.providerById("safe_municipal")
    if added is not None:  # leave the registry as the other tests expect it
        reg.removeProvider(added)


def test_algorithms_listed(provider):
    ids = sorted(a.id() for a in provider.algorithms())
    assert ids == sorted(f"safe_municipal:{name}" for name in (
        "create_store", "copy_store", "generate_demo_city", "assess_network", "maintenance_plan", "programme_progress",
        "district_statistics", "record_cleaning", "dispatch_cases", "case_statistics", "export_health_books",
        "export_overview", "import_facilities", "import_osm", "import_swmm", "import_cctv", "export_table", "backup_store",
        "restore_store"))


def test_create_store(provider, tmp_path):
    from qgis import processing

    out = tmp_path / "new.gpkg"
    res = processing.run("safe_municipal:create_store", {"STORE": str(out), "CRS": "EPSG:4547"})
    assert res["STORE"] == str(out) and res["SCHEMA_VERSION"] == str(S.SCHEMA_VERSION)
    s = GpkgStore.open(str(out))
    assert s.epsg == 4547 and s.count("road") == 0
    s.close()
    default = tmp_path / "default.gpkg"
    processing.run("safe_municipal:create_store", {"STORE": str(default)})
    s = GpkgStore.open(str(default))
    assert s.epsg == 4546
    s.close()


def test_create_store_refuses_existing_and_geographic(provider, tmp_path):
    from qgis import processing

    out = tmp_path / "keep.gpkg"
    out.write_text("precious")
    with pytest.raises(QgsProcessingException, match="exists already"):
        processing.run("safe_municipal:create_store", {"STORE": str(out)})
    assert out.read_text() == "precious"
    with pytest.raises(QgsProcessingException, match="geographic"):
        processing.run("safe_municipal:create_store", {"STORE": str(tmp_path / "g.gpkg"), "CRS": "EPSG:4490"})
    assert not (tmp_path / "g.gpkg").exists()


def test_generate_demo_city(provider, tmp_path):
    from qgis import processing

    out = tmp_path / "demo.gpkg"
    res = processing.run("safe_municipal:generate_demo_city", {"STORE": str(out), "SCALE": "tiny", "SEED": 7})
    counts = json.loads(res["COUNTS"])
    assert res["DRAIN_PIPES"] == counts["drain_pipe"] > 0
    with sqlite3.connect(out) as c:
        for table, n in counts.items():
            assert c.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n


@pytest.mark.slow
def test_qgis_process_runs_the_deployed_plugin(tmp_path):
    """The deployed plugin's algorithms run under qgis_process.bin (a profile of its own)."""
    exe, env = deployed_qgis_process(tmp_path)
    store = tmp_path / "out" / "demo.gpkg"
    store.parent.mkdir()
    proc = subprocess.run([exe, "--json", "run", "safe_municipal:generate_demo_city", "--",
                           f"STORE={store}", "SCALE=tiny", "SEED=3"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:] + proc.stdout[-2000:]
    result = json.loads(proc.stdout[proc.stdout.index("{"):])
    counts = json.loads(result["results"]["COUNTS"])
    assert counts["drain_pipe"] > 0
    s = GpkgStore.open(str(store))
    assert s.count("drain_pipe") == counts["drain_pipe"]
    s.close()

    # the network assessment, headless: two kinds, a fixed date; again = nothing changes
    def assess():
        proc = subprocess.run([exe, "--json", "run", "safe_municipal:assess_network", "--", f"STORE={store}",
                               "KINDS=drain_pipe", "KINDS=tunnel", "AS_OF=2025-12-31"],
                              env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:] + proc.stdout[-2000:]
        return json.loads(proc.stdout[proc.stdout.index("{"):])["results"]

    first = assess()
    graded = json.loads(first["COUNTS"])
    assert set(graded["by_kind"]) == {"drain_pipe", "tunnel"}
    assert first["ASSESSED"] == graded["assessed"] > 0 and first["CHANGED"] == graded["assessed"]
    with GpkgStore.open(str(store), writable=False) as s:
        assert s.count("assessment") == graded["changed"]
        graded_pipes = s.execute("SELECT count(*) FROM drain_pipe WHERE grade_standard = 'CJJ181-2012'").fetchone()[0]
        assert graded_pipes == graded["by_kind"]["drain_pipe"]["assessed"]
    again = assess()
    assert again["CHANGED"] == 0 and again["ASSESSED"] == first["ASSESSED"]

    # the README's issue-5 commands: the plan to a GeoPackage, district statistics to XLSX, dispatch
    def run(alg, *args):
        proc = subprocess.run([exe, "--json", "run", f"safe_municipal:{alg}", "--", f"STORE={store}", *args],
                              env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, alg + proc.stderr[-2000:] + proc.stdout[-2000:]
        return json.loads(proc.stdout[proc.stdout.index("{"):])["results"]

    plan_file, xlsx = tmp_path / "out" / "plan.gpkg", tmp_path / "out" / "districts.xlsx"
    run("maintenance_plan", "FROM=2026-01-01", "TO=2026-12-31", "BUDGET=5000000", f"OUTPUT={plan_file}")
    from osgeo import ogr

    ds = ogr.Open(str(plan_file))
    assert ds is not None and ds.GetLayer(0).GetFeatureCount() > 0
    ds = None
    run("district_statistics", "YEAR=2025", f"OUTPUT={xlsx}")
    ds = ogr.Open(str(xlsx))
    assert ds is not None and ds.GetLayer(0).GetFeatureCount() >= 5  # a row per district, and the total
    ds = None
    run("dispatch_cases")
    # a health book per tunnel, one PDF, headless (layouts in qgis_process)
    books = tmp_path / "out" / "tunnels.pdf"
    result = run("export_health_books", "KIND=tunnel", f"OUTPUT={books}", "ONE_FILE=true")
    with GpkgStore.open(str(store), writable=False) as s:
        tunnels = s.count("tunnel")
    assert books.is_file() and int(result["PAGES"]) == tunnels > 0
    info = subprocess.run(["pdfinfo", str(books)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {tunnels}" in info
    # an A3 overview map of the grades, headless
    overview = tmp_path / "out" / "grades.pdf"
    run("export_overview", "THEME=grades", f"OUTPUT={overview}")
    info = subprocess.run(["pdfinfo", str(overview)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info

    # the README's issue-7 commands: export the pipes to a shapefile and back up; import the shapefile
    # into a new store; OpenStreetMap, SWMM and a CCTV sheet into the demo store
    pipes_shp, backup = tmp_path / "out" / "pipes.shp", tmp_path / "out" / "demo-backup.zip"
    exported = run("export_table", "TABLE=drain_pipe", f"OUTPUT={pipes_shp}")
    with GpkgStore.open(str(store), writable=False) as s:
        n_pipes = s.count("drain_pipe")
    assert pipes_shp.is_file() and int(exported["ROWS"]) == n_pipes
    run("backup_store", f"OUTPUT={backup}")
    assert backup.is_file()
    copy = tmp_path / "out" / "copy.gpkg"
    proc = subprocess.run([exe, "--json", "run", "safe_municipal:create_store", "--", f"STORE={copy}"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = tmp_path / "out" / "report.csv"
    proc = subprocess.run([exe, "--json", "run", "safe_municipal:import_facilities", "--", f"STORE={copy}",
                           f"INPUT={pipes_shp}", "KIND=drain_pipe", f"OUTPUT={report}"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:] + proc.stdout[-2000:]
    with GpkgStore.open(str(copy), writable=False) as s:
        assert s.count("drain_pipe") == n_pipes
    data = ROOT / "tests" / "data"
    osm = run("import_osm", f"INPUT={data / 'osm' / 'vaduz-2013-08-03.osm'}")
    assert int(osm["INSERTED"]) > 0
    swmm = run("import_swmm", f"INPUT={data / 'swmm' / 'Example1.inp'}", "SOURCE_CRS=EPSG:4546")
    assert int(swmm["INSERTED"]) > 0
    run("import_cctv", f"INPUT={ROOT / 'resources' / 'templates' / 'cctv_defects_template.csv'}")
