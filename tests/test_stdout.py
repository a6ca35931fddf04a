"""Conventional output: `-o -` puts the document, and only it, on stdout; status lines go
to stderr; several pages to one file is an error pointing to batch; `check -q` is
silent when all is well."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES
from PIL import Image
from pypdf import PdfReader

from typeset.cli import main

GUANXIN = EXAMPLES / "guanxin" / "page.yaml"


def paiban(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "typeset", *argv], capture_output=True, cwd=cwd)


def test_render_to_stdout_writes_the_pdf_and_nothing_else():
    result = paiban("render", str(GUANXIN), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(result.stdout))
    assert len(reader.pages) == 1
    assert "关心下一代" in reader.pages[0].extract_text()
    assert b"ok" in result.stderr  # the report went to stderr


def test_preview_to_stdout_writes_a_png():
    result = paiban("preview", str(GUANXIN), "-o", "-", "--dpi", "10")
    assert result.returncode == 0, result.stderr
    image = Image.open(io.BytesIO(result.stdout))
    assert image.format == "PNG" and image.width == round((390 + 2 * 3) / 25.4 * 10)  # trim and bleed


def test_render_to_stdout_with_a_bad_page_writes_nothing_to_stdout(tmp_path):
    (tmp_path / "page.yaml").write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
    result = paiban("render", "page.yaml", "-o", "-", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.startswith(b"page.yaml:")


def test_status_lines_go_to_stderr(tmp_path, capsys):
    out = tmp_path / "g.pdf"
    assert main(["render", str(GUANXIN), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "wrote" in captured.err and out.is_file()


def test_several_pages_to_one_file_is_an_error_pointing_to_batch(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    pages = [str(p) for p in sorted(EXAMPLES.glob("*/page.yaml"))]
    assert main(["render", *pages, "-o", "two.pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 2 pages cannot be rendered to one file (two.pdf)")
    assert f"paiban batch {' '.join(pages)} -o two.pdf" in err
    assert not Path("two.pdf").exists()
    assert main(["render", *pages, "-o", "-"]) == 2
    assert "cannot be rendered to stdout" in capsys.readouterr().err


def test_several_pages_to_a_folder_still_work(tmp_path, capsys):
    pages = [str(p) for p in sorted(EXAMPLES.glob("*/page.yaml"))]
    assert main(["render", *pages, "-o", f"{tmp_path}/pdf/"]) == 0
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["guanxin.pdf", "laodongzhe.pdf"]


def test_check_quiet_prints_nothing_when_all_is_well(capsys):
    assert main(["check", "-q", str(GUANXIN)]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_quiet_still_reports_a_page_with_problems(tmp_path, capsys):
    work = tmp_path / "guanxin"
    shutil.copytree(EXAMPLES / "guanxin", work)
    copy = work / "letter.md"
    copy.write_text(copy.read_text(encoding="utf-8") * 4, encoding="utf-8")  # overset
    assert main(["check", "-q", str(work / "page.yaml"), str(GUANXIN)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEMS" in out and "letter" in out
    assert f"{GUANXIN}: ok" not in out


def test_stdout_gets_the_same_pdf_as_a_file(tmp_path):
    out = tmp_path / "g.pdf"
    to_file = paiban("render", str(GUANXIN), "-o", str(out), "--marks")
    to_stdout = paiban("render", str(GUANXIN), "-o", "-", "--marks")
    assert to_file.returncode == to_stdout.returncode == 0
    assert to_file.stdout == b"" and to_stdout.stdout == out.read_bytes()
