"""metadata.txt: what the QGIS plugin manager and plugins.qgis.org read (plain Python, no QGIS)."""
import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository")
ALSO = ("qgisMaximumVersion", "tracker", "homepage", "hasProcessingProvider", "category", "tags", "icon",
        "changelog", "experimental")


@pytest.fixture(scope="module")
def md():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive for QGIS
    with open(ROOT / "metadata.txt", encoding="utf-8") as fh:
        parser.read_file(fh)
    return parser["general"]


@pytest.mark.parametrize("key", REQUIRED + ALSO)
def test_field_present_and_filled(md, key):
    assert md.get(key, "").strip(), key


def test_versions(md):
    assert re.fullmatch(r"\d+\.\d+\.\d+", md["version"])
    assert md["qgisMinimumVersion"] == "3.22"
    assert md["qgisMaximumVersion"] == "4.99"  # QGIS 4 compatible (not auto-bumped since QGIS PR #65146)


def test_flags(md):
    assert md["hasProcessingProvider"] == "yes"
    assert md["category"] == "Vector"
    assert md["experimental"] in ("True", "False")


def test_no_html_in_texts(md):
    for key in ("name", "description", "about", "changelog"):
        assert not re.search(r"<[a-zA-Z/][^>]*>", md[key]), key


def test_links_and_email(md):
    for key in ("repository", "tracker", "homepage"):
        assert md[key].startswith("https://"), key
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", md["email"])


def test_icon_file_exists(md):
    icon = ROOT / md["icon"]
    assert icon.is_file() and icon.suffix == ".svg"
    assert "<svg" in icon.read_text(encoding="utf-8")


def test_changelog_mentions_this_version(md):
    assert md["version"] in md["changelog"]


def test_tags_are_a_comma_list(md):
    tags = [t.strip() for t in md["tags"].split(",")]
    assert len(tags) >= 5 and all(tags)


def test_settings_reads_the_same_version():
    """settings.plugin_metadata() (the plugin's single source of its version) parses this file the same way."""
    text = (ROOT / "settings.py").read_text(encoding="utf-8")
    assert "metadata.txt" in text and "ConfigParser(interpolation=None)" in text
