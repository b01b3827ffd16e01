"""The reports on a PostGIS store (issue 8): health books, overview maps, the meeting dock and the
programme / cover-case algorithms give on a PostGIS copy of a store what they give on the GeoPackage.

One tiny demo city, assessed as of 2025-12-31, with two photos attached to 东山隧道, is the GeoPackage
of the module; every test copies it into a fresh PostGIS schema (``pg_copy``) and compares:

- what the reports read from the store (statistics tables, extents, districts, the health book's
  record rows and photos) equal on both backends;
- the PDFs: page counts, and the text poppler's ``pdftotext`` extracts (names, codes, grades, the
  record rows, statistics) — the same words from either backend;
- the drawn pages (``pdftoppm``): maps not blank, the facility highlighted, and the PostGIS page
  differing from the GeoPackage page in few pixels only.
"""
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtGui import QColor, QImage

from safe_municipal.layers import meeting_themes as MT
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.store_ref import open_store

TOOLS = all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdftoppm"))
pytestmark = pytest.mark.skipif(not TOOLS, reason="poppler-utils (pdfinfo, pdftotext, pdftoppm) not installed")
AS_OF = "2025-12-31"
DATE = dt.date(2025, 12, 31)
#: One facility of each kind the test prints: (kind, SQL condition choosing it).
BOOKS = (("road", "road_class = 'arterial'"), ("bridge", "1 = 1"), ("tunnel", "name = '东山隧道'"),
         ("drain_pipe", "grade IS NOT NULL"), ("waterlogging_point", "1 = 1"))


# --------------------------------------------------------------------------- helpers
def run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def pages(pdf) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))


def pdf_text(pdf) -> str:
    # Qt's ToUnicode maps some hanzi to their Kangxi radical twins (山 → ⼭): NFKC folds them back
    return unicodedata.normalize("NFKC", run("pdftotext", "-layout", str(pdf), "-"))


def words(pdf, maps=()) -> list:
    """The PDF's words outside the map boxes ``maps`` ((x, y, w, h) mm on the page), page by page, top to
    bottom and left to right (positions from ``pdftotext -bbox``), NFKC-normalised."""
    return [w for _page, _y, _x, w, inside in _bbox_words(pdf, maps) if not inside]


def map_words(pdf, maps) -> set:
    """The words printed inside the map boxes (labels placed by the map's labeling engine)."""
    return {w for _page, _y, _x, w, inside in _bbox_words(pdf, maps) if inside}


def _bbox_words(pdf, maps) -> list:
    out = []
    pt = 25.4 / 72.0
    for page, body in enumerate(re.split(r"<page [^>]*>", run("pdftotext", "-bbox", str(pdf), "-"))[1:]):
        for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body):
            cx, cy = (float(x0) + float(x1)) / 2 * pt, (float(y0) + float(y1)) / 2 * pt
            inside = any(x <= cx <= x + w and y <= cy <= y + h for x, y, w, h in maps)
            out.append((page, round(float(y0), 1), round(float(x0), 1),
                        unicodedata.normalize("NFKC", html.unescape(text)), inside))
    return sorted(out)


def similar_labels(a: set, b: set) -> bool:
    """Map labels of the same data from two backends: the labeling engine may place (and so fit) a few
    differently when the features come in another order; nine in ten must be the same."""
    return len(a ^ b) <= 0.1 * len(a | b)


