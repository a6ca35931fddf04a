"""Set pages of random copy and check them with the independent line-breaking checker.

Random paragraphs mix Han, every kind of mark, ——, ……, numbers with units, Latin
words and phrases, in 2, 3, 4 or 8 columns; each page is rendered and given to
``../shared/tools/cjk_lint.py``. A development aid for the composer (it found the
strict-start, interpunct and Latin-phrase cases): run it after changing line breaking.

    python tools/lint_random_pages.py --pages 20 [--seed 1]

Prints one line a page and the lint's examples of any violation of a, b, c or e.
Known rare case: a Latin phrase is split at its space when the only other break would
leave a line less than half full (the lint counts that as a split run, check e).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT.parent / "shared" / "tools" / "cjk_lint.py"
PIECES = (list("一二三四五六七八九十春夏秋冬东南西北工会职青岛市日报") * 6 + list("，。、；：？！“”‘’（）《》")
          + ["——", "……", "·", "2023", "11.6%", "GDP", "“工会”", "《青岛日报》", "New York", "￥100", "37℃", "—",
             "～", "1,200"])


def page(folder: Path, rng: random.Random) -> Path:
    paras = ["".join(rng.choice(PIECES) for _ in range(rng.randint(5, 160))) + rng.choice("。！？”")
             for _ in range(45)]
    (folder / "a.md").write_text("\n\n".join(paras), encoding="utf-8")
    spec = folder / "page.yaml"
    spec.write_text("extends: broadsheet\nblocks:\n  - id: a\n    kind: article\n"
                    "    area: {col: 1, cols: 8, row: 1, rows: 102}\n"
                    f"    columns: {rng.choice([2, 3, 4, 8])}\n    body: a.md\n", encoding="utf-8")
    return spec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not LINT.is_file():
        sys.exit(f"{LINT} not found")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.pages):
            seed = args.seed + k
            spec = page(Path(tmp), random.Random(seed))
            pdf = Path(tmp) / "page.pdf"
            subprocess.run([sys.executable, "-m", "typeset", "render", str(spec), "-o", str(pdf), "-q"], check=False)
            out = subprocess.run([sys.executable, str(LINT), str(pdf), "--fail-on", "a,b,c,e"],
                                 capture_output=True, text=True)
            report = json.loads(out.stdout)
            print(f"seed {seed}: {'clean' if out.returncode == 0 else 'VIOLATIONS'}")
            if out.returncode:
                bad += 1
                for check in "abce":
                    for ex in report.get("examples", {}).get(check, [])[:3]:
                        print(f"  {check}: {ex['text']}  {ex.get('next', '')}")
    print(f"{args.pages - bad} of {args.pages} pages clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
