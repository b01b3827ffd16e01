"""Translation: ``tr()`` for every user-visible string, and the plugin's QTranslator.

Translate first, format after::

    tr("Opened {n} layers").format(n=count)

never pass an f-string to ``tr`` (it can never match a catalogue entry).

Extraction: ``scripts/update_translations.sh`` runs ``pylupdate5``, which files a bare
``tr("...")`` call under the context ``@default``; the script renames that context to
:data:`CONTEXT` so the catalogue matches what :func:`tr` looks up. Strings of
``core/schema.py`` are marked with ``QT_TRANSLATE_NOOP("schema", ...)`` and translated
at run time with :func:`translate` (context ``schema``). Pass another ``context`` to
:func:`tr` only for strings that are also extracted under that context.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "SafeMunicipal"
I18N_DIR = Path(__file__).resolve().parent / "resources" / "i18n"
QM_PREFIX = "safe_municipal_"

# QGIS names some languages differently from Qt's locale names (its own catalogues
# are zh-Hans / zh-Hant); map them onto the file names we ship.
_ALIASES = {"zh_hans": "zh_CN", "zh_sg": "zh_CN", "zh": "zh_CN"}


def tr(text: str, context: str = CONTEXT) -> str:
    """The translation of ``text`` (source English) in the current language."""
    return QCoreApplication.translate(context, text)


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` under an explicit context (e.g. ``schema`` labels)."""
    return QCoreApplication.translate(context, text)


def qgis_locale() -> str:
    """The language QGIS's interface uses, e.g. ``zh_CN``, ``zh-Hans`` or ``en_US``.

    QGIS reads ``locale/overrideFlag``: when set, the language is ``locale/userLocale``;
    otherwise it is the system locale, and QGIS writes it to ``locale/userLocale`` at
    start-up so that plugins follow the same language. ``locale/globalLocale`` only
    sets number/date formats (``QLocale.setDefault``), not the interface language, so
    it does not choose the catalogue.
    """
    s = QgsSettings()
    user = s.value("locale/userLocale", "", type=str) or ""
    if s.value("locale/overrideFlag", False, type=bool) and user:
        return user
    return user or QLocale.system().name()


def candidate_names(locale: str) -> list:
    """Catalogue base names to try for ``locale``, best first (``zh_CN`` -> zh_CN, zh)."""
    loc = (locale or "").replace("-", "_").split(".")[0].split("@")[0]
    if not loc:
        return []
    lang = loc.split("_")[0].lower()
    names = [loc]
    alias = _ALIASES.get(loc.lower())
    if alias:
        names.append(alias)
    names.append(lang)
    alias = _ALIASES.get(lang)
    if alias:
        names.append(alias)
    out: list = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def find_catalogue(locale: str, directory: Path | None = None) -> Path | None:
    """The ``.qm`` file for ``locale`` in ``directory`` (default resources/i18n), or None.

    Tries the full name, its alias, the bare language, then any catalogue of the same
    language (``zh_TW`` falls back to ``zh_CN`` rather than English).
    """
    folder = Path(directory) if directory else I18N_DIR
    names = candidate_names(locale)
    for n in names:
        p = folder / f"{QM_PREFIX}{n}.qm"
        if p.is_file():
            return p
    if names:
        lang = names[-1].split("_")[0].lower()
        same_language: Iterable = sorted(folder.glob(f"{QM_PREFIX}{lang}_*.qm"))
        for p in same_language:
            return p
    return None


def install_translator(locale: str | None = None, directory: Path | None = None) -> QTranslator | None:
    """Load and install the catalogue for ``locale`` (default: QGIS's language).

    Returns the installed QTranslator (keep it and pass it to :func:`remove_translator`
    on unload), or None when there is no catalogue for the language (English source).
    """
    path = find_catalogue(locale if locale is not None else qgis_locale(), directory)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)


def problem_text(problem) -> str:
    """A validation problem in the user's language: its template translated, then formatted.

    ``problem`` is a :class:`core.validation.P` (or any string, shown as it is).
    """
    template = getattr(problem, "template", None)
    if template is None:
        return str(problem)
    return translate("validation", template).format(**problem.args)
