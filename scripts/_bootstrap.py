"""Make this checkout importable as ``safe_municipal`` for scripts (same trick as tests/conftest.py)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKGROOT = ROOT / ".build" / "pkgroot"


def bootstrap() -> Path:
    PKGROOT.mkdir(parents=True, exist_ok=True)
    link = PKGROOT / "safe_municipal"
    if not link.exists():
        try:
            os.symlink(ROOT, link, target_is_directory=True)
        except FileExistsError:
            pass
    if str(PKGROOT) not in sys.path:
        sys.path.insert(0, str(PKGROOT))
    return ROOT


def qgis_app():
    """A headless QgsApplication with the Processing framework."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    return app
