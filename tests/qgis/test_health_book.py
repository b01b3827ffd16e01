"""The lifecycle health book (issue 6): PDFs from the tiny demo city, checked with poppler-utils.

Page count (pdfinfo), text (pdftotext: code, Chinese name, grade), the embedded CJK font (pdffonts),
a rendered page (pdftoppm) that is not blank and has features drawn in the location map.
"""
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsGeometry, QgsProcessingProvider, QgsProject
from qgis.PyQt.QtGui import QColor, QImage

from safe_municipal.layers.archive import Archive
from safe_municipal.layers.assess import assess_network
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.reports import health_book as hb

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdfinfo, pdftotext…)")
AS_OF = "2025-12-31"


@pytest.fixture(scope="module")
def store(tmp_path_factory, qgis_app):
    """The tiny demo city, assessed, with two photos attached to 东山隧道."""
    folder = tmp_path_factory.mktemp("health_book")
    path = folder / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    with GpkgStore.open(str(path), writable=True) as s:
        assess_network(s, as_of=AS_OF)
        tunnel = s.execute("SELECT uid, code, grade FROM tunnel WHERE name = '东山隧道'").fetchone()
        archive = Archive(s)
        for i, color in enumerate(("#3366cc", "#cc6633")):
            image = QImage(320, 240, QImage.Format.Format_RGB32)
            image.fill(QColor(color))
            photo = folder / f"portal_{i}.png"
            image.save(str(photo), "PNG")
            archive.add_attachment("tunnel", tunnel[0], str(photo), title=f"洞口 {i + 1}", taken_on=f"2025-0{i + 3}-01")
    return dict(path=str(path), uid=tunnel[0], code=tunnel[1], grade=tunnel[2], folder=folder)


def pages(pdf) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def text(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Qt's ToUnicode maps some hanzi to their Kangxi radical twins (山 → ⼭): NFKC folds them back
    return unicodedata.normalize("NFKC", out)


def fonts(pdf) -> list:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def render(pdf, tmp_path, page=1, dpi=50) -> QImage:
    base = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(base)], check=True)
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


def magenta(c: QColor) -> bool:  # the highlight (#e6007e and its translucent halo)
    return c.red() > 180 and c.green() < 150 and c.blue() > 90


def test_template_loads_with_every_item(qgis_app):
    project = QgsProject()
    layout = hb.load_template(project)
    assert all(layout.itemById(i) is not None for i in hb.ITEM_IDS)
    page = layout.pageCollection().page(0).pageSize()
    assert (round(page.width()), round(page.height())) == (210, 297)
    assert layout.atlas().enabled()


