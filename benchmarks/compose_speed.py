"""Characters composed per second on the seed copy (issue target: >= 200,000/s on one core),
by the CPU time of this process (so that other work on the machine does not count).

    python benchmarks/compose_speed.py [optimal|greedy] [runs]

Prints the median of ``runs`` passes (default 15) over every paragraph of the examples'
copy at a 13-character (117 pt) measure. CPU time still varies with what else shares
the cores (caches, frequency): compare two versions by alternating them, several times.
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
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
    t0 = time.process_time()  # CPU time of this process: fair on a shared machine
    for p in paras:
        compose([Span(p)], styles, config, fonts)
    runs.append(time.process_time() - t0)
med = statistics.median(runs)
print(f"{config.breaker}: {chars} characters in {med * 1000:.1f} ms CPU (median of {len(runs)}): "
      f"{chars / med:,.0f} characters/s")
