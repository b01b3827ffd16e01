"""Overview maps (issue 6): every theme as a one-page A3 PDF with its title, date, office, districts, legend and an
embedded CJK font; a PNG whose map area has features drawn; the district filter; the Processing algorithm.

One tiny demo city, assessed as of 2025-12-31, shared by the module (the exports only read it).
"""
import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtGui import QImage

from safe_municipal.core import programmes as PG
from safe_municipal.layers import meeting_themes as MT
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.reports import overview as OV

DATE = dt.date(2025, 12, 31)
TOOLS = all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdffonts"))
pytestmark = pytest.mark.skipif(not TOOLS, reason="poppler-utils (pdfinfo, pdftotext, pdffonts) not installed")


def run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_text(path) -> str:
    # Qt's PDF writer maps a few CJK glyphs back to their Kangxi-radical code points (用 -> ⽤): NFKC undoes that
    return unicodedata.normalize("NFKC", run("pdftotext", "-layout", str(path), "-"))


def pages(path) -> int:
    line = next(x for x in run("pdfinfo", str(path)).splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("overview") / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    with GpkgStore.open(str(path)) as s:
        assess_network(s, as_of="2025-12-31")
    return str(path)


@pytest.fixture(scope="module")
def districts(store):
    with GpkgStore.open(store, writable=False) as s:
        return MT.store_districts(s)


@pytest.mark.parametrize("theme", MT.OVERVIEW_THEMES)
def test_every_theme_exports_one_page(theme, store, districts, tmp_path, qgis_app, english):
    out = tmp_path / f"{theme}.pdf"
    overview = OV.export_overview(store, theme, str(out), year=2025, date=DATE)
    assert out.is_file() and pages(out) == 1
    size = next(x for x in run("pdfinfo", str(out)).splitlines() if x.startswith("Page size:"))
    assert "A3" in size and float(size.split()[2]) > float(size.split()[4])  # landscape
    text = pdf_text(out)
    assert overview.title in text and MT.theme_label(theme) in text
    assert "2025-12-31" in text and OV.DEFAULT_OFFICE in text
    for d in districts:
        assert d in text, d
    assert len(overview.statistics.rows) == len(districts) + 1  # and the total
    fonts = run("pdffonts", str(out))
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert overview.theme.themed, "the theme coloured no layer"


def test_legend_holds_the_grade_names(store, tmp_path, qgis_app, english):
    out = tmp_path / "grades.pdf"
    overview = OV.export_overview(store, "grades", str(out), year=2025, date=DATE)
    text = pdf_text(out)
    with GpkgStore.open(store, writable=False) as s:
        present = s.execute("SELECT DISTINCT grade, grade_standard FROM road WHERE grade IS NOT NULL").fetchall()
    assert present
    for grade, standard in present:
        assert f"{grade} ({standard})" in text
    assert "Legend" in text and "Roads" in text and "Drainage pipes" in text
    # the legend lists the map's layers only (no records tables, no theme join layer)
    names = [n.name() for n in overview.legend.model().rootGroup().findLayers()]
    assert set(names) == {lyr.name() for lyr in overview.theme.layers}


def test_due_work_and_waterlogging_legends(store, tmp_path, qgis_app, english):
    out = tmp_path / "due.pdf"
    OV.export_overview(store, "due_work", str(out), year=2025, date=DATE)
    text = pdf_text(out)
    assert "Work due in 2025" in text and "Preventive maintenance" in text
    out = tmp_path / "wl.pdf"
    overview = OV.export_overview(store, "waterlogging", str(out), year=2025, date=DATE)
    with GpkgStore.open(store, writable=False) as s:
        points = [dict(zip(("uid",), r)) for r in s.execute("SELECT uid FROM waterlogging_point")]
    assert set(overview.theme.states) == {p["uid"] for p in points}
    text = pdf_text(out)
    shown = {MT.plan_state_label(st) for st in overview.theme.states.values()}
    for label in shown:
        assert label in text


def test_png_has_features_in_the_map(store, tmp_path, qgis_app, english):
    out = tmp_path / "grades.png"
    overview = OV.export_overview(store, "grades", str(out), year=2025, date=DATE, dpi=60)
    image = QImage(str(out))
    assert not image.isNull() and image.width() > image.height()
    px_per_mm = image.width() / OV.PAGE_W
    rect = overview.map.sceneBoundingRect()
    x0, y0 = int(rect.left() * px_per_mm) + 3, int(rect.top() * px_per_mm) + 3
    x1, y1 = int(rect.right() * px_per_mm) - 3, int(rect.bottom() * px_per_mm) - 3
    coloured = 0
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - c.green()) > 40 or abs(c.green() - c.blue()) > 40:  # a grade colour, not grey/black
                coloured += 1
    assert coloured > 20, coloured


