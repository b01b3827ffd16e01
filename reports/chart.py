"""The health book's grade-history chart, painted with QPainter into an SVG for a layout picture item.

The same picture as the archive dock's chart (dialogs/archive/chart.py), sized for paper: the
standard's grades on the left axis (best at the top) as a step line held until the next graded
inspection and on to the as-of date, the standard's main index (JGCI, BCI, PCI, RI…) as points on
the right axis. Needs only a QGuiApplication (works under ``qgis_process``), no widget.

Its words are written into the SVG as outlines (paths), measured and outlined here once per chart:
an SVG's ``<text>`` is outlined by Qt's SVG renderer on every page it is drawn on anyway (into a PDF
too), after matching the font and laying the text out — about 5 ms a chart, more than the rest of the
page's items together; a path is drawn as it is.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Iterable, Optional

from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from ..core.records import GRADE_SCALES
from ..core.records import index_axis_range as nice_range
from ..i18n import tr
from . import fonts

#: The index a standard's grade follows (as the archive's chart draws it).
MAIN_INDEX = {"CJJ36-2016": "PCI", "CJJ99-2017": "BCI", "CJJ181-2012": "RI", "JTGH12-2015": "JGCI",
              "GB51222-2017": "max_depth_cm"}

LINE = QColor(33, 33, 33)
POINTS = QColor(25, 118, 210)
GRID = QColor(224, 224, 224)
AXIS = QColor(66, 66, 66)


def _day(value) -> Optional[_dt.date]:
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def main_index(standard: Optional[str], history: Iterable) -> Optional[str]:
    """The index to chart: the standard's own, else the most frequent numeric one; None without any."""
    counts: dict = {}
    for _date, _std, _grade, indices in history:
        for k, v in (indices or {}).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                counts[k] = counts.get(k, 0) + 1
    own = MAIN_INDEX.get(standard or "")
    if own in counts:
        return own
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def chart_rows(history: list, standard: Optional[str] = None) -> tuple:
    """(standard, its scale, the dated rows graded on it) of ``Archive.grade_history`` rows."""
    standard = standard or (history[-1][1] if history else None)
    rows = [h for h in history if h[1] == standard and _day(h[0]) is not None]
    return standard, tuple(GRADE_SCALES.get(standard or "", ())), rows


class _Text:
    """Draws a chart's words with ``QPainter.drawText``, or (``outlined``) as filled glyph outlines,
    placed as ``drawText`` places them (left, right or centred; top or vertically centred)."""

    def __init__(self, p: QPainter, outlined: bool):
        self.p, self.outlined = p, outlined

    def __call__(self, rect: QRectF, flags, text: str) -> None:
        p = self.p
        if not self.outlined:
            p.drawText(rect, flags, text)
            return
        font = p.font()
        fm = QFontMetricsF(font)
        width = fm.horizontalAdvance(text)
        if flags & Qt.AlignmentFlag.AlignRight:
            x = rect.right() - width
        elif flags & Qt.AlignmentFlag.AlignHCenter:
            x = rect.center().x() - width / 2
        else:
            x = rect.left()
        if flags & Qt.AlignmentFlag.AlignVCenter:
            y = rect.center().y() - fm.height() / 2 + fm.ascent()
        else:
            y = rect.top() + fm.ascent()
        path = QPainterPath()
        path.addText(QPointF(x, y), font, text)
        p.fillPath(path, p.pen().color())


