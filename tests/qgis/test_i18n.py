"""Translations: the zh_CN catalogue is complete and current, and the plugin speaks Chinese in zh_CN."""
import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtWidgets import QAction, QMenu

import safe_municipal
from safe_municipal import i18n
from safe_municipal.core import schema as S

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "safe_municipal_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _ts_tool():
    spec = importlib.util.spec_from_file_location("ts_tool", ROOT / "scripts" / "ts_tool.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ts_messages(path=TS):
    root = ET.parse(path).getroot()
    out = {}
    for ctx in root.findall("context"):
        name = ctx.findtext("name")
        for m in ctx.findall("message"):
            out[(name, m.findtext("source"))] = m.find("translation")
    return out


@pytest.fixture(scope="module")
def qm():
    """The compiled catalogue (what `make translations` builds; .qm files are not in git)."""
    if not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime:
        if shutil.which("lrelease") is None:
            pytest.fail("lrelease is missing (apt install qttools5-dev-tools)")
        subprocess.run(["lrelease", "-silent", str(TS), "-qm", str(QM)], check=True)
    return QM


@pytest.fixture()
def locale_settings():
    """Set QGIS's language settings for a test; the user's values come back after."""
    s = QgsSettings()
    keys = ("locale/overrideFlag", "locale/userLocale")
    saved = {k: s.value(k) for k in keys}

    def set_locale(locale, override=True):
        s.setValue("locale/overrideFlag", override)
        s.setValue("locale/userLocale", locale)

    yield set_locale
    for k, v in saved.items():
        if v is None:
            s.remove(k)
        else:
            s.setValue(k, v)


# ---------------------------------------------------------------------------- the catalogue
def test_every_message_is_translated():
    messages = ts_messages()
    assert len(messages) > 200
    for (ctx, source), tr_el in messages.items():
        assert tr_el is not None and (tr_el.text or "").strip(), f"[{ctx}] {source!r} has no translation"
        assert tr_el.get("type") not in ("unfinished", "obsolete", "vanished"), f"[{ctx}] {source!r}"


def test_translations_keep_placeholders():
    for (ctx, source), tr_el in ts_messages().items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(tr_el.text or "")), \
            f"[{ctx}] {source!r} -> {tr_el.text!r}"


def test_every_schema_label_is_in_the_catalogue():
    messages = ts_messages()
    labels = {t.label for t in S.TABLES} | {f.label for t in S.TABLES for f in t.fields}
    labels |= {c.label for codes in S.VALUE_LISTS.values() for c in codes if c.label != c.value}
    missing = sorted(lbl for lbl in labels if (S.TR_CONTEXT, lbl) not in messages)
    assert missing == []


@pytest.mark.skipif(shutil.which("pylupdate5") is None, reason="pylupdate5 missing (pyqt5-dev-tools)")
def test_catalogue_is_current_with_the_code(tmp_path):
    """Every tr()/translate string in the code is in the .ts and nothing stale is: else run
    scripts/update_translations.sh."""
    tool = _ts_tool()
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    tool.update([ts], pro=False)
    assert set(ts_messages(ts)) == set(ts_messages()), "run scripts/update_translations.sh"


# ---------------------------------------------------------------------------- loading
def test_candidate_names():
    assert i18n.candidate_names("zh_CN") == ["zh_CN", "zh"]
    assert i18n.candidate_names("zh-Hans")[:2] == ["zh_Hans", "zh_CN"]
    assert "zh_CN" in i18n.candidate_names("zh")
    assert i18n.candidate_names("en_US.UTF-8") == ["en_US", "en"]
    assert i18n.candidate_names("") == []


@pytest.mark.parametrize("locale", ["zh_CN", "zh", "zh-Hans", "zh_TW", "zh_CN.UTF-8"])
def test_chinese_locales_find_the_catalogue(qm, locale):
    assert i18n.find_catalogue(locale) == qm


