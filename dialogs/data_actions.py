"""The data actions of the toolbar and menu: Import data…, Export…, Back up store…, Restore store….

:class:`DataController` is what ``plugin.py`` holds: one method per action and :meth:`unload`, which
closes the open import wizards and Export dialogs (their running tasks cancelled, silently) and
cancels running backups and verifications.
"""
from __future__ import annotations


def store_title(ref) -> str:
    """How a title names a store: a GeoPackage by its file name, a PostGIS store described (schema,
    server or service) — never a path made of a connection string."""
    from pathlib import Path

    from ..layers import store_ref

    return store_ref.describe(ref) if store_ref.is_postgis(ref) else Path(str(ref)).name


class DataController:
    def __init__(self, iface):
        self.iface = iface

    def import_data(self):
        from .import_wizard import open_import_wizard

        return open_import_wizard(self.iface)

    def export(self):
        from .export_dialog import open_export_dialog

        return open_export_dialog(self.iface)

    def backup(self):
        from .backup_dialog import backup_current_store

        return backup_current_store(self.iface)

    def restore(self):
        from .backup_dialog import restore_store_dialog

        return restore_store_dialog(self.iface)

    def unload(self) -> None:
        from .backup_dialog import cancel_backup_tasks
        from .export_dialog import close_export_dialogs
        from .import_wizard import close_import_wizards

        close_import_wizards(silent=True)
        close_export_dialogs(silent=True)
        cancel_backup_tasks()