def render(pdf, base, page=1, dpi=50) -> QImage:
    run("pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(base))
    image = QImage(str(base) + ".png")
    assert not image.isNull()
    return image


def count_pixels(image: QImage, box_mm, dpi=50, predicate=None) -> int:
    """Pixels inside the box (mm on the page) that are not white (or match ``predicate``)."""
    x, y, w, h = (v * dpi / 25.4 for v in box_mm)
    n = 0
    for py in range(int(y) + 2, int(y + h) - 2):
        for px in range(int(x) + 2, int(x + w) - 2):
            c = QColor(image.pixel(px, py))
            if predicate(c) if predicate else (c.red() + c.green() + c.blue() < 720):
                n += 1
    return n


def same_extent(a, b, tolerance=2.0) -> bool:
    """Map extents equal but for the bounding boxes' float rounding (R-tree and PostGIS boxes are
    single precision, rounded outward: up to a metre apart at these coordinates)."""
    return all(abs(u - v) <= tolerance for u, v in zip(
        (a.xMinimum(), a.yMinimum(), a.xMaximum(), a.yMaximum()), (b.xMinimum(), b.yMinimum(), b.xMaximum(),
                                                                   b.yMaximum())))


def differing_pixels(a: QImage, b: QImage, box_mm=None, dpi=50) -> int:
    """Pixels (of ``box_mm``, default the whole page) whose colours differ clearly between two pages."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    if box_mm is None:
        x0, y0, x1, y1 = 0, 0, a.width(), a.height()
    else:
        x, y, w, h = (v * dpi / 25.4 for v in box_mm)
        x0, y0, x1, y1 = int(x), int(y), int(x + w), int(y + h)
    n = 0
    for py in range(y0, y1):
        for px in range(x0, x1):
            c, d = QColor(a.pixel(px, py)), QColor(b.pixel(px, py))
            if abs(c.red() - d.red()) + abs(c.green() - d.green()) + abs(c.blue() - d.blue()) > 90:
                n += 1
    return n


def colourful(c: QColor) -> bool:  # a theme colour, not grey, black or white
    return abs(c.red() - c.green()) > 40 or abs(c.green() - c.blue()) > 40


def magenta(c: QColor) -> bool:  # the health book's highlight (#e6007e and its translucent halo)
    return c.red() > 180 and c.green() < 150 and c.blue() > 90


# --------------------------------------------------------------------------- the store
@pytest.fixture(scope="module")
def city(tmp_path_factory, qgis_app):
    """The tiny demo city (GeoPackage), assessed, with two photos attached to 东山隧道."""
    from safe_municipal.layers.archive import Archive
    from safe_municipal.layers.assess import assess_network
    from safe_municipal.layers.demo_writer import write_demo_city

    folder = tmp_path_factory.mktemp("reports_pg")
    path = folder / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    with GpkgStore.open(str(path), writable=True) as s:
        assess_network(s, as_of=AS_OF)
        tunnel = s.execute("SELECT uid FROM tunnel WHERE name = '东山隧道'").fetchone()[0]
        archive = Archive(s)
        for i, color in enumerate(("#3366cc", "#cc6633")):
            image = QImage(320, 240, QImage.Format.Format_RGB32)
            image.fill(QColor(color))
            photo = folder / f"portal_{i}.png"
            image.save(str(photo), "PNG")
            archive.add_attachment("tunnel", tunnel, str(photo), title=f"洞口 {i + 1}", taken_on=f"2025-0{i + 3}-01")
    return str(path)


@pytest.fixture()
def pgstore(city, pg_copy):
    """A PostGIS copy of the city: the open PgStore (``.ref`` its reference)."""
    return pg_copy(city)


@pytest.fixture()
def provider(qgis_processing):
    """The plugin's Processing provider (registered for the test when it is not yet)."""
    from qgis.core import QgsApplication

    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    yield reg.providerById("safe_municipal")
    if added is not None:
        reg.removeProvider(added)


def chosen(store_path, kind, where) -> dict:
    with GpkgStore.open(store_path, writable=False) as s:
        uid, code, name, grade = s.execute(
            f'SELECT uid, code, name, grade FROM "{kind}" WHERE {where} ORDER BY code LIMIT 1').fetchone()
    return dict(uid=uid, code=code, name=name, grade=grade)


# --------------------------------------------------------------------------- what the reports read
def test_store_reads_are_equal(city, pgstore, tmp_path):
    """Statistics, extents, districts and the health book's rows from either backend are equal."""
    from safe_municipal.layers.archive import Archive
    from safe_municipal.layers.programmes import Programmes
    from safe_municipal.reports import health_book as hb
    from safe_municipal.reports import overview as OV

    def read(store):
        out = {"grades": OV.grade_statistics(store), "due": OV.due_statistics(store, 2025),
               "due_district": OV.due_statistics(store, 2025, "西陵区"),
               "districts": MT.store_districts(store),
               "extent": MT.tables_extent(store, MT.GRADED_KINDS),
               "extent_district": MT.tables_extent(store, ["drain_pipe", "road"], "西陵区"),
               "named": {n: MT.named_extent(store, n) for n in ("东山隧道", "三峡大道", "no such place")}}
        for kind, where in BOOKS:
            uids = [r[0] for r in store.execute(f'SELECT uid FROM "{kind}" WHERE {where} ORDER BY code')]
            for item_id in hb.RECORD_TABLES:
                out[(kind, item_id)] = hb._record_rows(store, item_id, uids)
            lookup = hb._Lookup(store)
            archive = Archive(store, today=DATE)
            out[(kind, "attributes")] = [hb._attribute_rows(kind, archive.facility(kind, u), lookup) for u in uids]
        service = Programmes(store, DATE)
        out["waterlogging"] = OV.waterlogging_statistics(service.points(), MT.plan_states(
            service.points(), service.plans(), DATE), None, MT.store_districts(store))
        return out

    with GpkgStore.open(city, writable=False) as g:
        expected = read(g)
        tunnel = g.execute("SELECT uid FROM tunnel WHERE name = '东山隧道'").fetchone()[0]
    got = read(pgstore)
    assert expected["grades"].rows and expected["extent"] is not None and expected["named"]["东山隧道"]
    for key, value in expected.items():
        if key in ("extent", "extent_district"):
            assert got[key] == pytest.approx(value), key
        elif key == "named":
            assert got[key].keys() == value.keys()
            for name, box in value.items():
                assert (got[key][name] is None) == (box is None) and (box is None or got[key][name] == pytest.approx(box))
        else:
            assert got[key] == value, key
    assert any(value[1] for key, value in expected.items() if isinstance(key, tuple) and key[1] in hb.RECORD_TABLES)
    folder = tmp_path / "photos"
    folder.mkdir()
    photos = hb._photos(pgstore, tunnel, folder)  # newest first, written from the database's bytes
    assert [c for _p, c in photos] == ["洞口 2 2025-04-01", "洞口 1 2025-03-01"]
    assert all(QImage(p).width() == 320 for p, _c in photos)


# --------------------------------------------------------------------------- health books
def test_health_books_equal_on_both_backends(city, pgstore, tmp_path, english):
    """One facility of each kind: the PostGIS book prints the words of the GeoPackage book (name, code,
    grade, attributes, the record rows, photos), and its page is drawn alike."""
    from safe_municipal.reports import health_book as hb

    for kind, where in BOOKS:
        f = chosen(city, kind, where)
        books = {}
        for backend, ref in (("gpkg", city), ("pg", pgstore.ref)):
            out = tmp_path / f"{kind}_{backend}.pdf"
            assert hb.export_health_book(ref, kind, f["uid"], str(out), today=DATE) == str(out)
            assert pages(out) == 1, (kind, backend)
            books[backend] = out
        maps = (hb.BOX[hb.ITEM_MAP], hb.BOX[hb.ITEM_OVERVIEW])
        text = words(books["pg"], maps)
        assert words(books["gpkg"], maps) == text, kind
        assert similar_labels(map_words(books["pg"], maps), map_words(books["gpkg"], maps)), kind
        assert f["code"] in text and (not f["name"] or any(f["name"] in w for w in text)), kind
        if f["grade"]:
            assert hb.grade_words(f["grade"]).split()[0] in text, kind
        assert "None recorded" not in " ".join(text) or kind != "tunnel"
        images = {b: render(p, tmp_path / f"{kind}_{b}") for b, p in books.items()}
        image = images["pg"]
        assert count_pixels(image, hb.BOX[hb.ITEM_MAP]) > 1000, f"{kind}: features drawn in the location map"
        assert count_pixels(image, hb.BOX[hb.ITEM_MAP], predicate=magenta) > 50, f"{kind}: the facility highlighted"
        assert count_pixels(image, hb.BOX[hb.ITEM_OVERVIEW]) > 30, f"{kind}: the overview inset"
        assert differing_pixels(images["gpkg"], image) < 0.002 * image.width() * image.height(), kind
    # the tunnel's two photos, its inspections and works, from PostGIS
    text = " ".join(words(tmp_path / "tunnel_pg.pdf"))
    assert "洞口 1" in text and "洞口 2" in text
    with GpkgStore.open(city, writable=False) as s:
        uid = chosen(city, "tunnel", "name = '东山隧道'")["uid"]
        latest = s.execute("SELECT max(inspected_on) FROM inspection WHERE facility_uid = ?", (uid,)).fetchone()[0]
        work = s.execute("SELECT max(started_on) FROM maintenance WHERE facility_uid = ?", (uid,)).fetchone()[0]
    assert latest and latest in text and work and work in text


def test_health_book_atlas_and_algorithm_on_postgis(city, pgstore, tmp_path, provider, english):
    """An atlas with a filter (one PDF) and the Processing algorithm (one PDF per facility) on PostGIS."""
    from qgis import processing

    from safe_municipal.reports import health_book as hb

    where = "\"road_class\" = 'arterial'"
    with GpkgStore.open(city, writable=False) as s:
        roads = s.execute("SELECT code, name FROM road WHERE road_class = 'arterial' ORDER BY code").fetchall()
        tunnels = [r[0] for r in s.execute("SELECT code FROM tunnel ORDER BY code")]
    assert len(roads) >= 3
    out = {b: tmp_path / f"roads_{b}.pdf" for b in ("gpkg", "pg")}
    assert hb.export_health_books(pgstore.ref, "road", str(out["pg"]), where, today=DATE) == [str(out["pg"])]
    hb.export_health_books(city, "road", str(out["gpkg"]), where, today=DATE)
    assert pages(out["pg"]) == pages(out["gpkg"]) == len(roads)
    maps = (hb.BOX[hb.ITEM_MAP], hb.BOX[hb.ITEM_OVERVIEW])
    assert words(out["pg"], maps) == words(out["gpkg"], maps)
    assert similar_labels(map_words(out["pg"], maps), map_words(out["gpkg"], maps))
    text = " ".join(words(out["pg"], maps))
    positions = [text.index(code) for code, _n in roads]
    assert positions == sorted(positions), "pages in the order of the codes"
    for code, name in roads:
        assert code in text and name in text
    last = render(out["pg"], tmp_path / "roads_last", page=len(roads))
    assert count_pixels(last, hb.BOX[hb.ITEM_MAP], predicate=magenta) > 50

    folder = tmp_path / "tunnels"
    provider_alg = "safe_municipal:export_health_books"
    res = processing.run(provider_alg, {"STORE": pgstore.ref, "KIND": "tunnel", "OUTPUT": str(folder),
                                        "ONE_FILE": False})
    assert res["PAGES"] == len(tunnels)
    files = json.loads(res["FILES"])
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{c}.pdf" for c in tunnels)
    for f, code in zip(sorted(files), sorted(tunnels)):
        assert pages(f) == 1 and code in pdf_text(f)


# --------------------------------------------------------------------------- overview maps
@pytest.mark.parametrize("theme", MT.OVERVIEW_THEMES)
def test_overview_equal_on_both_backends(theme, city, pgstore, tmp_path, english):
    """Every theme: one A3 page from PostGIS with the GeoPackage page's words (title, legend, the
    statistics table by district), its map drawn alike."""
    from safe_municipal.reports import overview as OV

    made = {}
    for backend, ref in (("gpkg", city), ("pg", pgstore.ref)):
        out = tmp_path / f"{theme}_{backend}.pdf"
        made[backend] = OV.export_overview(ref, theme, str(out), year=2025, date=DATE)
        assert out.is_file() and pages(out) == 1, backend
    gpkg, pg = made["gpkg"], made["pg"]
    assert pg.theme.themed, "the theme coloured no layer"
    assert [lyr.customProperty("safe_municipal/table") for lyr in pg.theme.layers] == \
        [lyr.customProperty("safe_municipal/table") for lyr in gpkg.theme.layers]
    assert all(lyr.providerType() == "postgres" and lyr.isValid() for lyr in pg.theme.layers)
    for a, b in zip(gpkg.theme.layers, pg.theme.layers):  # the same features shown (district filter, joins)
        assert b.featureCount() == a.featureCount() > 0, b.name()
    assert pg.statistics == gpkg.statistics
    assert pg.theme.states == gpkg.theme.states and pg.theme.missing == gpkg.theme.missing
    assert (pg.theme.programme or {}).get("uid") == (gpkg.theme.programme or {}).get("uid")
    assert same_extent(pg.map.extent(), gpkg.map.extent())
    if theme == MT.THEME_CLEANING:  # the pipes joined to their cleanings in the PostGIS store
        from qgis.core import QgsFeatureRequest

        from safe_municipal.layers.programme_themes import CLEANED_FIELD

        request = QgsFeatureRequest().setFilterExpression(f'"{CLEANED_FIELD}" IS NOT NULL')
        cleaned = [sorted(f["code"] for f in o.theme.themed[0].getFeatures(request)) for o in (pg, gpkg)]
        assert cleaned[0] == cleaned[1] and cleaned[0]
        assert pg.theme.themed[0].vectorJoins()[0].joinLayer().providerType() == "postgres"
    rect = pg.map.sceneBoundingRect()
    box = (rect.left(), rect.top(), rect.width(), rect.height())
    text = words(tmp_path / f"{theme}_pg.pdf", [box])
    assert text == words(tmp_path / f"{theme}_gpkg.pdf", [box])
    assert similar_labels(map_words(tmp_path / f"{theme}_pg.pdf", [box]),
                          map_words(tmp_path / f"{theme}_gpkg.pdf", [box]))
    for d in MT.store_districts(pgstore):
        assert d in text, d
    images = {b: render(tmp_path / f"{theme}_{b}.pdf", tmp_path / f"{theme}_{b}", dpi=40) for b in made}
    drawn_px = count_pixels(images["pg"], box, dpi=40)  # (the scale bar and north arrow alone: ≈ 450)
    coloured = count_pixels(images["pg"], box, dpi=40, predicate=colourful)
    assert drawn_px > 650 and coloured > 10, f"features drawn in the map ({drawn_px} pixels, {coloured} coloured)"
    assert differing_pixels(images["gpkg"], images["pg"], box, dpi=40) < 0.002 * images["pg"].width() * \
        images["pg"].height()


def test_overview_district_and_algorithm_on_postgis(city, pgstore, tmp_path, provider, english):
    """A district overview through Processing on PostGIS: the district's statistics row, its features only."""
    from qgis import processing

    from safe_municipal.reports import overview as OV

    district = "西陵区"
    out = tmp_path / "xiling.pdf"
    res = processing.run("safe_municipal:export_overview", {"STORE": pgstore.ref, "THEME": "cleaning",
                                                             "DISTRICT": district, "YEAR": 2025, "OUTPUT": str(out)})
    assert res["OUTPUT"] == str(out) and pages(out) == 1 and district in res["TITLE"]
    text = pdf_text(out)
    for other in MT.store_districts(pgstore):
        assert (other in text) == (other == district), other
    pg = OV.render_overview(pgstore.ref, "grades", district=district, date=DATE)
    gpkg = OV.render_overview(city, "grades", district=district, date=DATE)
    assert [r[0] for r in pg.statistics.rows] == [district] and pg.statistics == gpkg.statistics
    for layer in pg.theme.layers:
        assert district in layer.subsetString()
        assert {f["district"] for f in layer.getFeatures()} <= {district}
    assert same_extent(pg.map.extent(), gpkg.map.extent())
    png = tmp_path / "covers.png"
    processing.run("safe_municipal:export_overview", {"STORE": pgstore.ref, "THEME": "covers", "OUTPUT": str(png)})
    assert not QImage(str(png)).isNull()


# --------------------------------------------------------------------------- the meeting dock
def drawn(layers, extent, crs, size=400) -> int:
    """Coloured pixels when ``layers`` are drawn over ``extent`` (their renderers as they are)."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(size, size))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    return sum(1 for y in range(0, size, 2) for x in range(0, size, 2) if colourful(QColor(image.pixel(x, y))))


@pytest.fixture()
def pg_project(pgstore, qgis_iface, qgis_new_project):
    """The PostGIS copy loaded into the current project (as the plugin opens a store)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    from safe_municipal.layers.project import load_store

    loaded = load_store(pgstore.ref)
    yield loaded
    canvas = qgis_iface.mapCanvas()
    canvas.stopRendering()
    canvas.setLayers([])
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().bookmarkManager().clear()
    QgsApplication.processEvents()


def test_meeting_dock_on_postgis(pgstore, pg_project, qgis_iface):
    """Meeting mode on a PostGIS store: themes colour the PostGIS layers (drawn), the district filter
    and zoom, the places, and leaving restores every layer."""
    from qgis.core import QgsFeatureRequest, QgsRuleBasedRenderer

    from safe_municipal.core import schema as S
    from safe_municipal.dialogs.meeting_dock import MeetingController
    from safe_municipal.layers.programme_themes import CLEANED_FIELD
    from safe_municipal.layers.programmes import Programmes
    from safe_municipal.layers.project import padded

    layers = {t: lyr for t, lyr in pg_project.layers.items() if t in S.FACILITY_KINDS}
    assert all(lyr.providerType() == "postgres" and lyr.isValid() for lyr in layers.values())
    before = {t: (lyr.renderer().dump(), lyr.subsetString(), lyr.mapTipTemplate()) for t, lyr in layers.items()}
    controller = MeetingController(qgis_iface)
    dock = controller.run()
    try:
        assert dock is not None and dock.active and dock.store_path == pg_project.path
        dock.today = DATE
        assert dock.district_combo.count() == 1 + len(MT.store_districts(pgstore))
        assert {"东山隧道", "三峡大道"} <= set(dock.places)
        crs = pg_project.crs
        whole = padded(pg_project.extent(), 1.05)

        result = dock.set_theme(MT.THEME_GRADES)
        graded = [layers[t] for t in MT.GRADED_KINDS]
        assert result.themed == graded
        for layer in graded:
            assert isinstance(layer.renderer(), QgsRuleBasedRenderer) and layer.customProperty(MT.PROP_THEME) == "grades"
        assert drawn(graded, whole, crs) > 30, "the graded PostGIS layers draw"

        result = dock.set_theme(MT.THEME_DUE)
        assert result.themed == graded and drawn(graded, whole, crs) > 30

        index = dock.district_combo.findData("西陵区")
        dock.district_combo.setCurrentIndex(index)
        for table, layer in layers.items():
            assert layer.subsetString() == "\"district\" = '西陵区'", table
            assert {f["district"] for f in layer.getFeatures()} <= {"西陵区"}
        assert sum(layers[t].featureCount() for t in MT.GRADED_KINDS) > 0
        box = MT.tables_extent(pgstore, list(layers), "西陵区")
        extent = qgis_iface.mapCanvas().extent()
        assert extent.contains(box[0] + 1, box[1] + 1) and extent.contains(box[2] - 1, box[3] - 1)
        assert drawn(graded, padded(extent, 1.0), crs) > 30, "the district's facilities draw"
        dock.set_district(None)
        assert all(not lyr.subsetString() for lyr in layers.values())

        # programmes: cleaning on the pipes (a join to the store's maintenance rows), covers on the manholes
        result = dock.set_theme(MT.THEME_PROGRAMMES)
        pipes, manholes = layers["drain_pipe"], layers["manhole"]
        assert not result.missing and result.themed == [pipes, manholes]
        assert pipes.customProperty(MT.PROP_THEME) == "cleaning" and manholes.customProperty(MT.PROP_THEME) == "covers"
        (join,) = pipes.vectorJoins()
        assert join.joinLayer().providerType() == "postgres" and join.joinLayer().featureCount() > 0
        progress = Programmes(pgstore, DATE).cleaning_progress(result.programme["uid"])
        cleaned = QgsFeatureRequest().setFilterExpression(f'"{CLEANED_FIELD}" IS NOT NULL')
        assert sum(1 for _f in pipes.getFeatures(cleaned)) == progress.cleaned_pipes > 0
        assert drawn([pipes, manholes], whole, crs) > 30
        dock.set_theme(None)
    finally:
        dock.leave()
        controller.unload()
    after = {t: (lyr.renderer().dump(), lyr.subsetString(), lyr.mapTipTemplate()) for t, lyr in layers.items()}
    assert after == before
    assert not any(lyr.customProperty("safe_municipal/cleaning_join") for lyr in QgsProject.instance().mapLayers()
                   .values())


# --------------------------------------------------------------------------- programme and case algorithms
def _features(layer) -> list:
    return [f.attributes() for f in layer.getFeatures()]


def _output(res, key="OUTPUT"):
    from qgis.core import QgsProcessingUtils, QgsVectorLayer

    value = res[key]
    return value if isinstance(value, QgsVectorLayer) else QgsProcessingUtils.mapLayerFromString(value, None)


@pytest.fixture()
def both(city, pgstore, tmp_path):
    """{backend: reference} of a writable GeoPackage copy of the city and of its PostGIS copy."""
    path = tmp_path / "city.gpkg"
    shutil.copy(city, path)
    return {"gpkg": str(path), "pg": pgstore.ref}


def test_programme_algorithms_on_postgis(both, provider, tmp_path, english):
    """programme_progress, district_statistics and record_cleaning give on PostGIS what they give on the
    GeoPackage (the progress table, the statistics file, the pipes recorded and skipped)."""
    from qgis import processing

    from safe_municipal.core import programmes as PG
    from safe_municipal.layers.project import open_table_layer

    got = {}
    for backend, ref in both.items():
        out = got.setdefault(backend, {})
        for kind in (PG.CLEANING, PG.COVERS):
            res = processing.run("safe_municipal:programme_progress", {"STORE": ref, "KIND": kind, "YEAR": 2025,
                                                                       "OUTPUT": "TEMPORARY_OUTPUT"})
            out[kind] = (_features(_output(res)), {k: res[k] for k in ("TARGET", "DONE", "PERCENT", "MET_ON")})
        csv = tmp_path / f"stats_{backend}.csv"
        res = processing.run("safe_municipal:district_statistics", {"STORE": ref, "YEAR": 2025, "OUTPUT": str(csv)})
        out["statistics"] = (res["ROWS"], csv.read_text(encoding="utf-8-sig"))
        pipes = open_table_layer(ref, "drain_pipe")
        assert pipes.isValid() and pipes.featureCount() > 10
        pipes.setSubsetString("\"district\" = '西陵区'")
        n = pipes.featureCount()
        params = {"STORE": ref, "PROGRAMME": "2025", "INPUT": pipes, "DATE": "2025-05-20"}
        first = processing.run("safe_municipal:record_cleaning", params)
        again = processing.run("safe_municipal:record_cleaning", params)
        assert first["RECORDED"] + first["SKIPPED"] == n == again["SKIPPED"] and again["RECORDED"] == 0
        out["recorded"] = (first["RECORDED"], first["SKIPPED"], first["PROGRAMME_UID"])
        res = processing.run("safe_municipal:programme_progress", {"STORE": ref, "KIND": PG.CLEANING, "YEAR": 2025,
                                                                   "OUTPUT": "TEMPORARY_OUTPUT"})
        out["after"] = (_features(_output(res)), res["DONE"])
    assert got["pg"] == got["gpkg"]
    rows, progress = got["pg"][PG.CLEANING]
    assert rows and progress["TARGET"] and got["pg"]["statistics"][0] >= 2
    assert got["pg"]["recorded"][0] > 0 and got["pg"]["after"][1] > progress["DONE"]


def test_case_algorithms_on_postgis(both, provider, english):
    """dispatch_cases and case_statistics on PostGIS: the same dispatch (rotation, queue) and the same
    statistics per unit as on the GeoPackage."""
    from qgis import processing

    from safe_municipal.core.geometry import wkb_points
    from safe_municipal.layers.cases import CoverCases

    got = {}
    for backend, ref in both.items():
        with open_store(ref) as store:  # four new cases at the first covers, reported the day before
            covers = list(store.rows("manhole", "district IS NOT NULL", (), columns=["geom"], order_by=["code"],
                                     limit=4))
            cases = CoverCases(store)
            for i, row in enumerate(covers):
                cases.register(wkb_points(row["geom"])[0], "missing", reported_at=f"2025-12-30T0{i}:00:00.000Z")
        res = processing.run("safe_municipal:dispatch_cases", {"STORE": ref, "NOW": "2025-12-31T08:00:00+08:00"})
        stats = processing.run("safe_municipal:case_statistics", {
            "STORE": ref, "FROM": "2025-01-01", "TO": "2025-12-31", "NOW": "2025-12-31T12:00:00+08:00",
            "OUTPUT": "TEMPORARY_OUTPUT"})
        got[backend] = (res["DISPATCHED"], res["QUEUED"], json.loads(res["RESULT"]), _features(_output(stats)))
    assert got["pg"] == got["gpkg"]
    dispatched, queued, _result, rows = got["pg"]
    assert dispatched + queued > 0 and len(rows) >= 2


def test_unknown_postgis_store_is_refused(pgstore, provider, tmp_path):
    """A reference to a schema that holds no store: the algorithms fail naming it (never a password)."""
    from qgis import processing
    from qgis.core import QgsProcessingException

    ref = re.sub(r"schema=\S+", "schema=no_such_store", pgstore.ref)
    for alg, params in (("export_health_books", {"KIND": "road", "OUTPUT": str(tmp_path / "b.pdf")}),
                        ("export_overview", {"THEME": "grades", "OUTPUT": str(tmp_path / "o.pdf")})):
        with pytest.raises(QgsProcessingException, match="no_such_store"):
            processing.run(f"safe_municipal:{alg}", dict(params, STORE=ref))
    assert not list(tmp_path.iterdir())


def test_a_viewer_login_prints_reports(city, pg_copy, tmp_path, english):
    """Reports only read: a login of sm_viewer (no write privilege anywhere) prints a health book and an
    overview map of the PostGIS store."""
    from safe_municipal.reports import health_book as hb
    from safe_municipal.reports import overview as OV

    viewer = pg_copy(city, user="alice_viewer")
    assert viewer.role() == "sm_viewer" and not viewer.can_write("inspection")
    f = chosen(city, "tunnel", "name = '东山隧道'")
    book = hb.export_health_book(viewer.ref, "tunnel", f["uid"], str(tmp_path / "t.pdf"), today=DATE)
    assert pages(book) == 1 and f["code"] in words(book) and "洞口 1" in pdf_text(book)
    out = tmp_path / "due.pdf"
    overview = OV.export_overview(viewer.ref, "due_work", str(out), year=2025, date=DATE)
    assert pages(out) == 1 and overview.statistics.rows and "Work due in 2025" in pdf_text(out)
