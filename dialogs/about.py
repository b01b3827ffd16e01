"""The About box: name, version and links from metadata.txt, text through tr()."""
from __future__ import annotations

from html import escape

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QMessageBox

from ..i18n import tr
from ..settings import icon_path, plugin_metadata


def about_text() -> str:
    md = plugin_metadata()
    parts = [
        "<h3>{}</h3>".format(escape(tr("Safe Municipal (平安市政)"))),
        "<p>{}</p>".format(escape(tr("Version {version}").format(version=md.get("version", "?")))),
        "<p>{}</p>".format(escape(tr(
            "One archive per road, bridge, tunnel and drainage facility (一路一桥一隧一档); condition grading "
            "against the national maintenance standards; the maintenance each grade calls for and when; "
            "thematic maps and health books for reports and planning meetings."))),
    ]
    links = []
    for key, label in (("homepage", tr("Home page")), ("tracker", tr("Report a problem"))):
        url = md.get(key)
        if url:
            links.append(f'<a href="{escape(url, quote=True)}">{escape(label)}</a>')
    if links:
        parts.append("<p>" + " · ".join(links) + "</p>")
    return "".join(parts)


def show_about(parent=None) -> None:
    box = QMessageBox(parent)
    box.setObjectName("SafeMunicipalAbout")
    box.setWindowTitle(tr("About Safe Municipal"))
    box.setIconPixmap(QIcon(icon_path("safe_municipal.svg")).pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
    box.deleteLater()
