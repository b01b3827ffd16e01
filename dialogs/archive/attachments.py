"""The Attachments tab: photos and documents with thumbnails, added, opened and deleted.

Where the files live is the archive's decision (``layers/archive.py``): inside the store, so a
store copied to another machine keeps them. Opening exports the file to a temporary folder of this
session and hands it to the system viewer (``QDesktopServices.openUrl``).

Thumbnails are decoded after the list is shown, a few per turn of the event loop, from the stored
bytes (``QImageReader`` with a scaled size, so a 12-megapixel JPEG is not decoded in full); files
that are not images get a generic icon.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.validation import ValidationError
from ...i18n import tr
from ...layers.errors import StoreError
from .fields import DateField, TextField
from .models import PAGE_SIZE
from .record_editor import EditorBase, write_problem

THUMB = 96
UID_ROLE = Qt.ItemDataRole.UserRole
MIME_ROLE = Qt.ItemDataRole.UserRole + 1
DECODE_PER_TICK = 4


def thumbnail(content: bytes, size: int = THUMB):
    """A QPixmap of at most ``size``×``size`` from image bytes, or None when they are no image."""
    if not content:
        return None
    data = QByteArray(content)
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buf.close()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)


def generic_icon(mime: str) -> QIcon:
    """QGIS's picture icon for images (until the thumbnail is decoded), its file icon otherwise."""
    return QgsApplication.getThemeIcon("/mLayoutItemPicture.svg" if (mime or "").startswith("image/")
                                       else "/mIconFile.svg")


