"""Time the page geometry check (``layout.geometry_check.check_geometry``) alone, on laid-out
pages: both examples and two stress pages (a full page of random copy made by
``tools/lint_random_pages.py``, and a crowded page of 34 blocks with rules between them,
some drawing over others on purpose, so that the collision search has work).

    python benchmarks/geometry_speed.py [runs] [--digest]

Each page is laid out once (its ``check_geometry`` call captured), then the check is run
``runs`` times (default 200) on the same items into a fresh sink; prints the median CPU
time per page and the number of diagnostics. ``--digest`` also prints a digest of every
diagnostic (code, block, message, where, numbers), to compare two versions' findings.
"""

from __future__ import annotations

import hashlib
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from typeset.errors import Sink
from typeset.layout import page as page_module
from typeset.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def _lint_tool():
    spec = importlib.util.spec_from_file_location("lint_random_pages", ROOT / "tools" / "lint_random_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def crowded(folder: Path, rng: random.Random) -> Path:
    """15 articles of 2 columns × 25 rows on the broadsheet grid and a picture, rules in
    the gutters between them and under each tier, a rule drawn across the picture and a
    masthead too tall for its 2 lines at the foot, over the articles above it (overflow,
    collisions)."""
    lint = _lint_tool()
    blocks = []
    for k in range(16):
        col, row = 1 + 2 * (k % 4), 1 + 25 * (k // 4)
        (folder / f"a{k}.md").write_text("\n\n".join(lint.paragraph(rng) for _ in range(3)), encoding="utf-8")
        if k == 15:
            blocks.append(f"  - id: a{k}\n    kind: image\n    area: {{col: {col}, cols: 2, row: {row}, rows: 25}}\n"
                          f"  - id: x{k}\n    kind: rule\n    area: {{col: {col}, cols: 2, row: {row}, rows: 12}}\n"
                          f"    edge: bottom\n")
        else:
            blocks.append(f"  - id: a{k}\n    kind: article\n    area: {{col: {col}, cols: 2, row: {row}, rows: 25}}\n"
                          f"    columns: 2\n    headline: {{title: 标题{k}}}\n    body: a{k}.md\n")
        if k % 4:
            blocks.append(f"  - id: r{k}\n    kind: rule\n    area: {{col: {col}, cols: 1, row: {row}, rows: 25}}\n"
                          f"    edge: left\n")
    for k in range(4):
        blocks.append(f"  - id: h{k}\n    kind: rule\n    area: {{col: 1, cols: 8, row: {1 + 25 * k}, rows: 25}}\n"
                      f"    edge: bottom\n")
    blocks.append("  - id: flag\n    kind: masthead\n    area: {col: 1, cols: 6, row: 101, rows: 2}\n"
                  "    title: 劳动者之窗\n    sponsor: 青岛市总工会　青岛日报　主办\n")
    spec = folder / "page.yaml"
    spec.write_text("extends: broadsheet\nblocks:\n" + "".join(blocks), encoding="utf-8")
    return spec


def captured(spec: Path):
    """The arguments layout gave ``check_geometry`` for this page."""
    calls = []
    real = page_module.check_geometry
    page_module.check_geometry = lambda *args: (calls.append(args), real(*args))
    try:
        build(spec)
    finally:
        page_module.check_geometry = real
    return calls[-1]


def main() -> int:
    runs = int(next((a for a in sys.argv[1:] if a.isdigit()), 200))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "lint").mkdir()
        (tmp / "crowded").mkdir()
        pages = {"laodongzhe": ROOT / "examples/laodongzhe/page.yaml",
                 "guanxin": ROOT / "examples/guanxin/page.yaml",
                 "lint-random": _lint_tool().page(tmp / "lint", random.Random(1), None, "optimal"),
                 "crowded": crowded(tmp / "crowded", random.Random(2))}
        for name, spec in pages.items():
            page, items, reports, setter, _ = captured(spec)
            times = []
            for _ in range(runs):
                sink = Sink()
                t0 = time.process_time()
                page_module.check_geometry(page, items, reports, setter, sink)
                times.append(time.process_time() - t0)
            line = (f"{name:12} {len(items):5} items {len(reports):3} blocks: {statistics.median(times) * 1000:7.3f} ms "
                    f"CPU (median of {runs}), {len(sink.diagnostics)} diagnostics")
            if "--digest" in sys.argv:
                text = repr([(d.severity, d.code, d.block, d.message, d.hint, d.where, d.numbers)
                             for d in sink.diagnostics])
                line += f" digest {hashlib.sha256(text.encode()).hexdigest()[:16]}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
