"""The one font of every printed report: Noto Sans CJK SC (Debian package fonts-noto-cjk).

QGIS's PDF export embeds it (a CID TrueType subset) when text is exported as text
(``QgsRenderContext.TextFormatAlwaysText``), so Chinese renders on any reader and
``pdftotext`` finds the words. Known limit of Qt's ToUnicode map: a few hanzi share their glyph
with a Kangxi radical (山 and ⼭) and are extracted as the radical; NFKC normalisation folds them back.
"""
from __future__ import annotations

from qgis.core import QgsTextFormat, QgsUnitTypes
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase

FAMILY = "Noto Sans CJK SC"
TEXT = QColor(33, 33, 33)
MUTED = QColor(97, 97, 97)


def available() -> bool:
    """Whether the CJK font is installed (``make setup`` installs fonts-noto-cjk)."""
    return FAMILY in QFontDatabase().families()


def font(size_pt: float, bold: bool = False) -> QFont:
    f = QFont(FAMILY)
    f.setPointSizeF(size_pt)
    f.setBold(bold)
    # No OpenType shaping: in a Latin run the font substitutes digit glyphs that are not in its cmap,
    # and Qt's PDF ToUnicode map then has no entry for them (pdftotext loses "000001"). CJK and Latin
    # need no shaping.
    return unshaped(f)


def unshaped(f: QFont) -> QFont:
    """``f`` with OpenType shaping off (see :func:`font`)."""
    f = QFont(f)
    f.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return f


def text_format(size_pt: float, bold: bool = False, color: QColor = TEXT) -> QgsTextFormat:
    fmt = QgsTextFormat()
    fmt.setFont(font(size_pt, bold))
    fmt.setSize(size_pt)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(QColor(color))
    return fmt
