"""Characters composed per second on the seed copy (issue target: >= 200,000/s on one core).

    python benchmarks/compose_speed.py [optimal|greedy]
"""

import statistics
import sys
import time
from pathlib import Path

from typeset.fonts import FontSet
from typeset.spec.copy import parse_copy
from typeset.text import ParaConfig, RunStyle, Span, compose

ROOT = Path(__file__).resolve().parent.parent
paras = [p.text for f in sorted((ROOT / "examples").rglob("*.md")) for p in parse_copy(f.read_text(encoding="utf-8"))]
chars = sum(len(p) for p in paras)
fonts = FontSet.bundled()
config = ParaConfig(measure=117.0, breaker=sys.argv[1] if len(sys.argv) > 1 else "optimal")
styles = [RunStyle("song", 9.0)]
for p in paras:  # warm the metrics cache
    compose([Span(p)], styles, config, fonts)
runs = []
for _ in range(7):
    t0 = time.perf_counter()
    for p in paras:
        compose([Span(p)], styles, config, fonts)
    runs.append(time.perf_counter() - t0)
med = statistics.median(runs)
print(f"{config.breaker}: {chars} characters in {med * 1000:.1f} ms (median of 7): {chars / med:,.0f} characters/s")
