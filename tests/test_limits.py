"""Hangs, resources, paths and the cache (issue 14): each fault a test of its own.

Input mistakes with a message are in tests/corpus/; here are the ones that need a FIFO,
a sparse file, a subprocess, several pages or a damaged cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, SMALL_PAGE
from test_fonts import _cff_font
from testfont import build_test_font
from unprivileged import paiban_bound_by_permissions

from typeset.cli import main
from typeset.errors import SpecError
from typeset.spec import load_spec

PAGE = SMALL_PAGE


def _paiban(*argv: str, cwd: Path, timeout: float = 60, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from typeset.cli import run; run()", *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **env})


# -- inputs that are not regular files, or too big to read ------------------------------

@pytest.mark.parametrize("command", [("check",), ("batch", "-o", "issue.pdf")])
def test_a_fifo_as_page_file_is_refused_without_blocking(tmp_path, command):
    os.mkfifo(tmp_path / "page.yaml")
    done = _paiban(command[0], "page.yaml", *command[1:], cwd=tmp_path, timeout=30)
    assert done.returncode == 2
    assert "YAML file page.yaml is not a regular file (a FIFO, socket or device)" in done.stderr


def test_an_issue_page_that_is_a_fifo_is_reported_and_the_others_go_on(tmp_path):
    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "guanxin")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "issue.yaml").write_text("pages: [guanxin/page.yaml, fifo.yaml]\n", encoding="utf-8")
    done = _paiban("batch", "issue.yaml", "-o", "issue.pdf", "--keep-going", "--jobs", "1", cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "fifo.yaml is not a regular file" in done.stderr
    assert (tmp_path / "issue.partial.pdf").is_file() and not (tmp_path / "issue.pdf").exists()


def test_a_page_linked_to_dev_zero_is_refused_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.symlink("/dev/zero", "page.yaml")
    assert main(["check", "page.yaml"]) == 2
    assert "page.yaml is not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "key", "message"), [
    ("page.yaml", None, "YAML file page.yaml is 2,147,483,648 bytes (the limit is 1,048,576)"),
    ("a.md", "body: a.md", "article file a.md is 2,147,483,648 bytes (the limit is 524,288)"),
    ("big.ttf", "FONT", "font file big.ttf is 2,147,483,648 bytes (the limit is 268,435,456)"),
])
def test_a_huge_sparse_file_is_refused_from_its_size_without_reading_it(tmp_path, monkeypatch, capsys,
                                                                       name, key, message):
    monkeypatch.chdir(tmp_path)
    if name != "page.yaml":
        text = PAGE.replace("    text: 一二三四五六七八九十。\n", "    body: a.md\n" if key != "FONT" else
                            "    text: 一二三。\n") + ("fonts:\n  song: {file: big.ttf}\n" if key == "FONT" else "")
        Path("page.yaml").write_text(text, encoding="utf-8")
    with open(name, "wb") as fh:
        fh.truncate(2 << 30)  # 2 GiB of nothing: no disk used, but reading it would take 2 GiB
    assert main(["check", "page.yaml"]) == 2
    assert message in capsys.readouterr().err


# -- styles, pages and messages ----------------------------------------------------------

def test_thousands_of_chained_styles_resolve_once_each_with_one_depth_error(tmp_path):
    chain = "".join(f"  s{i}: {{parent: s{i - 1}}}\n" for i in range(1, 4000))
    page = tmp_path / "page.yaml"
    page.write_text(PAGE + "styles:\n  s0: {size: 9pt}\n" + chain, encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_spec(page)
    (d,) = exc.value.diagnostics
    assert d.message == "style 's31' inherits through more than 32 parent styles"  # 正文 is the first


def test_check_json_is_valid_for_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"bad\xffpage.yaml")
    (tmp_path / name).write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from typeset.cli import run; run()", "check", name, "--json"],
                          cwd=tmp_path, capture_output=True, timeout=60)
    report = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: the report is valid JSON text
    assert done.returncode == 2 and report["ok"] is False and report["pages"][0]["spec"] == name


def test_an_encoding_that_is_not_a_text_encoding_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("abc\\ud800def", encoding="ascii")  # unicode_escape would make a lone surrogate
    Path("page.yaml").write_text(PAGE.replace("    text: 一二三四五六七八九十。\n",
                                              "    body: a.md\n    encoding: unicode_escape\n"), encoding="utf-8")
    assert main(["check", "page.yaml", "--json"]) == 2
    (d,) = json.loads(capsys.readouterr().out)["pages"][0]["diagnostics"]
    assert (d["line"], d["column"], d["message"]) == (9, 5, "unknown encoding 'unicode_escape'")


def test_a_damaged_font_on_one_page_lets_the_other_pages_go_on(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES / "guanxin", "good")
    Path("bad").mkdir()
    Path("bad/f.ttf").write_bytes(b"\0\1\0\0" + bytes(100))
    Path("bad/page.yaml").write_text(PAGE + "fonts:\n  song: {file: f.ttf}\n", encoding="utf-8")
    assert main(["render", "bad/page.yaml", "good/page.yaml", "-o", "out/"]) == 2
    err = capsys.readouterr().err
    assert "bad/page.yaml:10:10: error: bad/f.ttf is not a usable font file" in err
    assert Path("out/good.pdf").is_file() and not Path("out/bad.pdf").exists()
    assert main(["check", "bad/page.yaml", "good/page.yaml", "--json"]) == 2
    pages = json.loads(capsys.readouterr().out)["pages"]
    assert [p["ok"] for p in pages] == [True, False]
    assert "not a usable font file" in pages[1]["diagnostics"][0]["message"]


def test_font_dir_allows_fonts_outside_the_project(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("fonts").mkdir()
    build_test_font(Path("fonts/test.ttf"))
    Path("page").mkdir()
    Path("page/page.yaml").write_text(PAGE + "fonts:\n  song: {file: ../fonts/test.ttf}\n", encoding="utf-8")
    assert main(["check", "page/page.yaml"]) == 2
    assert "error: fonts/test.ttf is outside the page's project folder" in capsys.readouterr().err
    assert main(["check", "page/page.yaml", "--font-dir", "fonts"]) == 0


@pytest.mark.parametrize(("dpi", "message"), [
    ("2000", "--dpi 2000 makes a 31,181 × 43,780 pixel image (the limit is 60,000,000 pixels)"),
    ("0", "argument --dpi: 0 is out of range (1–2400)"),
])
def test_preview_dpi_is_bounded(tmp_path, capsys, dpi, message):
    with pytest.raises(SystemExit) if dpi == "0" else _nothing():
        code = main(["preview", str(EXAMPLES / "laodongzhe" / "page.yaml"), "-o", str(tmp_path / "p.png"),
                     "--dpi", dpi])
        assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "p.png").exists()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_an_unreadable_layout_is_named_at_the_extends_key(tmp_path):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/mine.yaml").write_text("extends: broadsheet\n", encoding="utf-8")
    os.chmod(tmp_path / "layouts/mine.yaml", 0)
    (tmp_path / "page.yaml").write_text(PAGE.replace("extends: broadsheet", "extends: mine"), encoding="utf-8")
    done = paiban_bound_by_permissions("check", "page.yaml", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    err = done.stderr
    assert "page.yaml:1:1: error: cannot read YAML file layouts/mine.yaml (permission denied)" in err
    assert "Errno" not in err


# -- the cache is optional and checked -------------------------------------------------------

def _render(out: Path) -> bytes:
    assert main(["render", str(EXAMPLES / "laodongzhe" / "page.yaml"), "-o", str(out), "-q", "--debug"]) == 0
    return out.read_bytes()


def test_a_truncated_cached_picture_is_made_again_not_embedded(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    first = _render(tmp_path / "a.pdf")
    (entry,) = (tmp_path / "cache" / "print-images").iterdir()
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size * 2 // 3])
    assert _render(tmp_path / "b.pdf") == first


@pytest.mark.parametrize("damage", ["protocol 9", "flipped byte", "old format", "empty"])
def test_damaged_cache_entries_are_recomputed(tmp_path, monkeypatch, damage):
    import pickle

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    first = _render(tmp_path / "a.pdf")
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        data = entry.read_bytes()
        if damage == "protocol 9":  # a pickle from a future Python, properly framed
            from typeset.cache import write_blob
            write_blob(entry, b"\x80\x09" + pickle.dumps(None)[2:])
        elif damage == "flipped byte":
            entry.write_bytes(data[:-5] + bytes([data[-5] ^ 0xFF]) + data[-4:])
        elif damage == "old format":
            entry.write_bytes(pickle.dumps({"charToGlyph": {}}))
        else:
            entry.write_bytes(b"")
    assert _render(tmp_path / "b.pdf") == first


@pytest.mark.parametrize("cache", ["a file", "read-only", "no home"])
def test_the_cache_is_optional_even_for_a_cff_and_a_collection_font(tmp_path, monkeypatch, capsys, cache):
    from fontTools.ttLib import TTCollection, TTFont

    monkeypatch.chdir(tmp_path)
    _cff_font(Path("cff.otf"))
    build_test_font(Path("one.ttf"))
    collection = TTCollection()
    collection.fonts = [TTFont("one.ttf")]
    collection.save("two.ttc")
    Path("page.yaml").write_text(PAGE.replace("一二三四五六七八九十。", "一一一") + "fonts:\n  song: {file: cff.otf}\n"
                                 "  hei: {file: two.ttc}\n", encoding="utf-8")
    if cache == "a file":
        Path("cachefile").write_text("not a folder", encoding="utf-8")
        monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cachefile"))
    elif cache == "read-only":
        Path("ro").mkdir(mode=0o555)
        monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "ro"))
        done = paiban_bound_by_permissions("render", "page.yaml", "-o", "out.pdf", "--debug", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert not list(Path("ro").iterdir())  # the child could not write there: the test tests something
    else:
        monkeypatch.delenv("TYPESET_CACHE", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.delenv("HOME", raising=False)

        def no_home():
            raise RuntimeError("Could not determine home directory.")

        monkeypatch.setattr(Path, "home", staticmethod(no_home))
    if cache != "read-only":
        assert main(["render", "page.yaml", "-o", "out.pdf", "--debug"]) == 0, capsys.readouterr().err
    assert Path("out.pdf").read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from typeset import cache

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    import types

    monkeypatch.setattr(cache, "os", types.SimpleNamespace(fdopen=os.fdopen, unlink=os.unlink, environ=os.environ,
                                                           replace=disk_full))
    _render(tmp_path / "a.pdf")
    assert (tmp_path / "cache").is_dir() and not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_print_picture_keys_hold_every_parameter_that_shapes_them(tmp_path, monkeypatch):
    from typeset.render import images

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "page"
    shutil.copytree(EXAMPLES / "laodongzhe", folder)
    page = (folder / "page.yaml").read_text(encoding="utf-8")
    (folder / "inked.yaml").write_text(page + "print: {ink_limit: 260}\n", encoding="utf-8")
    for spec in ("page.yaml", "inked.yaml"):  # the same picture, another ink limit
        assert main(["render", str(folder / spec), "-o", str(tmp_path / f"{spec}.pdf"), "-q", "--debug"]) == 0
    monkeypatch.setattr(images, "JPEG_QUALITY", 80)
    assert main(["render", str(folder / "page.yaml"), "-o", str(tmp_path / "q.pdf"), "-q", "--debug"]) == 0
    assert len(list((tmp_path / "cache" / "print-images").iterdir())) == 3