def paint_chart(p: QPainter, rect: QRectF, history: list, standard: Optional[str] = None,
                today: Optional[_dt.date] = None, font_px: float = 12.0, outlined: bool = False) -> bool:
    """Paint the chart into ``rect``; False (and a "no graded inspections" note) when there is nothing.
    ``outlined``: the words as filled outlines, not text (:func:`write_chart_svg`)."""
    draw_text = _Text(p, outlined)
    standard, scale, rows = chart_rows(history, standard)
    today = today or _dt.date.today()
    font = fonts.font(10)
    font.setPixelSize(max(1, round(font_px)))
    p.setFont(font)
    fm = QFontMetricsF(font)
    p.fillRect(rect, QColor(255, 255, 255))
    if not rows or not scale:
        p.setPen(QColor(117, 117, 117))
        draw_text(rect, Qt.AlignmentFlag.AlignCenter, tr("No graded inspections yet"))
        return False
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    index_name = main_index(standard, rows)
    left = rect.left() + max([fm.horizontalAdvance(g) for g in scale] + [fm.horizontalAdvance("WW")]) + fm.height()
    right = rect.right() - (fm.horizontalAdvance("100.0") + fm.height() if index_name else fm.height())
    top = rect.top() + fm.height() * 1.8
    bottom = rect.bottom() - fm.height() * 1.8
    plot = QRectF(left, top, max(10.0, right - left), max(10.0, bottom - top))
    days = [_day(h[0]) for h in rows]
    start, end = min(days), max(days + [today])
    if end <= start:
        end = start + _dt.timedelta(days=1)
    span = (end - start).days or 1
    n = len(scale)

    def x_of(d: _dt.date) -> float:
        return plot.left() + plot.width() * (d - start).days / span

    def y_of_rank(rank: int) -> float:
        return plot.top() + (plot.height() * rank / (n - 1) if n > 1 else plot.height() / 2)

    line_w = max(1.0, font_px / 6)
    p.setPen(QPen(GRID, line_w / 2))
    for rank in range(n):
        p.drawLine(QPointF(plot.left(), y_of_rank(rank)), QPointF(plot.right(), y_of_rank(rank)))
    p.setPen(AXIS)
    for rank, grade in enumerate(scale):
        y = y_of_rank(rank)
        draw_text(QRectF(rect.left(), y - fm.height() / 2, plot.left() - rect.left() - fm.height() / 2,
                          fm.height()), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, grade)
    draw_text(QRectF(plot.left(), plot.bottom() + fm.height() * 0.3, plot.width() / 2, fm.height()),
               Qt.AlignmentFlag.AlignLeft, start.isoformat())
    draw_text(QRectF(plot.center().x(), plot.bottom() + fm.height() * 0.3, plot.width() / 2, fm.height()),
               Qt.AlignmentFlag.AlignRight, end.isoformat())
    title = tr("Grade ({standard})").format(standard=standard)
    bold = fonts.font(10, bold=True)
    bold.setPixelSize(max(1, round(font_px)))
    p.setFont(bold)
    draw_text(QRectF(plot.left(), rect.top(), plot.width(), fm.height() * 1.4), Qt.AlignmentFlag.AlignLeft, title)
    if index_name:
        x = plot.left() + QFontMetricsF(bold).horizontalAdvance(title) + fm.height()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(POINTS)
        p.drawEllipse(QPointF(x, rect.top() + fm.height() * 0.6), font_px / 3.5, font_px / 3.5)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(AXIS)
        p.setFont(font)
        draw_text(QRectF(x + fm.height() * 0.6, rect.top(), plot.width(), fm.height() * 1.4),
                   Qt.AlignmentFlag.AlignLeft, index_name)
    p.setFont(font)

    values = []
    for h in rows:
        v = (h[3] or {}).get(index_name) if index_name else None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            values.append((_day(h[0]), float(v)))
    if values:
        lo, hi = nice_range(min(v for _d, v in values), max(v for _d, v in values))

        def y_of_value(v: float) -> float:
            return plot.bottom() - plot.height() * (v - lo) / (hi - lo)

        p.setPen(AXIS)
        for v in (lo, hi):
            draw_text(QRectF(plot.right() + fm.height() / 2, y_of_value(v) - fm.height() / 2, rect.width(),
                              fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{v:g}")
        p.setPen(QPen(POINTS, line_w))
        p.setBrush(POINTS)
        for d, v in values:
            p.drawEllipse(QPointF(x_of(d), y_of_value(v)), font_px / 3.5, font_px / 3.5)
        p.setBrush(Qt.BrushStyle.NoBrush)

    path = QPainterPath()
    last_y = None
    for date_text, _std, grade, _ind in rows:
        if grade not in scale:
            continue
        x, y = x_of(_day(date_text)), y_of_rank(scale.index(grade))
        if last_y is None:
            path.moveTo(x, y)
        else:
            path.lineTo(x, last_y)
            path.lineTo(x, y)
        last_y = y
    if last_y is not None:
        path.lineTo(x_of(end), last_y)
        p.setPen(QPen(LINE, line_w * 2))
        p.drawPath(path)
    return True


def write_chart_svg(path: str, history: list, width_mm: float, height_mm: float, standard: Optional[str] = None,
                    today: Optional[_dt.date] = None) -> bool:
    """Paint the chart as an SVG drawing of ``width_mm`` × ``height_mm`` (user units: 0.1 mm).

    Vector lines and the words as outlines: printed sharp at any resolution, and far cheaper to place
    on a page than a 300 dpi PNG (no image to decode and compress per page) or SVG text (see above).
    Returns whether there was anything to chart (the file is written either way)."""
    from qgis.PyQt.QtCore import QRect, QSize
    from qgis.PyQt.QtSvg import QSvgGenerator

    units_per_mm = 10.0
    w, h = max(1, round(width_mm * units_per_mm)), max(1, round(height_mm * units_per_mm))
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRect(0, 0, w, h))
    generator.setResolution(round(25.4 * units_per_mm))  # so that a point is a point
    generator.setTitle(tr("Grade history"))
    p = QPainter()
    if not p.begin(generator):
        raise OSError(tr("Cannot write {path}").format(path=path))
    try:
        p.fillRect(QRectF(0, 0, w, h), QColor(255, 255, 255))
        drawn = paint_chart(p, QRectF(0, 0, w, h), history, standard, today, font_px=3.0 * units_per_mm,
                            outlined=True)
    finally:
        p.end()
    if not Path(path).is_file():
        raise OSError(tr("Cannot write {path}").format(path=path))
    return drawn
