"""The bad-input corpus (tests/corpus/*/): one clear message with file:line:column for
each mistake, exit status 2, no traceback, the previous output file untouched. And
fuzzing: arbitrary YAML and arbitrary copy never raise anything but typeset's own error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SquareMetrics
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.cli import main
from typeset.errors import SpecError
from typeset.spec import load_spec
from typeset.text import ParaConfig, RunStyle, Span, compose

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _font(folder: Path, change=None, name: str = "f.ttf", flavor: str | None = None) -> None:
    """The test font (tests/testfont.py) with one thing damaged by ``change``."""
    from fontTools.ttLib import TTFont
    from testfont import build_test_font

    path = build_test_font(folder / name)
    if change is not None or flavor is not None:
        font = TTFont(path)
        if change is not None:
            change(font)
        font.flavor = flavor
        font.save(path)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:600])


def _rename_table(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    at = data.index(old, 12)  # the table directory, after the 12-byte header
    path.write_bytes(data[:at] + new + data[at + 4:])


def _ps_name(font) -> None:
    font["name"].setName("Bad/Name", 6, 3, 1, 0x409)
    font["name"].setName("Bad/Name", 6, 1, 0, 0)


def _upem_zero(font) -> None:
    font["head"].unitsPerEm = 0


def _deep_yaml(folder: Path) -> None:
    (folder / "page.yaml").write_text("extends: broadsheet\nmeta: {title: " + "[" * 990 + "]" * 990 + "}\n",
                                      encoding="utf-8")


def _style_chain(folder: Path) -> None:
    chain = "".join(f"  s{i}: {{parent: s{i - 1}}}\n" for i in range(1, 41))
    (folder / "page.yaml").write_text("extends: broadsheet\nstyles:\n  s0: {size: 9pt}\n" + chain,
                                      encoding="utf-8")


GENERATED = {
    "article-too-big": lambda d: (d / "a.md").write_text("字" * 400_000, encoding="utf-8"),
    "spec-too-big": lambda d: (d / "page.yaml").write_text(
        "extends: broadsheet\nblocks: []\n" + "# padding\n" * 110_000, encoding="utf-8"),
    "font-truncated": lambda d: (_font(d), _truncate(d / "f.ttf")),
    "font-no-cmap": lambda d: (_font(d), _rename_table(d / "f.ttf", b"cmap", b"cmaq")),
    "font-no-hhea": lambda d: (_font(d), _rename_table(d / "f.ttf", b"hhea", b"hheb")),
    "font-units-per-em-zero": lambda d: _font(d, _upem_zero),
    "font-woff": lambda d: _font(d, name="f.woff", flavor="woff"),
    "font-woff2": lambda d: (d / "f.woff2").write_bytes(b"wOF2" + bytes(60)),
    "font-slash-in-postscript-name": lambda d: _font(d, _ps_name),
    "font-outside-project": lambda d: _font(d.parent, name="outside.ttf"),
    "font-symlink-out": lambda d: (_font(d.parent, name="outside.ttf"), (d / "link.ttf").symlink_to(d.parent / "outside.ttf")),
    "font-fifo": lambda d: os.mkfifo(d / "f.ttf"),
    "layout-outside-project": lambda d: (d.parent / "outside.yaml").write_text("extends: broadsheet\n", encoding="utf-8"),
    "layout-absolute-path": lambda d: (
        (d.parent / "abs.yaml").write_text("extends: broadsheet\n", encoding="utf-8"),
        (d / "page.yaml").write_text((d / "page.yaml").read_text(encoding="utf-8").replace(
            "ABSOLUTE", str(d.parent / "abs.yaml")), encoding="utf-8")),
    "layout-name-escapes": lambda d: ((d / "layouts").mkdir(), (d.parent.parent / "outside").mkdir(exist_ok=True),
                                      (d.parent.parent / "outside" / "tab.yaml").write_text("extends: broadsheet\n")),
    "article-fifo": lambda d: os.mkfifo(d / "a.md"),
    "article-is-a-folder": lambda d: (d / "a.md").mkdir(),
    "yaml-too-deep": _deep_yaml,
    "style-chain-too-deep": _style_chain,
}


def test_corpus_is_complete():
    assert len(CASES) >= 35


def reported(page: Path) -> str:
    """Everything typeset reports about ``page`` as records, not as printed: each
    diagnostic's first line (``FILE:LINE:COL: error: message``) and its hint lines
    (:meth:`Diagnostic.format`), in order, one after the other. Independent of how the
    CLI prints them (source lines, carets, colour), so the corpus compares the whole
    message and that no other diagnostic appears."""
    from typeset.pipeline import build

    try:
        build(page)
    except SpecError as exc:
        return "\n".join(d.format() for d in exc.diagnostics)
    return ""


def expected_of(work: Path) -> str:
    """expected.txt, ``{outside}`` standing for the folder the case's folder is in."""
    return (work / "expected.txt").read_text(encoding="utf-8").strip().replace("{outside}", str(work.parent))


