"""Make the checkout importable as package ``safe_municipal`` whatever the folder is called.

A symlink ``.build/pkgroot/safe_municipal`` points at the repository root and
``.build/pkgroot`` goes first on ``sys.path``.
"""
import os
import sys
from pathlib import Path

# Headless Qt unless a test run asks otherwise (the desktop tests start their own Xvfb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import PKGROOT, bootstrap  # noqa: E402

bootstrap()
# `python -m pytest` puts the working directory first on sys.path; from the checkout that would make
# our `processing` package shadow QGIS's own `processing` plugin. Only PKGROOT exposes the checkout.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
if str(PKGROOT) not in sys.path:
    sys.path.insert(0, str(PKGROOT))
sys.path.append(str(ROOT / "tests"))  # shared test helpers (qgis_support)
