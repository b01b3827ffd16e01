#!/usr/bin/env python3
"""Render a whole store with the plugin's styles, then with plain single symbols, in one process.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_render.py [store.gpkg]

Without a store it uses benchmarks/out/city.gpkg, writing it first when missing:
with ``layers.demo_writer.write_demo_city(scale="city")`` when that module exists,
else with the synthetic grid city below (``--pipes`` pipe segments, default 100,000).

Both passes draw the same layers over the same full extent at the same size
(QgsMapRendererSequentialJob, default 1600x1000 px, 96 dpi); scale-dependent layer
visibility is kept in both, so the ratio is the cost of the renderers and labels.
Each pass renders ``--repeat`` + 1 times: the first render (opening the data, cold caches) is
reported apart as ``*_first``; the median of the others is the figure.
Prints ``RESULT render_city styled=<s> single_symbol=<s> ratio=<styled/single>``.
"""
import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _bootstrap import bootstrap, qgis_app  # noqa: E402

bootstrap()

X0, Y0 = 521000.0, 3392000.0  # south-west corner of the synthetic city (EPSG:4546, Yichang)


def synthetic_city(path: Path, pipes: int, seed: int = 1) -> dict:
    """A grid city: roads on a 150 m grid, storm and sewage pipes of 30 m along them, manholes, inlets."""
    import uuid

    from safe_municipal.layers.gpkg import GpkgStore

    rnd = random.Random(seed)

    def uid():
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

    store = GpkgStore.create(str(path), overwrite=True)
    step, nx, ny = 150.0, 80, 54
    classes = ["expressway", "arterial", "secondary", "branch", "lane"]
    roads, segments = [], []
    for i in range(nx + 1):
        for j in range(ny):
            segments.append(((X0 + i * step, Y0 + j * step), (X0 + i * step, Y0 + (j + 1) * step), i))
    for j in range(ny + 1):
        for i in range(nx):
            segments.append(((X0 + i * step, Y0 + j * step), (X0 + (i + 1) * step, Y0 + j * step), j))
    for k, (a, b, line_no) in enumerate(segments):
        cls = classes[0] if line_no % 20 == 0 else classes[1] if line_no % 10 == 0 else \
            classes[2] if line_no % 5 == 0 else classes[3] if line_no % 2 == 0 else classes[4]
        roads.append(dict(uid=uid(), code=f"DL{k:06d}", name=f"道路{line_no}号", road_class=cls,
                          geom=("LineString", [a, b])))
    store.insert("road", roads, validate=False)
    pipe_rows, manholes, inlets = [], [], []
    diameters = [300, 400, 600, 800, 1000, 1200, 1500]
    k = 0
    while len(pipe_rows) < pipes:
        a, b, _ = segments[k % len(segments)]
        round_ = k // len(segments)
        k += 1
        vertical = a[0] == b[0]
        for usage, off in (("storm", 6.0 + round_), ("sewage", -6.0 - round_)):
            ox, oy = (off, 0.0) if vertical else (0.0, off)
            for s in range(5):
                t0, t1 = s / 5, (s + 1) / 5
                p0 = (a[0] + (b[0] - a[0]) * t0 + ox, a[1] + (b[1] - a[1]) * t0 + oy)
                p1 = (a[0] + (b[0] - a[0]) * t1 + ox, a[1] + (b[1] - a[1]) * t1 + oy)
                n = len(pipe_rows)
                pipe_rows.append(dict(uid=uid(), code=f"GD{n:07d}", usage=usage, diameter_mm=rnd.choice(diameters),
                                      geom=("LineString", [p0, p1])))
                manholes.append(dict(uid=uid(), code=f"JC{n:07d}", usage=usage, geom=("Point", p0)))
                if usage == "storm" and s % 2 == 0:
                    inlets.append(dict(uid=uid(), code=f"YS{n:07d}", geom=("Point", (p0[0] + oy / 3, p0[1] + ox / 3))))
                if len(pipe_rows) >= pipes:
                    break
            if len(pipe_rows) >= pipes:
                break
    store.insert("drain_pipe", pipe_rows, validate=False)
    store.insert("manhole", manholes, validate=False)
    store.insert("rain_inlet", inlets, validate=False)
    store.insert("bridge", [dict(uid=uid(), code=f"QL{i:04d}", name=f"{i}号桥",
                                 geom=("LineString", [(X0 + 1500 * i + 20, Y0 + 3000), (X0 + 1500 * i + 130, Y0 + 3000)]))
                            for i in range(1, 8)], validate=False)
    store.insert("tunnel", [dict(uid=uid(), code=f"SD{i:04d}", name=f"{i}号隧道",
                                 geom=("LineString", [(X0 + 2000 * i, Y0 + 6020), (X0 + 2000 * i + 600, Y0 + 6020)]))
                            for i in range(1, 5)], validate=False)
    store.insert("storage_facility", [dict(uid=uid(), code=f"TX{i:04d}", name=f"{i}号调蓄池", capacity_m3=40000.0,
                                           geom=("Polygon", [[(X0 + 1000 * i + 30, Y0 + 500 + 30),
                                                              (X0 + 1000 * i + 120, Y0 + 530),
                                                              (X0 + 1000 * i + 120, Y0 + 620),
                                                              (X0 + 1000 * i + 30, Y0 + 620),
                                                              (X0 + 1000 * i + 30, Y0 + 530)]]))
                                      for i in range(1, 11)], validate=False)
    status = ["active", "in_treatment", "remediated"]
    store.insert("waterlogging_point", [dict(uid=uid(), code=f"JS{i:04d}", name=f"{i}号积水点", status=status[i % 3],
                                             geom=("Point", (X0 + rnd.uniform(0, nx * step),
                                                             Y0 + rnd.uniform(0, ny * step))))
                                        for i in range(60)], validate=False)
    store.update_extents()
    counts = {t: store.count(t) for t in ("road", "drain_pipe", "manhole", "rain_inlet")}
    store.close()
    return counts