def test_district_filter(store, districts, tmp_path, qgis_app, english):
    district = "西陵区"
    assert district in districts
    out = tmp_path / "xiling.pdf"
    whole = OV.render_overview(store, "cleaning", year=2025, date=DATE)
    overview = OV.export_overview(store, "cleaning", str(out), district=district, year=2025, date=DATE)
    assert [r[0] for r in overview.statistics.rows] == [district]
    assert overview.statistics.rows[0] == whole.statistics.rows[whole.statistics.districts.index(district)]
    text = pdf_text(out)
    assert district in text
    for other in districts:
        if other != district:
            assert other not in text, other
    for layer in overview.theme.layers:  # the map shows the district only
        assert district in layer.subsetString()
        assert {f["district"] for f in layer.getFeatures()} <= {district}
    assert overview.map.extent().width() < whole.map.extent().width()
    # grades: the table is the district's row
    grades = OV.render_overview(store, "grades", district=district, date=DATE)
    assert [r[0] for r in grades.statistics.rows] == [district]


def test_statistics_match_the_programmes(store, qgis_app, english):
    from safe_municipal.layers.programmes import Programmes

    overview = OV.render_overview(store, "covers", year=2025, date=DATE)
    with GpkgStore.open(store, writable=False) as s:
        table = Programmes(s, DATE).programme_table(overview.theme.programme["uid"])
    assert overview.theme.programme["kind"] in PG.COVER_KINDS
    assert len(overview.statistics.rows) == len(table.rows) + 1
    assert overview.statistics.rows[-1][0] == "Total"


def test_office_name_setting(store, tmp_path, qgis_app, english):
    OV.set_office_name("示例市政管理处")
    try:
        out = tmp_path / "office.pdf"
        OV.export_overview(store, "due_work", str(out), year=2025, date=DATE)
        assert "示例市政管理处" in pdf_text(out)
    finally:
        OV.set_office_name(OV.DEFAULT_OFFICE)


def test_unknown_theme_is_refused(store, qgis_app):
    with pytest.raises(ValueError, match="THEME"):
        OV.render_overview(store, "nonsense")


def test_user_project_untouched(store, tmp_path, qgis_app, qgis_new_project):
    from safe_municipal.layers.project import load_store

    loaded = load_store(store)
    before = {name: layer.renderer().type() for name, layer in loaded.layers.items() if layer.isSpatial()}
    OV.export_overview(store, "grades", str(tmp_path / "g.pdf"), date=DATE)
    after = {name: layer.renderer().type() for name, layer in loaded.layers.items() if layer.isSpatial()}
    assert before == after and len(QgsProject.instance().mapLayers()) == len(loaded.layers)
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture()
def algorithm(qgis_processing):
    from safe_municipal.processing.alg_overview import ExportOverviewAlgorithm
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    provider = reg.providerById("safe_municipal")
    if provider is None:
        provider = added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    extra = provider.algorithm("export_overview") is None
    if extra:  # until the provider registers it
        provider.addAlgorithm(ExportOverviewAlgorithm())
    yield provider.algorithm("export_overview")
    if added is not None:
        reg.removeProvider(added)
    elif extra:  # leave the provider's list as the other tests expect it
        provider.refreshAlgorithms()


def test_processing_algorithm(algorithm, store, tmp_path, english):
    from qgis import processing
    from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

    assert algorithm.flags() & QgsProcessingAlgorithm.FlagNoThreading
    out = tmp_path / "wl.pdf"
    res = processing.run("safe_municipal:export_overview", {"STORE": store, "THEME": "waterlogging",
                                                             "DISTRICT": "伍家岗区", "YEAR": 2025,
                                                             "OUTPUT": str(out)})
    assert res["OUTPUT"] == str(out) and pages(out) == 1
    assert "伍家岗区" in res["TITLE"] and "伍家岗区" in pdf_text(out)
    png = tmp_path / "covers.png"
    processing.run("safe_municipal:export_overview", {"STORE": store, "THEME": "covers", "OUTPUT": str(png)})
    assert not QImage(str(png)).isNull()
    with pytest.raises(QgsProcessingException, match="OUTPUT"):
        processing.run("safe_municipal:export_overview", {"STORE": store, "THEME": "grades",
                                                           "OUTPUT": str(tmp_path / "x.txt")})
