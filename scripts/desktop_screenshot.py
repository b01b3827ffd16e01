#!/usr/bin/env python3
"""Start the real QGIS desktop with the plugin and a project, check it, take a screenshot.

From a shell (``make screenshot``, the desktop smoke test)::

    desktop_screenshot.py --project demo-output/demo.qgz --out docs/screenshot.png [--locale zh-Hans]

(``zh-Hans`` is the name of QGIS's own Chinese catalogue; the plugin maps it to zh_CN.)

deploys this checkout into a throw-away QGIS profile (symlink in
``<profiles>/default/python/plugins/safe_municipal``, enabled in ``QGIS3.ini``),
starts ``qgis --profiles-path <tmp> --noversioncheck --nologo --code <this file>
<project>`` under ``xvfb-run -a`` with a time limit, and prints the JSON result;
exit status 0 only when the plugin was active, every project layer loaded, no
Python error was logged and the screenshot was written.

The same file runs in two more roles inside that QGIS (environment ``SM_DESKTOP_*``):

- as ``PYQGIS_STARTUP`` (run when QGIS starts Python, before plugins load): hooks
  ``QgsApplication.messageLog().messageReceived`` and ``sys.excepthook`` and appends
  every warning, error and exception to ``SM_DESKTOP_LOG`` (JSON lines), so even a
  plugin that fails to load or a QGIS that hangs leaves its errors behind;
- as QGIS's ``--code`` script: waits for the canvas to finish rendering, grabs the
  main window into ``SM_DESKTOP_OUT`` and writes ``SM_DESKTOP_RESULT``, then quits.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

PLUGIN = "safe_municipal"
ENV_ROLE = "SM_DESKTOP_ROLE"  # "qgis" in the QGIS process the launcher starts
ENV_LOG, ENV_OUT, ENV_RESULT = "SM_DESKTOP_LOG", "SM_DESKTOP_OUT", "SM_DESKTOP_RESULT"
ENV_SIZE, ENV_WAIT = "SM_DESKTOP_SIZE", "SM_DESKTOP_WAIT"
ENV_SCRIPT = "SM_DESKTOP_SCRIPT"
ENV_TRIGGER = "SM_DESKTOP_TRIGGER"  # comma-separated plugin action names to trigger before the screenshot
# QGIS runs PYQGIS_STARTUP and --code files with exec(): no __file__ there
THIS = Path(globals().get("__file__") or os.environ.get(ENV_SCRIPT, "desktop_screenshot.py")).resolve()
ROOT = THIS.parent.parent
# Message-log tags whose Critical entries fail the run (QGIS's own network or provider
# chatter does not); Python errors and this plugin's errors do.
FAILING_TAGS = ("Python error", "Safe Municipal")


# ============================================================================ inside QGIS
def _record(kind: str, **data) -> None:
    path = os.environ.get(ENV_LOG)
    if not path:
        return
    data.update(kind=kind, t=round(time.time(), 3))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False) + "\n")


def install_hooks() -> None:
    """Record warnings, errors and uncaught exceptions from the moment QGIS starts Python."""
    import builtins

    from qgis.core import Qgis, QgsApplication

    if getattr(builtins, "_sm_desktop_hooks", None) is not None:  # QGIS may run PYQGIS_STARTUP twice
        return

    def on_message(message, tag, level):
        if level in (Qgis.Warning, Qgis.Critical) or tag.startswith("Python"):
            entry = {"kind": "message", "tag": tag, "level": int(level), "message": message}
            _record(**entry)
            if is_failing(entry):
                fail_soon()

    QgsApplication.messageLog().messageReceived.connect(on_message)
    builtins._sm_desktop_hooks = [on_message, None]  # keep the slot alive
    wrap_excepthook()
    _record("started")


def wrap_excepthook() -> None:
    """Record uncaught exceptions, then let the current hook (QGIS's) show them."""
    import builtins

    previous = sys.excepthook

    def excepthook(etype, value, tb):
        _record("exception", message="".join(traceback.format_exception(etype, value, tb)))
        fail_soon()
        previous(etype, value, tb)

    sys.excepthook = excepthook
    builtins._sm_desktop_hooks[1] = excepthook


def fail_soon(delay_ms: int = 1500) -> None:
    """After a failing error, quit QGIS shortly (also from inside the modal error dialog
    QGIS opens, which would otherwise wait for a click until the time limit)."""
    import builtins

    if getattr(builtins, "_sm_desktop_failing", False):
        return
    builtins._sm_desktop_failing = True
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QTimer

    QTimer.singleShot(delay_ms, lambda: QgsApplication.exit(4))


def _colour_count(image, step: int = 4) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def run_inside_qgis() -> None:
    """The --code part: wait for rendering, check, grab, write the result, quit."""
    import builtins

    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QToolBar
    from qgis.utils import active_plugins, iface, plugins

    hooks = getattr(builtins, "_sm_desktop_hooks", None)
    if hooks is None:  # PYQGIS_STARTUP did not run: hook now (plugin-loading errors are then missed)
        install_hooks()
    elif sys.excepthook is not hooks[1]:  # QGIS installed its own hook after startup.py
        wrap_excepthook()
    wait = float(os.environ.get(ENV_WAIT, "60"))
    width, height = (int(v) for v in os.environ.get(ENV_SIZE, "1600x1000").split("x"))
    main = iface.mainWindow()
    main.resize(width, height)
    main.showMaximized()
    canvas = iface.mapCanvas()
    state = {"start": time.monotonic(), "rendered": 0, "quiet_since": None}

    def on_rendered():
        state["rendered"] += 1

    canvas.mapCanvasRefreshed.connect(on_rendered)
    canvas.refreshAllLayers()
    from qgis.PyQt.QtWidgets import QAction

    for name in filter(None, os.environ.get(ENV_TRIGGER, "").split(",")):
        action = main.findChild(QAction, name.strip())
        if action is None:
            _record("message", tag="Safe Municipal", level=2, message=f"no action {name} to trigger")
        else:
            action.trigger()

    def finish():
        result = {"ok": False}
        try:
            project = QgsProject.instance()
            layers = [{"name": lyr.name(), "valid": lyr.isValid(),
                       "features": lyr.featureCount() if hasattr(lyr, "featureCount") else None}
                      for lyr in project.mapLayers().values()]
            plugin = plugins.get(PLUGIN)
            result.update(
                plugin_active=PLUGIN in active_plugins,
                plugin_class=type(plugin).__name__ if plugin is not None else None,
                toolbar=main.findChild(QToolBar, "SafeMunicipalToolbar") is not None,
                provider=QgsApplication.processingRegistry().providerById(PLUGIN) is not None,
                project=project.fileName(), layers=layers, rendered=state["rendered"],
                waited_s=round(time.monotonic() - state["start"], 1),
            )
            QgsApplication.processEvents()
            out = os.environ.get(ENV_OUT)
            if out:
                Path(out).parent.mkdir(parents=True, exist_ok=True)
                shot = main.grab()
                result["screenshot"] = out if shot.save(out) else None
                from qgis.PyQt.QtWidgets import QApplication, QDialog

                dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
                for k, dialog in enumerate(dialogs):  # windows of their own (the plan dialog …): one PNG each
                    path = str(Path(out).with_name(f"{Path(out).stem}-dialog{k + 1}.png"))
                    if dialog.grab().save(path):
                        result.setdefault("dialogs", []).append(path)
                result["screenshot_size"] = [shot.width(), shot.height()]
                result["canvas_colours"] = _colour_count(canvas.grab().toImage())
            result["ok"] = True
        except Exception:  # noqa: BLE001 - reported in the result, never hangs QGIS
            result["error"] = traceback.format_exc()
        Path(os.environ[ENV_RESULT]).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        QgsProject.instance().setDirty(False)

        def leave():
            # close the project the way File ▸ Exit does before QGIS is torn down: quitting with a current
            # layer left in the tree crashes 3.22's destructor (the styling dock is gone when the tree
            # announces the layer's removal)
            iface.layerTreeView().setCurrentLayer(None)
            QgsProject.instance().clear()
            QgsApplication.exit(0)

        QTimer.singleShot(0, leave)

    def poll():
        elapsed = time.monotonic() - state["start"]
        busy = canvas.isDrawing() or QgsApplication.taskManager().countActiveTasks() > 0
        if busy:
            state["quiet_since"] = None
        elif state["quiet_since"] is None:
            state["quiet_since"] = elapsed
        quiet = state["quiet_since"] is not None and elapsed - state["quiet_since"] >= 1.5
        if (quiet and (state["rendered"] or elapsed > 5)) or elapsed > wait:
            finish()
        else:
            QTimer.singleShot(250, poll)

    QTimer.singleShot(500, poll)


# ============================================================================ the launcher
PROFILE_SETTINGS = {
    "qgis/checkVersion": False, "qgis/showTips": False, "qgis/allowExperimental": True,
    "app/plugin_installer/checkOnStart": False, "core/NewsFeed/httpsfeedqgisorg/disabled": True,
}


def write_profile(root: Path, plugin_dir: Path = ROOT, locale: str | None = None) -> Path:
    """``<root>/profiles/default`` with this checkout as the enabled plugin; returns the profile folder.

    Idempotent (``make run`` keeps one in .build): the plugin link is renewed and only
    the keys below are set in ``QGIS3.ini``; the rest of the profile is left as it is.
    """
    from qgis.PyQt.QtCore import QSettings

    profile = Path(root) / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    (profile / "QGIS").mkdir(exist_ok=True)
    target = plugins / PLUGIN
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)
    try:
        target.symlink_to(Path(plugin_dir).resolve(), target_is_directory=True)
    except OSError:  # no symlinks (some file systems): copy what ships
        shutil.copytree(plugin_dir, target, ignore=shutil.ignore_patterns(
            ".*", "tests", "benchmarks", "docs", "dist", "demo-output", "__pycache__"))
    ini = QSettings(str(profile / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
    ini.setValue(f"PythonPlugins/{PLUGIN}", True)
    for key, value in PROFILE_SETTINGS.items():
        ini.setValue(key, value)
    if locale:
        ini.setValue("locale/overrideFlag", True)
        ini.setValue("locale/userLocale", locale)
    ini.sync()
    return profile


def _read_log(path: Path) -> list:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def is_failing(entry: dict) -> bool:
    """Exceptions, and Critical messages of Python or of this plugin, fail a run."""
    if entry.get("kind") == "exception":
        return True
    return entry.get("kind") == "message" and entry.get("level") == 2 and (
        entry.get("tag") in FAILING_TAGS or PLUGIN in entry.get("message", ""))


def python_errors(log: list) -> list:
    return [e["message"] if e["kind"] == "exception" else f"[{e.get('tag')}] {e.get('message')}"
            for e in log if is_failing(e)]


def launch(project: str | None, out: str | None, timeout: float = 120, size: str = "1600x1000",
           locale: str | None = None, plugin_dir: Path = ROOT, keep: bool = False, trigger: str = "") -> dict:
    """Run QGIS once as described in the module docstring; returns the result dict."""
    tmp = Path(tempfile.mkdtemp(prefix="sm-qgis-"))
    result: dict = {}
    try:
        write_profile(tmp, plugin_dir, locale)
        runtime = tmp / "runtime"
        runtime.mkdir(mode=0o700)
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) display, not offscreen
        env.update({ENV_LOG: str(tmp / "log.jsonl"), ENV_RESULT: str(tmp / "result.json"),
                    ENV_SIZE: size, ENV_WAIT: str(max(10.0, timeout - 30)), ENV_ROLE: "qgis",
                    ENV_SCRIPT: str(THIS), "PYQGIS_STARTUP": str(THIS), "XDG_RUNTIME_DIR": str(runtime),
                    ENV_TRIGGER: trigger})
        if out:
            env[ENV_OUT] = str(Path(out).resolve())
        w, h = size.split("x")
        cmd = ["qgis", "--profiles-path", str(tmp), "--noversioncheck", "--nologo", "--code", str(THIS)]
        if project:
            cmd.append(str(Path(project).resolve()))
        if shutil.which("xvfb-run"):
            cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {w}x{h}x24"] + cmd
        elif not env.get("DISPLAY"):
            return {"ok": False, "errors": ["neither xvfb-run nor a DISPLAY"]}
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, cwd=str(tmp), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
            timed_out = True
        res_path = tmp / "result.json"
        result = json.loads(res_path.read_text(encoding="utf-8")) if res_path.exists() else {"ok": False}
        log = _read_log(tmp / "log.jsonl")
        errors = python_errors(log)
        if timed_out:
            errors.append(f"QGIS did not finish within {timeout:.0f} s (killed)")
        if not res_path.exists() and not timed_out:
            errors.append(f"QGIS exited (status {proc.returncode}) without writing a result")
        elif proc.returncode != 0 and not timed_out:
            errors.append(f"QGIS exited with status {proc.returncode} (a crash on the way out?)")
        if "error" in result:
            errors.append(result["error"])
        if not log:
            errors.append("the startup hooks never ran (PYQGIS_STARTUP not executed)")
        if res_path.exists() and not result.get("plugin_active"):
            errors.append(f"the plugin {PLUGIN} is not active")
        bad_layers = [lyr["name"] for lyr in result.get("layers", []) if not lyr["valid"]]
        if bad_layers:
            errors.append("layers that did not load: " + ", ".join(bad_layers))
        if out and not result.get("screenshot"):
            errors.append("no screenshot was written")
        result.update(
            ok=not errors, errors=errors, returncode=proc.returncode, seconds=round(time.monotonic() - t0, 1),
            warnings=[f"[{e.get('tag')}] {e.get('message', '')[:300]}" for e in log
                      if e.get("kind") == "message" and e.get("level") == 1],
            output_tail=output.decode("utf-8", "replace")[-3000:],
        )
        if keep:
            result["profile"] = str(tmp)
        return result
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", default=os.environ.get("SM_DESKTOP_PROJECT"),
                    help="project (.qgz/.qgs) to open (default: $SM_DESKTOP_PROJECT)")
    ap.add_argument("--out", default=os.environ.get(ENV_OUT), help="screenshot PNG to write (default: $SM_DESKTOP_OUT)")
    ap.add_argument("--result", help="also write the JSON result here")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--size", default="1600x1000", help="window size WxH")
    ap.add_argument("--locale", help="QGIS interface language, e.g. zh_CN (default: the system's)")
    ap.add_argument("--keep-profile", action="store_true", help="keep the temporary profile (for debugging)")
    ap.add_argument("--trigger", default="",
                    help="plugin actions to trigger before the screenshot, comma-separated object names "
                         "(e.g. SafeMunicipalProgrammes)")
    ap.add_argument("--write-profile", metavar="DIR",
                    help="only deploy the plugin into the profiles folder DIR (for qgis --profiles-path DIR)")
    args = ap.parse_args(argv)
    if args.write_profile:
        profile = write_profile(Path(args.write_profile), ROOT, args.locale)
        sys.stdout.write(f"{profile}\n")
        return 0
    result = launch(args.project, args.out, timeout=args.timeout, size=args.size, locale=args.locale,
                    keep=args.keep_profile, trigger=args.trigger)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.result:
        Path(args.result).write_text(text, encoding="utf-8")
    sys.stdout.write(text + "\n")
    return 0 if result.get("ok") else 1


def _qgis_iface():
    utils = sys.modules.get("qgis.utils")
    return getattr(utils, "iface", None) if utils else None


if os.environ.get(ENV_ROLE) == "qgis" and __name__ == "__main__":
    if _qgis_iface() is None:
        install_hooks()  # PYQGIS_STARTUP: QGIS is starting Python, plugins not loaded yet
    else:
        try:
            run_inside_qgis()  # --code: the main window and the project are up
        except Exception:  # noqa: BLE001 - never leave QGIS waiting on an error dialog
            _record("exception", message=traceback.format_exc())
            from qgis.core import QgsApplication

            QgsApplication.exit(3)
elif __name__ == "__main__":
    sys.exit(main())