def make_store(path: Path, pipes: int) -> str:
    try:
        from safe_municipal.layers.demo_writer import write_demo_city
    except ImportError:
        write_demo_city = None
    t0 = time.perf_counter()
    if write_demo_city is not None:
        counts = write_demo_city(str(path), scale="city", seed=1)
        how = "layers.demo_writer (scale=city)"
    else:
        counts = synthetic_city(path, pipes)
        how = "synthetic grid city"
    print(f"wrote {path} with {how} in {time.perf_counter() - t0:.1f} s: {counts}")
    return str(path)


def render(layers, extent, crs, size, repeat: int) -> tuple:
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(*size))
    settings.setOutputDpi(96)
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Flag.Antialiasing, True)
    settings.setFlag(QgsMapSettings.Flag.DrawLabeling, True)
    times, image = [], None
    for _ in range(repeat + 1):
        job = QgsMapRendererSequentialJob(settings)
        t0 = time.perf_counter()
        job.start()
        job.waitForFinished()
        times.append(time.perf_counter() - t0)
        image = job.renderedImage()
    # the first run also opens the data and warms caches: reported apart, the median of the rest counts
    return statistics.median(times[1:]), times[0], image, settings.scale()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", nargs="?", help="a Safe Municipal store (default: benchmarks/out/city.gpkg)")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pipes", type=int, default=100_000, help="pipes of the synthetic city")
    args = ap.parse_args()
    app = qgis_app()
    from qgis.core import QgsProject, QgsSingleSymbolRenderer, QgsSymbol

    from safe_municipal.layers.project import load_store, padded

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = args.store
    if path is None:
        path = str(out / "city.gpkg")
        if not Path(path).exists():
            make_store(Path(path), args.pipes)
    project = QgsProject.instance()
    project.clear()
    t0 = time.perf_counter()
    loaded = load_store(path, project)
    load_s = time.perf_counter() - t0
    layers = [lyr for lyr in project.layerTreeRoot().layerOrder() if lyr.isSpatial()]
    counts = {lyr.customProperty("safe_municipal/table"): lyr.featureCount() for lyr in layers}
    extent = padded(loaded.extent())
    size = (args.width, args.height)
    print(f"store {path}: {counts}; loaded in {load_s:.2f} s")

    styled, styled_first, img_styled, scale = render(layers, extent, loaded.crs, size, args.repeat)
    img_styled.save(str(out / "render_styled.png"))
    for lyr in layers:
        lyr.setRenderer(QgsSingleSymbolRenderer(QgsSymbol.defaultSymbol(lyr.geometryType())))
        lyr.setLabelsEnabled(False)
    single, single_first, img_single, _ = render(layers, extent, loaded.crs, size, args.repeat)
    img_single.save(str(out / "render_single_symbol.png"))
    ratio = styled / single if single else float("nan")
    print(f"{size[0]}x{size[1]} px at 1:{scale:,.0f}, median of {args.repeat}")
    print(f"styled (plugin QML, labels): {styled:.3f} s (first render {styled_first:.3f} s)")
    print(f"single symbol, no labels:    {single:.3f} s (first render {single_first:.3f} s)")
    print(f"ratio styled/single:         {ratio:.2f}")
    print(f"RESULT render_city styled={styled:.3f} single_symbol={single:.3f} ratio={ratio:.2f} "
          f"styled_first={styled_first:.3f} single_first={single_first:.3f} pipes={counts.get('drain_pipe', 0)}")
    project.clear()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
