"""Plugin metadata, user settings and per-project entries.

- :func:`plugin_metadata` / :func:`plugin_version`: ``metadata.txt`` is the single
  source of the name and version (read with configparser, as qtribu's ``__about__``).
- :class:`Settings`: the user's choices, a dataclass mapped onto ``QgsSettings`` under
  ``safe_municipal/`` with typed reads.
- :func:`project_store_path` / :func:`set_project_store_path`: the store a project
  uses, kept in the project file (``QgsProject.writeEntry``), relative to the project
  when the project is saved with relative paths.
"""
from __future__ import annotations

import configparser
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from qgis.core import QgsProject, QgsSettings

PLUGIN_DIR = Path(__file__).resolve().parent
PLUGIN_ID = "safe_municipal"
LOG_TAG = "Safe Municipal"
SETTINGS_PREFIX = PLUGIN_ID + "/"
PROJECT_SCOPE = PLUGIN_ID
PROJECT_STORE_KEY = "store_path"


@lru_cache(maxsize=1)
def plugin_metadata() -> dict:
    """The ``[general]`` section of ``metadata.txt`` as a dict of strings."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return dict(parser["general"])


def plugin_version() -> str:
    return plugin_metadata()["version"]


def icon_path(name: str) -> str:
    """Absolute path of ``resources/icons/<name>`` (icons are loaded by path, no compiled resources)."""
    return str(PLUGIN_DIR / "resources" / "icons" / name)


@dataclass
class Settings:
    """The user's remembered choices (global, not per project)."""

    last_folder: str = ""
    demo_scale: str = "small"
    demo_seed: int = 1
    demo_load: bool = True

    @classmethod
    def load(cls) -> Settings:
        s = QgsSettings()
        values = {}
        for f in fields(cls):
            default = f.default
            values[f.name] = s.value(SETTINGS_PREFIX + f.name, default, type=type(default))
        return cls(**values)

    def save(self) -> None:
        s = QgsSettings()
        for f in fields(self):
            s.setValue(SETTINGS_PREFIX + f.name, getattr(self, f.name))


def set_project_store_path(project: QgsProject, path: str) -> None:
    """Remember ``path`` (absolute) as the project's store, saved with the project.

    The absolute path is only the fallback: :func:`project_store_path` prefers the store's own
    layers, whose sources QGIS keeps relative to the project file and so follow a moved project.
    """
    from .layers import store_ref

    value = store_ref.canonical(path) if store_ref.is_postgis(path) else str(Path(path).resolve())
    project.writeEntry(PROJECT_SCOPE, PROJECT_STORE_KEY, value)


def project_store_path(project: QgsProject, saved: bool = False) -> str:
    """The store whose layers are in the project, as an absolute path (or a PostGIS store reference);
    "" when none are.

    ``saved``: when no store layer is left, fall back to the store the project was saved with
    (to tell the user it is missing, say) rather than answer "".
    """
    for layer in project.mapLayers().values():
        if layer.customProperty("safe_municipal/table") and layer.providerType() == "ogr":
            return str(Path(layer.source().split("|")[0]).resolve())
        if layer.customProperty("safe_municipal/table") and layer.providerType() == "postgres":
            from .layers.project import layer_store_path

            # the reference the store was opened with (its login, authcfg), else one from the source
            return layer.customProperty("safe_municipal/store") or layer_store_path(layer) or ""
    if not saved:
        return ""
    stored, ok = project.readEntry(PROJECT_SCOPE, PROJECT_STORE_KEY, "")
    return stored if ok and stored else ""