def test_one_facility(store, tmp_path):
    out = tmp_path / "东山隧道.pdf"
    assert hb.export_health_book(store["path"], "tunnel", store["uid"], str(out)) == str(out)
    assert pages(out) == 1
    words = text(out)
    assert store["code"] in words and "东山隧道" in words
    assert re.search(r"^\s*" + re.escape(store["grade"]) + r"\s", words, re.M), "the grade badge"
    assert "洞口 1" in words  # a photo's caption
    # the tables hold this facility's records (the relation pairs uid and facility_kind)
    with GpkgStore.open(store["path"], writable=False) as st:
        latest = st.execute("SELECT max(inspected_on) FROM inspection WHERE facility_uid = ?",
                            (store["uid"],)).fetchone()[0]
        work = st.execute("SELECT max(started_on) FROM maintenance WHERE facility_uid = ?", (store["uid"],)).fetchone()[0]
    assert latest and latest in words and work and work in words
    assert "None recorded" not in words
    cjk = [f for f in fonts(out) if f[0].startswith("NotoSansCJK")]
    assert cjk and all(f[-5] == "yes" for f in cjk), fonts(out)  # emb = yes
    assert {f[0].split("+")[-1] for f in fonts(out)} <= {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"}
    image = render(out, tmp_path)
    assert (image.width(), image.height()) in ((413, 585), (414, 585), (413, 584))
    total = count_pixels(image, (0, 0, 210, 297))
    assert total > 0.05 * image.width() * image.height()  # not blank
    assert count_pixels(image, hb.BOX[hb.ITEM_MAP]) > 2000, "features drawn in the location map"
    assert count_pixels(image, hb.BOX[hb.ITEM_MAP], predicate=magenta) > 50, "the facility highlighted"
    assert count_pixels(image, hb.BOX[hb.ITEM_OVERVIEW]) > 30  # the city's roads
    assert count_pixels(image, hb.BOX[hb.ITEM_OVERVIEW], predicate=magenta) > 5, "the tunnel ringed in the inset"
    assert count_pixels(image, hb.BOX["hb_photo_1"]) > 300 and count_pixels(image, hb.BOX["hb_photo_2"]) > 300
    assert count_pixels(image, hb.BOX["hb_photo_3"]) == 0  # two photos only
    assert count_pixels(image, hb.BOX[hb.ITEM_CHART]) > 300


def test_atlas_one_file(store, tmp_path):
    where = "\"road_class\" = 'arterial'"
    with GpkgStore.open(store["path"], writable=False) as s:
        roads = s.execute("SELECT code, name FROM road WHERE road_class = 'arterial' ORDER BY code").fetchall()
    assert len(roads) >= 3
    out = tmp_path / "roads.pdf"
    files = hb.export_health_books(store["path"], "road", str(out), where)
    assert files == [str(out)] and pages(out) == len(roads)
    words = text(out)
    for code, name in roads:
        assert code in words and name in words
    last = render(out, tmp_path, page=len(roads))
    assert count_pixels(last, hb.BOX[hb.ITEM_MAP]) > 2000
    assert count_pixels(last, hb.BOX[hb.ITEM_MAP], predicate=magenta) > 50


def test_atlas_one_pdf_per_facility(store, tmp_path):
    out = tmp_path / "tunnels"
    files = hb.export_health_books(store["path"], "tunnel", str(out), one_file=False)
    with GpkgStore.open(store["path"], writable=False) as s:
        codes = [r[0] for r in s.execute("SELECT code FROM tunnel ORDER BY code")]
    assert sorted(Path(f).name for f in files) == sorted(f"{c}.pdf" for c in codes)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.pdf" for c in codes)
    for f, code in zip(sorted(files), sorted(codes)):
        assert pages(f) == 1 and code in text(f)


def test_errors(store, tmp_path):
    with pytest.raises(hb.HealthBookError):
        hb.export_health_books(store["path"], "tunnel", str(tmp_path / "x.pdf"), '"code" = ')
    with pytest.raises(hb.HealthBookError):
        hb.export_health_books(store["path"], "tunnel", str(tmp_path / "x.pdf"), "\"code\" = 'nothing'")
    with pytest.raises(hb.HealthBookError):
        hb.export_health_books(store["path"], "inspection", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


class _Provider(QgsProcessingProvider):
    """The algorithm under a provider of the test's own (the plugin's provider registers it once wired)."""

    def id(self):
        return "sm_reports_test"

    def name(self):
        return "Safe Municipal reports (test)"

    def loadAlgorithms(self):  # noqa: N802
        from safe_municipal.processing.alg_reports import ExportHealthBooksAlgorithm

        self.addAlgorithm(ExportHealthBooksAlgorithm())


def test_processing_run(store, tmp_path, qgis_processing):
    from qgis import processing

    reg = QgsApplication.processingRegistry()
    provider = _Provider()
    assert reg.addProvider(provider)
    try:
        alg = reg.algorithmById("sm_reports_test:export_health_books")
        assert alg.flags() & alg.FlagNoThreading
        res = processing.run("sm_reports_test:export_health_books", {
            "STORE": store["path"], "KIND": "tunnel", "FILTER": "\"name\" LIKE '%隧道'",
            "OUTPUT": str(tmp_path / "t.pdf"), "ONE_FILE": True})
        assert res["PAGES"] == 3 and json.loads(res["FILES"]) == [str(tmp_path / "t.pdf")]
        assert pages(tmp_path / "t.pdf") == 3
        res = processing.run("sm_reports_test:export_health_books", {
            "STORE": store["path"], "KIND": "waterlogging_point", "OUTPUT": str(tmp_path / "wl"), "ONE_FILE": False})
        files = json.loads(res["FILES"])
        assert res["PAGES"] == len(files) == 5 and all(Path(f).is_file() for f in files)
    finally:
        reg.removeProvider(provider)


def test_export_from_archive(store, tmp_path, qgis_iface, monkeypatch):
    from qgis.core import Qgis
    from qgis.PyQt.QtWidgets import QFileDialog
    from qgis_support import Messages

    out = tmp_path / "from archive"  # no suffix: .pdf is added
    asked = {}

    def ask(parent, caption, suggested, filters):
        asked["suggested"] = suggested
        return str(out), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    messages = Messages(qgis_iface)
    result = hb.export_from_archive(qgis_iface, store["path"], "tunnel", store["uid"])
    assert Path(asked["suggested"]).name == f"{store['code']} 东山隧道.pdf"
    assert result.succeeded, result.details
    pdf = tmp_path / "from archive.pdf"
    assert result.path == str(pdf)
    assert pages(pdf) == 1 and "东山隧道" in text(pdf)
    assert any(str(pdf) in m for m in messages(Qgis.Success))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert hb.export_from_archive(qgis_iface, store["path"], "tunnel", store["uid"]) is None


def test_export_from_archive_failure_is_reported_and_leaves_no_file(store, tmp_path, qgis_iface, monkeypatch):
    from qgis.core import Qgis
    from qgis.PyQt.QtWidgets import QFileDialog
    from qgis_support import Messages

    out = tmp_path / "broken.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))

    def fail(*_a, **_k):
        out.write_bytes(b"half a pdf")
        raise hb.HealthBookError("the layout could not be exported")

    monkeypatch.setattr(hb, "export_health_book", fail)
    messages = Messages(qgis_iface)
    result = hb.export_from_archive(qgis_iface, store["path"], "tunnel", store["uid"])
    assert not result.succeeded and result.error == "the layout could not be exported"
    assert not out.exists()
    assert any("the layout could not be exported" in m for m in messages(Qgis.Critical))


def test_drain_pipe_page_lists_every_recorded_attribute(store, tmp_path):
    """A pipe has the most fields: every recorded one fits the attributes table (empty ones are left out)."""
    from safe_municipal.core import schema as S

    with GpkgStore.open(store["path"], writable=False) as st:
        pipe = next(st.rows("drain_pipe", "soil_class IS NOT NULL AND area_class IS NOT NULL"))
    out = tmp_path / "pipe.pdf"
    hb.export_health_book(store["path"], "drain_pipe", pipe["uid"], str(out))
    words = text(out)
    for field in ("district", "diameter_mm", "down_invert_depth_m", "area_class", "soil_class"):
        assert S.table("drain_pipe").field(field).label in words, field
    assert S.table("drain_pipe").field("notes").label not in words  # empty: no row


def test_a_single_point_facility_gets_its_map_and_a_grade_in_words_fits(store, tmp_path):
    """One manhole: its map drawn (a lone point's extent has no size: the map starts from a real one and
    the atlas picks the first predefined scale), the cover's
    GB/T 23858 grade — a word — in the smaller grade label, in the box."""
    with GpkgStore.open(store["path"], writable=False) as st:
        manhole = next(st.rows("manhole", "grade IS NOT NULL"))
    out = tmp_path / "manhole.pdf"
    hb.export_health_book(store["path"], "manhole", manhole["uid"], str(out))
    image = render(out, tmp_path)
    assert count_pixels(image, hb.BOX[hb.ITEM_MAP]) > 1000, "features drawn around the manhole"
    assert count_pixels(image, hb.BOX[hb.ITEM_MAP], predicate=magenta) > 20, "the manhole highlighted"
    words = {"compliant": "Compliant", "non_compliant": "Non-compliant"}[manhole["grade"]]
    assert words in text(out)
    books = hb.prepare(store["path"], "manhole", '"uid" = ' + "'" + manhole["uid"] + "'")
    try:
        m = books.layout.itemById(hb.ITEM_MAP)
        atlas = books.layout.atlas()
        atlas.beginRender()
        atlas.first()
        assert round(m.scale()) == hb.MAP_SCALES[0]
        atlas.endRender()
        feature = next(books.sheet.getFeatures())
        assert feature["grade_text"] == words
    finally:
        books.close()


def test_grade_words_fit_the_grade_box(qgis_app):
    """Every grade of every standard, and 'Not graded', fits the grade label's width on one line."""
    from safe_municipal.core.records import GRADE_SCALES

    _x, _y, w, _h = hb.BOX["hb_grade"]
    metrics = hb._metrics(15)  # the grade's size (bold is a little wider: 10 % slack)
    for grade in [hb.grade_words(g) for scale in GRADE_SCALES.values() for g in scale] + ["Not graded"]:
        assert metrics.horizontalAdvance(grade) * 1.1 < (w - 1.6) * 10, grade


def test_book_layout_context_is_the_print_layout_context(store):
    """The layout's own expression context (one global scope per export) holds what QgsPrintLayout's
    holds, page by page: the same scopes in the same order, the same variables and values."""
    from qgis.core import QgsPrintLayout

    books = hb.prepare(store["path"], "tunnel")
    try:
        atlas = books.layout.atlas()
        atlas.beginRender()
        for _ in range(2):
            assert atlas.next()
            ours, theirs = books.layout.createExpressionContext(), QgsPrintLayout.createExpressionContext(books.layout)
            assert ours.scopeCount() == theirs.scopeCount() >= 5
            for i in range(theirs.scopeCount()):
                a, b = ours.scope(i), theirs.scope(i)
                assert a.name() == b.name()
                assert sorted(a.variableNames()) == sorted(b.variableNames()), b.name()
            for name in theirs.variableNames():
                try:
                    expected = theirs.variable(name)
                except TypeError:  # "layer" (a QPointer): compared through "layer_id"
                    continue
                value = ours.variable(name)
                if isinstance(expected, QgsGeometry):  # compared by identity otherwise
                    assert value.equals(expected), name
                else:
                    assert value == expected, name
            assert ours.variable("layer_id") == books.sheet.id()
            assert ours.feature().id() == theirs.feature().id()
            assert ours.variable("atlas_featurenumber") == atlas.currentFeatureNumber() + 1
        atlas.endRender()
    finally:
        books.close()


def test_an_export_without_photos_has_no_photo_items(store, tmp_path):
    """Photos and captions are taken out of an export whose facilities have none; the page says so."""
    books = hb.prepare(store["path"], "tunnel", "\"name\" <> '东山隧道'")
    try:
        assert all(books.layout.itemById(i) is None for i in hb.PHOTO_ITEMS)
        assert books.layout.itemById(hb.ITEM_CHART) is not None
    finally:
        books.close()
    with_photos = hb.prepare(store["path"], "tunnel")
    try:
        assert all(with_photos.layout.itemById(i) is not None for i in hb.PHOTO_ITEMS)
    finally:
        with_photos.close()
    out = tmp_path / "no_photos.pdf"
    hb.export_health_books(store["path"], "tunnel", str(out), "\"name\" <> '东山隧道'")
    assert "Photos: none attached" in text(out)


def test_print_layers_are_the_projects_facility_layers(store):
    """The book loads only the facility layers (load_print_layers): the same layers, styles, labels and
    drawing order as load_store gives the project (whose map_layers the benchmark's bare atlas draws)."""
    from safe_municipal.core import schema as S
    from safe_municipal.layers.project import PROP_TABLE, load_store

    full, lean = QgsProject(), QgsProject()
    try:
        loaded = load_store(store["path"], full)
        printed = hb.load_print_layers(store["path"], lean)
        project_layers, book_layers = hb.map_layers(full, loaded), hb.print_order(printed)
        assert [lyr.customProperty(PROP_TABLE) for lyr in book_layers] == [
            lyr.customProperty(PROP_TABLE) for lyr in project_layers]
        assert len(book_layers) == len(S.FACILITY_KINDS) > 5
        for a, b in zip(project_layers, book_layers):
            assert a.source() == b.source() and a.name() == b.name()
            assert a.renderer().dump() == b.renderer().dump(), a.name()
            assert a.labelsEnabled() == b.labelsEnabled(), a.name()
            if a.labelsEnabled():
                assert a.labeling().settings().fieldName == b.labeling().settings().fieldName
            assert (a.hasScaleBasedVisibility(), a.minimumScale(), a.maximumScale()) == (
                b.hasScaleBasedVisibility(), b.minimumScale(), b.maximumScale()), a.name()
            assert b.fields().indexOf("facility_kind") >= 0
        assert printed.epsg == loaded.epsg and lean.crs() == full.crs()
    finally:
        full.clear()
        lean.clear()
