"""Helpers shared by the QGIS tests (importable: tests/conftest.py puts tests/ on sys.path)."""
from qgis.core import Qgis


class Messages:
    """The message bar lines pushed since this object was made."""

    def __init__(self, iface):
        self.bar = iface.messageBar()
        self.start = {lvl: len(self.bar.get_messages(lvl)) for lvl in
                      (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success)}

    def __call__(self, level):
        return self.bar.get_messages(level)[self.start[level]:]


def deployed_qgis_process(tmp_path):
    """(qgis_process.bin, env) with this checkout deployed as the plugin of a profile of its own and enabled."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    exe = shutil.which("qgis_process.bin")
    assert exe, "qgis_process.bin is part of the qgis package"
    data = tmp_path / "xdg"
    plugins = data / "QGIS" / "QGIS3" / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    os.symlink(Path(__file__).resolve().parents[1], plugins / "safe_municipal")
    # pytest-qgis points QGIS_CUSTOM_CONFIG_PATH at its own folder; qgis_process must use the profile here.
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGIS_")}
    env.update(XDG_DATA_HOME=str(data), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([exe, "plugins", "enable", "safe_municipal"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return exe, env
