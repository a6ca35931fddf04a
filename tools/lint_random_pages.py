"""Set pages of random copy and check them with the independent line-breaking checker.

Random paragraphs mix Han, every kind of mark, ——, ……, numbers with units, Latin
words and phrases, ASCII brackets, signed numbers and a URL. Without ``--chars`` each page has 2, 3, 4 or 8 text columns of the
broadsheet grid; ``--chars N`` sets every page in columns of N characters (a grid of as
many N-character columns as the 版心 holds, e.g. 13, 10 or 8). Each page is rendered
and given to ``../shared/tools/cjk_lint.py``. A development aid for the composer and
the benchmark behind the issue-15 figures:

    python tools/lint_random_pages.py --pages 20 [--seed 1] [--chars 8] [--breaker greedy]
                                      [--keep DIR] [--worst 10]

Prints one line a page (a–e violations, then f_max, g tight/touching of pairs, h, i
spread) and a total line; ``--json`` prints the totals as JSON instead. ``--keep DIR``
keeps each page's spec, copy, PDF and checker report in DIR/seed-N/ (to preview and
look at); ``--worst N`` prints the N most spread lines (f) and every a–e example.
``--floor`` adds the least worst spread any breaker could reach on the same copy under
the composer's rules (a minimax over every legal set of breaks, see :func:`floor`): the
f a page cannot go below without changing the rules or the copy.
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
             "～", "1,200", "-12℃", "(注)", "3+N+", "www.qingdaonews.com/a?b=1"])
AREA_CHARS = 111  # the broadsheet 版心: 8 columns of 13 characters and 7 gutters of 1


def paragraph(rng: random.Random) -> str:
    """Random pieces; two Latin pieces never touch (no copy reads ``GDPNew York``):
    a Han character goes between them."""
    out: list[str] = []
    for _ in range(rng.randint(5, 160)):
        piece = rng.choice(PIECES)
        if out and out[-1][-1].isascii() and out[-1][-1].isalnum() and piece[0].isascii():
            out.append(rng.choice("一二三四五六七八九十"))
        out.append(piece)
    return "".join(out) + rng.choice("。！？”")


def floor(text: str, chars: int, strict: bool = True) -> float:
    """The least, over every legal way to break ``text`` into lines of ``chars`` 小五
    characters (first line indented 2 em), of the widest per-gap spread (em) of its
    non-last lines: a minimax by dynamic programming over the composer's own atoms and
    line model. Lines that only letter-space a split URL do not count."""
    from typeset.fonts import FontSet
    from typeset.text import ParaConfig, RunStyle, Span
    from typeset.text.atoms import collect
    from typeset.text.line import EPS, Widths, adjust

    em = 9.0
    config = ParaConfig(measure=chars * em, strict=strict)
    _, atoms = collect([Span(text)], [RunStyle("song", em)], _fonts(FontSet), config.punct, strict,
                       config.measure - 2 * em)
    widths, n = Widths(atoms, config.punct), len(atoms)
    best = {0: 0.0}
    active = [0]
    for j in (k + 1 for k, a in enumerate(atoms) if a.penalty is not None):
        value = None
        for i in active:
            measure = config.measure - (2 * em if i == 0 else 0.0)
            fit = widths.fit(i, j)
            if fit.natural - fit.shrink - fit.shrink2 > measure + EPS:
                continue
            spread = 0.0
            if j < n and fit.natural < measure - EPS:
                if fit.gaps or fit.loose:
                    spread = adjust(fit, measure, em).spread / em
                elif not fit.letters:
                    spread = float("inf")  # a line left short
            worst = max(best[i], spread)
            if value is None or worst < value:
                value = worst
        if value is not None:
            best[j] = value
            active.append(j)
        active = [i for i in active if widths.width[j] - widths.width[i] <= 2 * config.measure]
    return best.get(n, float("inf"))


def _fonts(cls, cache={}):
    if "fonts" not in cache:
        cache["fonts"] = cls.bundled()
    return cache["fonts"]


def page(folder: Path, rng: random.Random, chars: int | None, breaker: str) -> Path:
    paras = [paragraph(rng) for _ in range(45)]
    (folder / "a.md").write_text("\n\n".join(paras), encoding="utf-8")
    spec = folder / "page.yaml"
    styles = f"styles:\n  正文: {{breaker: {breaker}}}\n"
    if chars:
        cols = (AREA_CHARS + 1) // (chars + 1)
        grid = f"grid: {{columns: {cols}, column_chars: {chars}}}\n"
        area, columns = f"{{col: 1, cols: {cols}, row: 1, rows: 102}}", cols
    else:
        grid, area, columns = "", "{col: 1, cols: 8, row: 1, rows: 102}", rng.choice([2, 3, 4, 8])
    spec.write_text(f"extends: broadsheet\n{grid}{styles}blocks:\n  - id: a\n    kind: article\n"
                    f"    area: {area}\n    columns: {columns}\n    body: a.md\n", encoding="utf-8")
    return spec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chars", type=int, help="characters per column (default: mixed column counts)")
    ap.add_argument("--breaker", choices=("optimal", "greedy"), default="optimal")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    ap.add_argument("--keep", type=Path, help="keep each page's files in this folder")
    ap.add_argument("--worst", type=int, default=0, help="print the N most spread lines and the a-e examples")
    ap.add_argument("--floor", action="store_true", help="also the least worst spread any breaker could reach")
    args = ap.parse_args()
    if not LINT.is_file():
        sys.exit(f"{LINT} not found")
    bad = 0
    total = {"lines": 0, "f_max_em": 0.0, "f_lines_over_0_25": 0, "g_pairs": 0, "g_tight": 0,
             "g_touching": 0, "h_squeezed": 0, "i_spread_em": 0.0, "abce": 0}
    worst: list[tuple[float, int, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.pages):
            seed = args.seed + k
            folder = Path(tmp) if args.keep is None else args.keep / f"seed-{seed}"
            folder.mkdir(parents=True, exist_ok=True)
            spec = page(folder, random.Random(seed), args.chars, args.breaker)
            pdf = folder / "page.pdf"
            subprocess.run([sys.executable, "-m", "typeset", "render", str(spec), "-o", str(pdf), "-q"],
                           check=False)
            out = subprocess.run([sys.executable, str(LINT), str(pdf), "--fail-on", "a,b,c,e",
                                  "--examples", str(max(8, args.worst))],
                                 capture_output=True, text=True)
            if args.keep is not None:
                (folder / "lint.json").write_text(out.stdout, encoding="utf-8")
            report = json.loads(out.stdout)
            if args.floor and args.chars:
                rng = random.Random(seed)  # the same copy as page() drew
                floors = [floor(paragraph(rng), args.chars) for _ in range(45)]
                total["floor_max_em"] = round(max([total.get("floor_max_em", 0.0)] + floors), 3)
                for level in (0.25, 0.5):
                    key = f"floor_paragraphs_over_{level}".replace(".", "_")
                    total[key] = total.get(key, 0) + sum(1 for f in floors if f > level)
            for ex in report.get("examples", {}).get("f", []):
                worst.append((ex.get("expansion_em", 0.0), seed, f"{ex['text']}  (page {ex['page']}, x0 {ex['x0']}, baseline {ex['baseline']})"))
            s = report["summary"]
            hits = (s["a_forbidden_line_start"] + s["b_opening_mark_at_line_end"] + s["c_not_flush"]
                    + s["e_split_alnum_runs"] + s["e_split_dash_or_ellipsis"])
            total["lines"] += s["h_lines"]
            total["h_squeezed"] += s["h_lines_with_squeeze"]
            total["abce"] += hits
            for key in ("f_lines_over_0_25", "g_pairs", "g_tight", "g_touching"):
                total[key] += s[key] or 0
            for key in ("f_max_em", "i_spread_em"):
                total[key] = max(total[key], s[key] or 0.0)
            if not args.json:
                print(f"seed {seed}: a-e {hits}  f_max {s['f_max_em']}  g {s['g_tight']}/{s['g_touching']} of "
                      f"{s['g_pairs']}  h {s['h_share']}  i {s['i_spread_em']}")
            if out.returncode:
                bad += 1
                for check in "abce":
                    for ex in report.get("examples", {}).get(check, [])[:max(3, args.worst)]:
                        print(f"  {check}: {ex['text']}  {ex.get('next', '')}", file=sys.stderr)
    if args.worst:
        for f, seed, text in sorted(worst, reverse=True)[:args.worst]:
            print(f"  f {f}  seed {seed}: {text}", file=sys.stderr)
    total["h_share"] = round(total["h_squeezed"] / max(total["lines"], 1), 3)
    if args.json:
        print(json.dumps(total))
    else:
        print(f"{args.pages - bad} of {args.pages} pages clean; totals {total}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