@pytest.mark.parametrize("case", [c for c in CASES if (CORPUS / c / "expected.txt").is_file()])
def test_bad_input(case, tmp_path, monkeypatch, capsys):
    """The whole report (every diagnostic, with hints) is expected.txt; the CLI exits 2,
    prints each of those first lines, no traceback, and leaves the previous output."""
    work = tmp_path / "project" / case
    shutil.copytree(CORPUS / case, work, symlinks=True)
    if case in GENERATED:
        GENERATED[case](work)
    monkeypatch.chdir(work)
    expected = expected_of(work)
    assert reported(Path("page.yaml")) == expected
    Path("out.pdf").write_bytes(b"the previous proof")
    code = main(["render", "page.yaml", "-o", "out.pdf"])
    err = capsys.readouterr().err
    assert code == 2, err
    firsts = [line for line in expected.splitlines() if not line.startswith("  hint: ")]
    assert [line for line in err.splitlines() if line in firsts] == firsts, err
    assert "Traceback" not in err
    assert Path("out.pdf").read_bytes() == b"the previous proof"
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


LAYOUT_CASES = [c for c in CASES if (CORPUS / c / "expected.yaml").is_file()]


def test_every_layout_failure_has_a_case():
    codes = {yaml.safe_load((CORPUS / c / "expected.yaml").read_text(encoding="utf-8"))["code"]
             for c in LAYOUT_CASES}
    assert codes >= {"overset", "overflow", "collision", "overfull", "lost-text", "keep-with-next",
                     "missing-glyph"}


@pytest.mark.parametrize("case", LAYOUT_CASES)
def test_layout_finding(case, tmp_path, monkeypatch, capsys):
    """A page that reads fine but cannot be printed as it is: ``check`` exits as
    expected.yaml says (1 for an error, 0 for a warning) and reports the finding with its
    code, the block id, and the page or copy line it comes from."""
    import json

    work = tmp_path / case
    shutil.copytree(CORPUS / case, work)
    monkeypatch.chdir(work)
    expected = yaml.safe_load((work / "expected.yaml").read_text(encoding="utf-8"))
    code = main(["check", "page.yaml", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == expected["exit"], report
    page = report["pages"][0]
    found = [d for d in page["diagnostics"] if d["code"] == expected["code"] and d["block"] == expected["block"]]
    assert found, page["diagnostics"]
    assert found[0]["severity"] == ("error" if expected["exit"] else "warning")
    assert found[0]["file"] == "page.yaml" and found[0]["line"] > 0 and found[0]["message"]
    assert page["ok"] is (expected["exit"] == 0)
    block = next(b for b in page["blocks"] if b["id"] == expected["block"])
    assert found[0] in block["diagnostics"]


# -- fuzzing ---------------------------------------------------------------------------

GOOD = (CORPUS / "key-typo" / "page.yaml").read_text(encoding="utf-8").replace("colums", "columns")

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_as_a_page_file_gives_only_spec_errors(tmp_path, text):
    page = tmp_path / "page.yaml"
    page.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: not UTF-8 at all
    _load(page)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["extends", "meta", "blocks", "grid", "page", "styles", "fonts"]),
                       yaml_values, max_size=5))
def test_any_yaml_structure_gives_only_spec_errors(tmp_path, data):
    page = tmp_path / "page.yaml"
    page.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _load(page)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["col", "cols", "row", "rows"]), st.integers(-5, 500)), max_size=4),
       st.sampled_from(["article", "text", "image", "rule", "masthead"]))
def test_mutated_blocks_give_only_spec_errors(tmp_path, changes, kind):
    text = GOOD.replace("kind: article", f"kind: {kind}")
    for key, value in changes:
        text = text.replace(f"{key}: ", f"{key}: {value} #", 1)
    page = tmp_path / "page.yaml"
    page.write_text(text, encoding="utf-8")
    _load(page)


def _load(page: Path) -> None:
    try:
        load_spec(page)
    except SpecError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.floats(9, 400))
def test_composer_takes_any_text(text, measure):
    para = compose([Span(text)], [RunStyle("song", 9.0)], ParaConfig(measure=measure), SquareMetrics())
    assert "".join(para.text[line.start:line.end] for line in para.lines) == text
