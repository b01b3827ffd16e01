"""`make package` builds a zip the plugin manager installs: one top folder, compiled translations, no dev files."""
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_package_zip(tmp_path):
    proc = subprocess.run(["make", "-s", "-C", str(ROOT), "package"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    zip_path = ROOT / proc.stdout.strip().splitlines()[-1]
    names = zipfile.ZipFile(zip_path).namelist()
    assert {n.split("/")[0] for n in names} == {"safe_municipal"}
    for required in ("metadata.txt", "__init__.py", "plugin.py", "resources/i18n/safe_municipal_zh_CN.qm",
                     "resources/icons/safe_municipal.svg", "resources/styles/drain_pipe.qml",
                     "processing/provider.py", "core/schema.py", "layers/gpkg.py"):
        assert f"safe_municipal/{required}" in names, required
    for dev in ("tests/", "benchmarks/", "scripts/", ".ci/", "Makefile", "pyproject.toml", ".gitignore"):
        assert not any(n.startswith(f"safe_municipal/{dev}") for n in names), dev