class AttachmentEditor(EditorBase):
    """Add one file to a facility: the file (chosen beforehand), its title and the date taken."""

    def __init__(self, archive, facility_kind: str, facility_uid: str, file_path: str = "", parent=None,
                 guard=None):
        super().__init__(tr("New attachment"), parent)
        self.setObjectName("SafeMunicipalAttachmentEditor")
        self.archive, self.kind, self.facility_uid, self.guard = archive, facility_kind, facility_uid, guard
        self.file_field = TextField(False)
        browse = QPushButton(tr("Browse…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self._browse)
        self.file_field._row.addWidget(browse)
        self.add_row("file", tr("File"), self.file_field, True)
        self.add_row("title", tr("Title"), TextField(False, 200), False)
        self.add_row("taken_on", tr("Date taken"), DateField(False), False)
        self.file_field.set_value(file_path)
        self.widget("title").set_value(Path(file_path).stem if file_path else None)
        self.widget("taken_on").set_value(None)
        self.mark_clean()
        self.resize(520, 260)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Attach a file"), self.file_field.value() or "")
        if path:
            self.file_field.set_value(path)
            if not self.widget("title").value():
                self.widget("title").set_value(Path(path).stem)

    def error_row(self, field: str) -> str:
        # the archive names the file's problems by the table's fields
        return "file" if field in ("file_name", "size_bytes", "content", "mime_type", "sha256") else field

    def write(self) -> str:
        path = self.file_field.value()
        if not path:
            raise ValidationError("attachment", "new", "file_name", "is required: choose a file")
        if self.guard is not None and not self.guard("attachment"):
            raise StoreError(tr("Not saved: the attachment layer is being edited in QGIS."))
        return self.archive.add_attachment(self.kind, self.facility_uid, path, title=self.widget("title").value(),
                                           taken_on=self.widget("taken_on").value())


class AttachmentsPanel(QWidget):
    """Thumbnails of a facility's attachments (newest first, pages of 50) with Add / Open / Delete."""

    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.archive = None
        self.facility_uid = None
        self.rows: list = []
        self.total = 0
        self.pending: list = []  # items whose thumbnail is still to decode
        self._tmp = None
        self.editor = None

        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 40))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.add_button = QPushButton(tr("Add…"))
        self.add_button.setObjectName("addAttachment")
        self.open_button = QPushButton(tr("Open"))
        self.open_button.setObjectName("openAttachment")
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setObjectName("deleteAttachment")
        self.more_button = QPushButton(tr("Load more"))
        self.more_button.setObjectName("moreAttachments")
        self.status = QLabel()
        self.status.setObjectName("attachmentStatus")
        self.add_button.clicked.connect(lambda: self.add())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.more_button.clicked.connect(self.load_more)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        buttons.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._decode_some)

    # ---- loading
    def load(self, archive, facility_uid: str, rows: int = PAGE_SIZE) -> None:
        self.archive, self.facility_uid = archive, facility_uid
        self.list.clear()
        self.rows, self.pending = [], []
        self.total = archive.record_count("attachment", facility_uid) if archive is not None else 0
        if archive is not None:
            self._append(archive.records("attachment", facility_uid, 0, max(PAGE_SIZE, rows), with_version=True))
        self._update_status()

    def load_more(self) -> None:
        if self.archive is None or len(self.rows) >= self.total:
            return
        self._append(self.archive.records("attachment", self.facility_uid, len(self.rows), PAGE_SIZE,
                                          with_version=True))
        self._update_status()
        self.dock.show_history()

    def _append(self, rows: list) -> None:
        for r in rows:
            label = r.get("title") or r.get("file_name") or ""
            item = QListWidgetItem(generic_icon(r.get("mime_type")), label)
            item.setData(UID_ROLE, r["uid"])
            item.setData(MIME_ROLE, r.get("mime_type"))
            size = r.get("size_bytes")
            item.setToolTip("\n".join(t for t in (
                r.get("file_name") or "", r.get("mime_type") or "",
                tr("{kb} KB").format(kb=f"{size / 1024:,.1f}") if size is not None else "",
                tr("Taken on {date}").format(date=r["taken_on"]) if r.get("taken_on") else "") if t))
            self.list.addItem(item)
            if (r.get("mime_type") or "").startswith("image/"):
                self.pending.append(item)
        self.rows.extend(rows)
        if self.pending:
            self._timer.start()

    def _decode_some(self) -> None:
        for _ in range(DECODE_PER_TICK):
            if not self.pending:
                break
            item = self.pending.pop(0)
            try:
                pix = thumbnail(self.archive.attachment_content(item.data(UID_ROLE)))
            except (KeyError, RuntimeError):
                pix = None
            if pix is not None:
                item.setIcon(QIcon(pix))
        if not self.pending:
            self._timer.stop()

    def finish_thumbnails(self) -> None:
        """Decode every pending thumbnail now (tests, benchmarks)."""
        while self.pending:
            self._decode_some()

    def _update_status(self) -> None:
        self.status.setText(tr("{loaded} of {total}").format(loaded=len(self.rows), total=self.total)
                            if self.total else tr("No attachments"))
        self.more_button.setVisible(len(self.rows) < self.total)

    def uids(self) -> list:
        return [r["uid"] for r in self.rows]

    def selected_uid(self):
        items = self.list.selectedItems()
        return items[0].data(UID_ROLE) if items else None

    # ---- actions
    def add(self, path: str = None):
        """Choose a file, then confirm title and date in the attachment editor (returned, open)."""
        if not self.dock.may_write(("attachment",)):
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Attach a file"), "")
            if not path:
                return None
        self.editor = AttachmentEditor(self.archive, self.dock.kind, self.facility_uid, path, self,
                                       guard=lambda _t: self.dock.may_write(("attachment",)))
        self.editor.accepted.connect(lambda: self.dock.after_write(("attachment",)))
        self.editor.open()
        return self.editor

    def temp_dir(self) -> Path:
        if self._tmp is None or not Path(self._tmp).is_dir():
            self._tmp = tempfile.mkdtemp(prefix="safe_municipal_attachments_")
        return Path(self._tmp)

    def open_selected(self):
        """Export the selected file to this session's temporary folder and open it; returns the path."""
        uid = self.selected_uid()
        if uid is None or self.archive is None:
            return None
        path = self.archive.export_attachment(uid, str(self.temp_dir()))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def delete_selected(self) -> bool:
        uid = self.selected_uid()
        if uid is None or self.archive is None or not self.dock.may_write(("attachment",)):
            return False
        name = self.list.selectedItems()[0].text()
        answer = QMessageBox.question(self, tr("Delete attachment"),
                                      tr("Delete the attachment {name} from the archive?").format(name=name),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        version = next((r.get("row_version") for r in self.rows if r["uid"] == uid), None)
        try:  # PostGIS: an attachment changed since it was listed is not deleted
            self.archive.delete_record("attachment", uid, expected_version=version)
        except (StoreError, KeyError) as e:
            self.dock.message(write_problem(e), Qgis.Warning)
            self.dock.after_write(("attachment",))
            return False
        self.dock.after_write(("attachment",))
        return True

    def cleanup(self) -> None:
        """Remove this session's exported files."""
        self._timer.stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