@pytest.mark.parametrize("locale", ["en_US", "en", "C", "fr_FR"])
def test_other_locales_stay_english(qm, locale):
    assert i18n.find_catalogue(locale) is None
    assert i18n.install_translator(locale) is None


def test_translator_translates_and_unloads(qm):
    assert i18n.tr("New store…") == "New store…"
    translator = i18n.install_translator("zh_CN")
    try:
        assert translator is not None
        assert i18n.tr("New store…") == "新建数据库…"
        assert i18n.tr("Opened the store {file}: {n} layers.").format(file="a.gpkg", n=3) == \
            "已打开数据库 a.gpkg：3 个图层。"
        assert i18n.translate("schema", "Bridges") == "桥梁"
        assert i18n.translate("schema", "Preventive maintenance (预防性养护)") == "预防性养护"
    finally:
        i18n.remove_translator(translator)
    assert i18n.tr("New store…") == "New store…"


def test_qgis_locale_follows_settings(locale_settings):
    locale_settings("zh_CN", override=True)
    assert i18n.qgis_locale() == "zh_CN"
    locale_settings("de_DE", override=False)  # QGIS writes the system language here at start-up
    assert i18n.qgis_locale() == "de_DE"
    locale_settings("", override=False)
    assert i18n.qgis_locale()  # the system locale


def test_plugin_speaks_chinese_in_zh_cn(qm, qgis_iface, locale_settings):
    locale_settings("zh_CN")
    plugin = safe_municipal.classFactory(qgis_iface)
    plugin.initGui()
    try:
        main = qgis_iface.mainWindow()
        assert main.findChild(QAction, "SafeMunicipalNewStore").text() == "新建数据库…"
        assert main.findChild(QAction, "SafeMunicipalDemoCity").text() == "生成演示城市…"
        assert main.findChild(QMenu, "SafeMunicipalMenu").title() == "平安市政"
        assert i18n.tr("Safe Municipal") == "平安市政"
    finally:
        plugin.unload()
    assert plugin.translator is None
    assert i18n.tr("Safe Municipal") == "Safe Municipal"  # the translator went with the plugin


def test_processing_algorithms_speak_chinese_in_zh_cn(qm):
    """Strings of every module reach the translator under the context the catalogue files them in."""
    from safe_municipal.processing.provider import SafeMunicipalProvider

    translator = i18n.install_translator("zh_CN")
    try:
        provider = SafeMunicipalProvider()
        provider.loadAlgorithms()
        names = {a.name(): a.displayName() for a in provider.algorithms()}
        assert names["create_store"] == "创建数据库"
        assert names["generate_demo_city"] == "生成演示城市"
        assert provider.name() == "平安市政"
    finally:
        i18n.remove_translator(translator)


def test_one_tr_helper():
    """pylupdate5 files every bare tr() under one context, so only i18n.tr may define it."""
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                 if not any(part.startswith(".") or part in ("tests", "scripts", "benchmarks")
                            for part in p.relative_to(ROOT).parts)
                 and p.name != "i18n.py" and re.search(r"^def tr\(", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == [], "use `from ..i18n import tr` in " + ", ".join(offenders)


def test_validation_problems_reach_the_user_translated():
    """A ValidationError's problem is translated from its template, then formatted."""
    import pytest

    from safe_municipal.core.records import check_record
    from safe_municipal.core.validation import ValidationError
    from safe_municipal.i18n import install_translator, problem_text, remove_translator

    with pytest.raises(ValidationError) as e:
        check_record("maintenance", {"started_on": "2025-06-02", "finished_on": "2025-06-01"})
    assert e.value.problem == "is 2025-06-01, before the start 2025-06-02"  # English everywhere else
    translator = install_translator("zh_CN")
    try:
        assert problem_text(e.value.problem) == "为 2025-06-01，早于开始日期 2025-06-02"
    finally:
        remove_translator(translator)
    assert problem_text(e.value.problem) == "is 2025-06-01, before the start 2025-06-02"
    assert problem_text("plain text") == "plain text"
