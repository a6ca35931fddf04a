"""Distinct variants of the example pages, for benchmarks that must not repeat a page.

Variant k of a page is a copy of its example folder in which every paragraph of the copy
(the article files, and the 编者按 text written in page.yaml) is rotated: it starts at a
k-dependent cut and wraps round, ``t[i:] + t[:i]``. Each paragraph keeps its characters
(the same amount of text, so the page fits about as well) but its punctuation falls at
other places in its lines, so it composes differently. A cut is only made before a Han
character, after anything but an opening bracket, and outside any bracket or quote
(“…”, 《…》, （…）, **…**), so no line-start or line-end prohibition is made and no pair is
split. The markup of a paragraph (``## ``, ``>> ``, ``| ``, a ``**…**`` run-in head) stays
at its start. Variant 0 is the example itself; variants are deterministic (no randomness).

    python benchmarks/variants.py 8 /tmp/variants     # writes /tmp/variants/NAME-K/, checks them

A variant that `paiban check` does not pass clean is remade with its cuts moved on (see
``write_variants``), so every variant normally checks clean; any that does not is reported.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["laodongzhe", "guanxin"]
OPEN, CLOSE = "“‘《（〈「『【〔([", "”’》）〉」』】〕)]"
PREFIXES = ("## ", ">> ", "| ")
PHASES = 6  # tries at a clean fit per variant (write_variants)


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def cuts(text: str) -> list[int]:
    """The places a paragraph may be cut for rotation (0 included: the paragraph as it is)."""
    allowed, depth, bold = [0], 0, False
    i = 0
    while i < len(text):
        if text.startswith("**", i):
            bold = not bold
            i += 2
            continue
        ch = text[i]
        if i and depth == 0 and not bold and is_han(ch) and text[i - 1] not in OPEN:
            allowed.append(i)
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(depth - 1, 0)
        i += 1
    return allowed


def rotate(paragraph: str, k: int, n: int, phase: int = 0) -> str:
    """Variant k of n of one paragraph: its markup kept, its text rotated to the
    (k/n)-th of its allowed cuts (moved on by ``phase`` cuts), so n variants of a
    paragraph with at least n cuts all differ."""
    head = next((p for p in PREFIXES if paragraph.startswith(p)), "")
    body = paragraph[len(head):]
    run_in = re.match(r"\*\*[^*]+\*\*", body)
    if run_in:
        head, body = head + run_in.group(0), body[run_in.end():]
    if "\n" in body:  # a paragraph of several source lines: joined as the reader joins them
        body = "".join(line.strip() for line in body.splitlines())
    allowed = cuts(body)
    i = allowed[(k * len(allowed) // n + phase) % len(allowed)]
    return head + body[i:] + body[:i]


def variant_copy(text: str, k: int, n: int, phase: int = 0) -> str:
    """Variant k of n of one article file (paragraphs separated by blank lines)."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip("\n"))
    return "\n\n".join(rotate(p, k, n, phase) for p in paragraphs) + "\n"


def note_texts(spec: str) -> list[str]:
    """The 编者按 texts written inline in a page.yaml (``text: …`` under ``note:``)."""
    return re.findall(r"^\s+note:\s*\n(?:\s+\w+:.*\n)*?\s+text:\s*(\S[^\n]*)$", spec, re.M)


def write_variant(page: str, k: int, n: int, dest: Path, phase: int = 0) -> Path:
    """Write variant k of n of examples/PAGE into DEST (made afresh); the page.yaml path."""
    src = ROOT / "examples" / page
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    for md in sorted(dest.glob("*.md")):
        md.write_text(variant_copy(md.read_text(encoding="utf-8"), k, n, phase), encoding="utf-8")
    spec_path = dest / "page.yaml"
    spec = spec_path.read_text(encoding="utf-8")
    for note in note_texts(spec):
        spec = spec.replace(note, rotate(note, k, n, phase), 1)
    spec_path.write_text(spec, encoding="utf-8")
    return spec_path


def findings(specs: list[Path]) -> dict[Path, list[dict]]:
    """`paiban check --json` of SPECS (one process): each page's diagnostics."""
    proc = subprocess.run([sys.executable, "-m", "typeset", "check", "--json", *map(str, specs)],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"paiban check failed ({proc.returncode}):\n{proc.stderr}")
    return {Path(p["spec"]): p["diagnostics"] for p in json.loads(proc.stdout)["pages"]}


def write_variants(n: int, folder: Path, pages: list[str] = PAGES,
                   phases: int = PHASES) -> tuple[list[Path], dict[Path, list[dict]]]:
    """n variants of each page under FOLDER/NAME-K/, in issue order (page by page within
    each k: laodongzhe-0, guanxin-0, laodongzhe-1, …), and the findings of each.

    A variant that `paiban check` does not pass clean (an overset line, a widow) is made
    again with its cuts moved on by one (phase 1, 2, …, up to ``phases``); it keeps the
    first clean phase, or else the one with the fewest errors, then findings."""
    specs = {(page, k): folder / f"{page}-{k}" / "page.yaml" for k in range(n) for page in pages}
    best: dict[Path, tuple[tuple[int, int], int, list[dict]]] = {}
    todo = list(specs)
    for phase in range(phases):
        if not todo:
            break
        for page, k in todo:
            write_variant(page, k, n, specs[page, k].parent, phase)
        found = findings([specs[key] for key in todo])
        for key in todo:
            diags = found[specs[key]]
            score = (sum(d["severity"] == "error" for d in diags), len(diags))
            if specs[key] not in best or score < best[specs[key]][0]:
                best[specs[key]] = (score, phase, diags)
        todo = [key for key in todo if best[specs[key]][0] != (0, 0)]
    for page, k in todo:  # none clean: write back the best phase
        write_variant(page, k, n, specs[page, k].parent, best[specs[page, k]][1])
    return list(specs.values()), {spec: best[spec][2] for spec in specs.values()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/variants")
    specs, found = write_variants(n, folder)
    texts = {tuple(p.read_text(encoding="utf-8") for p in sorted(s.parent.glob("*.md"))) for s in specs}
    print(f"wrote {len(specs)} pages under {folder}, {len(texts)} with distinct copy")
    for spec in specs:
        diags = found[spec]
        print(f"  {spec.parent.name:<14} " + ("clean" if not diags else
              "; ".join(f"{d['severity']}[{d['code']}]" for d in diags)))


if __name__ == "__main__":
    main()
