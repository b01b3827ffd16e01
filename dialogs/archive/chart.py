"""The grade history chart: grade over time as a step line, the main index as points.

Painted with QPainter (no QtCharts dependency). Left axis: the standard's grades, best at the top;
right axis: the index (e.g. JGCI, BCI, PCI). The step line holds each grade until the next graded
inspection and runs on to today.
"""
from __future__ import annotations

import datetime as _dt

from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QWidget

from ...core.records import GRADE_SCALES
from ...core.records import index_axis_range as nice_range
from ...i18n import tr
from .logic import main_index


def _day(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


class GradeChart(QWidget):
    """Grade (step line) and index (points) of one facility's graded inspections."""

    LINE_COLOUR = QColor(33, 33, 33)
    POINT_COLOUR = QColor(25, 118, 210)
    GRID_COLOUR = QColor(224, 224, 224)
    BACKGROUND = QColor(255, 255, 255)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradeChart")
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.history: list = []
        self.standard = None
        self.scale: tuple = ()
        self.index_name = None
        self.today = _dt.date.today()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, 240)

    def set_history(self, history: list, standard: str = None, today: _dt.date = None) -> None:
        """``history``: Archive.grade_history rows [(date, standard, grade, indices)], oldest first.
        Only inspections graded on ``standard`` (default: the latest one's) are drawn."""
        standard = standard or (history[-1][1] if history else None)
        self.standard = standard
        self.scale = GRADE_SCALES.get(standard or "", ())
        self.history = [h for h in history if h[1] == standard and _day(h[0]) is not None]
        self.index_name = main_index(standard, self.history)
        self.today = today or _dt.date.today()
        self.update()

    # ---- geometry
    def _plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = max([fm.horizontalAdvance(g) for g in self.scale] + [fm.horizontalAdvance("WW")]) + 14
        right = fm.horizontalAdvance("100.0") + 14 if self.index_name else 12
        top = fm.height() + 10
        bottom = fm.height() + 12
        return QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))

    def _x_range(self) -> tuple:
        days = [_day(h[0]) for h in self.history]
        start, end = min(days), max(days + [self.today])
        if end <= start:
            end = start + _dt.timedelta(days=1)
        return start, end

    def _index_values(self) -> list:
        out = []
        for h in self.history:
            v = (h[3] or {}).get(self.index_name) if self.index_name else None
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out.append((_day(h[0]), float(v)))
        return out

    # ---- painting
    def paintEvent(self, event):  # noqa: N802 - Qt API
        p = QPainter(self)
        try:
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        p.fillRect(self.rect(), self.BACKGROUND)
        if not self.history or not self.scale:
            p.setPen(QColor(117, 117, 117))
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, tr("No graded inspections yet"))
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        plot = self._plot_rect()
        start, end = self._x_range()
        span = (end - start).days or 1
        n = len(self.scale)

        def x_of(d: _dt.date) -> float:
            return plot.left() + plot.width() * (d - start).days / span

        def y_of_rank(rank: int) -> float:
            return plot.top() + (plot.height() * rank / (n - 1) if n > 1 else plot.height() / 2)

        fm = self.fontMetrics()
        # grid and the grade axis
        p.setPen(QPen(self.GRID_COLOUR, 1))
        for rank in range(n):
            y = y_of_rank(rank)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QColor(66, 66, 66))
        for rank, grade in enumerate(self.scale):
            y = y_of_rank(rank)
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, grade)
        # time axis: first and last year
        p.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width() / 2, fm.height()),
                   Qt.AlignmentFlag.AlignLeft, start.isoformat())
        p.drawText(QRectF(plot.center().x(), plot.bottom() + 4, plot.width() / 2, fm.height()),
                   Qt.AlignmentFlag.AlignRight, end.isoformat())
        # title, with the index's legend dot in the points' colour
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        title = tr("Grade ({standard})").format(standard=self.standard)
        p.drawText(QRectF(plot.left(), 2, plot.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, title)
        if self.index_name:
            x = plot.left() + p.fontMetrics().horizontalAdvance(title) + 14
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.POINT_COLOUR)
            p.drawEllipse(QPointF(x, 2 + fm.height() / 2), 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QColor(66, 66, 66))
            p.drawText(QRectF(x + 8, 2, plot.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, self.index_name)
        p.setFont(self.font())

        # index points (right axis)
        values = self._index_values()
        if values:
            lo, hi = nice_range(min(v for _d, v in values), max(v for _d, v in values))

            def y_of_value(v: float) -> float:
                return plot.bottom() - plot.height() * (v - lo) / (hi - lo)

            p.setPen(QColor(66, 66, 66))
            for v in (lo, hi):
                p.drawText(QRectF(plot.right() + 6, y_of_value(v) - fm.height() / 2, 200, fm.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{v:g}")
            p.setPen(QPen(self.POINT_COLOUR, 1))
            p.setBrush(self.POINT_COLOUR)
            for d, v in values:
                p.drawEllipse(QPointF(x_of(d), y_of_value(v)), 3.5, 3.5)
            p.setBrush(Qt.BrushStyle.NoBrush)

        # grade step line
        path = QPainterPath()
        first = True
        last_y = None
        for date_text, _std, grade, _ind in self.history:
            if grade not in self.scale:
                continue
            x, y = x_of(_day(date_text)), y_of_rank(self.scale.index(grade))
            if first:
                path.moveTo(x, y)
                first = False
            else:
                path.lineTo(x, last_y)
                path.lineTo(x, y)
            last_y = y
        if last_y is not None:
            path.lineTo(x_of(end), last_y)
            p.setPen(QPen(self.LINE_COLOUR, 2))
            p.drawPath(path)
