"""The import wizard (issue 7): survey files, OpenStreetMap, SWMM models and CCTV sheets into the store.

:func:`open_import_wizard` is the toolbar action; :class:`ImportWizard` the dialog.
"""
from .wizard import ImportWizard, close_import_wizards, open_import_wizard

__all__ = ["ImportWizard", "close_import_wizards", "open_import_wizard"]
