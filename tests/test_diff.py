"""Proof diff (校样对比) on purpose-built pairs of pages: insert, delete, move, resize,
reflow, nothing; the JSON report and the highlighted PDF read back with pdfplumber."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from typeset.cli import main
from typeset.render.overlay import DIFF

SENTENCES = ["市总工会深入开展职工技能提升行动", "全年培训一线职工三万余人次", "各区市工会组织劳动竞赛百余场",
             "困难职工帮扶资金按时发放到位", "基层工会规范化建设取得新进展"]


def _copy(seed: int, paras: int = 4) -> str:
    out = []
    for p in range(paras):
        words = [SENTENCES[(seed + p + k) % len(SENTENCES)] for k in range(5)]
        out.append("，".join(words) + "。")
    return "\n\n".join(out) + "\n"


A_COPY = _copy(0)
B_COPY = _copy(2, 3)


def page_yaml(b_area: str = "{col: 4, cols: 3, row: 1, rows: 30}", a_columns: int = 3) -> str:
    return f"""extends: tabloid
meta: {{title: 测试版, date: 2024-01-01, page: 2}}
blocks:
  - id: a
    kind: article
    area: {{col: 1, cols: 3, row: 1, rows: 30}}
    columns: {a_columns}
    headline: {{title: 职工技能提升行动成效显著}}
    body: a.md
  - id: b
    kind: article
    area: {b_area}
    columns: 3
    body: b.md
"""


def make_page(folder: Path, yaml: str | None = None, a: str = A_COPY, b: str = B_COPY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.yaml").write_text(yaml or page_yaml(), encoding="utf-8")
    (folder / "a.md").write_text(a, encoding="utf-8")
    (folder / "b.md").write_text(b, encoding="utf-8")
    return folder / "page.yaml"


def run_diff(capsys, *args: str) -> tuple[int, dict]:
    code = main(["diff", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def block(report: dict, block_id: str) -> dict:
    return next(b for b in report["blocks"] if b["id"] == block_id)


def tinted(pdf: Path, kind: str) -> list[dict]:
    """Rectangles filled in the colour of a diff mark kind."""
    color = tuple(v / 100 for v in DIFF[kind][0])
    with pdfplumber.open(pdf) as doc:
        return [r for r in doc.pages[0].rects
                if r.get("fill") and tuple(r.get("non_stroking_color") or ()) == pytest.approx(color)]


def outlined(pdf: Path, kind: str) -> list[dict]:
    color = tuple(v / 100 for v in DIFF[kind][0])
    with pdfplumber.open(pdf) as doc:
        return [r for r in doc.pages[0].rects
                if r.get("stroke") and tuple(r.get("stroking_color") or ()) == pytest.approx(color)]


def chars_inside(pdf: Path, rects: list[dict]) -> str:
    """The page's characters whose centre lies in one of ``rects`` (reading order)."""
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
    out = []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if any(r["x0"] <= cx <= r["x1"] and r["top"] <= cy <= r["bottom"] for r in rects):
            out.append(ch["text"])
    return "".join(out)


def page_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "".join(ch["text"] for ch in doc.pages[0].chars)


def test_identical_pages_do_not_differ(tmp_path, capsys):
    old, new = make_page(tmp_path / "old"), make_page(tmp_path / "new")
    code, report = run_diff(capsys, str(old), str(new))
    assert code == 0 and report["differs"] is False and report["drawn_differs"] is False
    assert {b["status"] for b in report["blocks"]} == {"same"}


def test_inserted_characters_are_listed_with_their_line_and_highlighted(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    paras = A_COPY.split("\n\n")
    paras[1] = paras[1].replace("全年培训", "全年培训新增加", 1)
    new = make_page(tmp_path / "new", a="\n\n".join(paras))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    a = block(report, "a")
    assert code == 1 and a["status"] == "changed"
    assert a["inserted"] == [{"text": "新增加", "file": str(new.parent / "a.md"), "line": 3, "part": "body"}]
    assert a["inserted_chars"] == 3 and a["deleted_chars"] == 0
    assert block(report, "b")["status"] == "same"
    # the PDF: the three characters, and only they, lie under the highlight
    assert chars_inside(pdf, tinted(pdf, "inserted")) == "新增加"


def test_deleted_text_is_listed_at_its_old_line_and_noted_in_the_margin(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    paras = A_COPY.split("\n\n")
    paras[2] = paras[2].replace("三万余人次", "", 1)
    new = make_page(tmp_path / "new", a="\n\n".join(paras))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    a = block(report, "a")
    assert code == 1
    assert a["deleted"] == [{"text": "三万余人次", "file": str(old.parent / "a.md"), "line": 5, "part": "body"}]
    assert a["inserted"] == []
    assert "删 三万余人次" in page_text(pdf)      # the note in the margin
    with pdfplumber.open(pdf) as doc:
        note = next(w for w in doc.pages[0].extract_words() if w["text"].startswith("删"))
        first_column = min(ch["x0"] for ch in doc.pages[0].chars if ch["text"] == "市")
    assert note["x1"] < first_column     # in the left margin: the deletion is in the left block


def test_headline_change_is_a_character_change_of_the_page_file(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    new = make_page(tmp_path / "new", page_yaml().replace("成效显著", "成效卓著"))
    code, report = run_diff(capsys, str(old), str(new))
    a = block(report, "a")
    assert code == 1
    assert [(c["text"], c["part"]) for c in a["inserted"]] == [("卓", "title")]
    assert [(c["text"], c["part"]) for c in a["deleted"]] == [("显", "title")]
    assert a["inserted"][0]["file"] == str(new) and a["inserted"][0]["line"] == 4   # the block's line


def test_moved_block_is_outlined_at_its_old_place(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    new = make_page(tmp_path / "new", page_yaml(b_area="{col: 4, cols: 3, row: 31, rows: 30}"))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    b = block(report, "b")
    assert code == 1 and b["moved"] and not b["resized"]
    assert b["area_before"][0]["row"] == 1 and b["area_after"][0]["row"] == 31
    assert b["inserted"] == [] and b["deleted"] == [] and b["reflowed_lines"] == 0  # the text did not change
    assert block(report, "a")["status"] == "same"
    old_place = outlined(pdf, "moved")
    assert len(old_place) == 1 and "b 原位" in page_text(pdf)
    with pdfplumber.open(pdf) as doc:  # the outline is where the block stood: the top of the type area
        new_outline = [r for r in doc.pages[0].rects if r["stroke"] and r is not old_place[0]
                       and abs(r["x0"] - old_place[0]["x0"]) < 0.5 and abs(r["width"] - old_place[0]["width"]) < 0.5]
    assert any(r["top"] > old_place[0]["bottom"] - 1 for r in new_outline)


def test_resized_block_is_resized_not_moved(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    new = make_page(tmp_path / "new", page_yaml(b_area="{col: 4, cols: 3, row: 1, rows: 24}"))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    b = block(report, "b")
    assert code == 1 and b["resized"] and not b["moved"]
    assert b["fit"]["before"]["capacity_lines"] > b["fit"]["after"]["capacity_lines"]
    assert len(outlined(pdf, "moved")) == 1


def test_reflow_without_a_text_change_is_marked_line_by_line(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    new = make_page(tmp_path / "new", page_yaml(a_columns=2))   # a wider measure: every line rebreaks
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    a = block(report, "a")
    assert code == 1 and a["inserted"] == [] and a["deleted"] == []
    assert a["reflowed_lines"] > 10
    bars = tinted(pdf, "reflow")
    assert len(bars) == a["reflowed_lines"]
    assert all(r["width"] < 2 for r in bars)     # bars in the gutter, not over the text
    assert chars_inside(pdf, bars) == ""


def test_a_changed_sentence_reflows_only_the_rest_of_its_paragraph(tmp_path, capsys):
    old = make_page(tmp_path / "old")
    paras = A_COPY.split("\n\n")
    paras[0] = "今年" + paras[0]
    new = make_page(tmp_path / "new", a="\n\n".join(paras))
    code, report = run_diff(capsys, str(old), str(new))
    a = block(report, "a")
    assert code == 1 and [c["text"] for c in a["inserted"]] == ["今年"]
    # the first paragraph's lines after the first rebreak; the later paragraphs keep their lines
    assert 0 < a["reflowed_lines"] <= len(paras[0]) // 10


def test_diff_with_a_git_revision(tmp_path, capsys):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    page = make_page(repo / "pages" / "p2")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "page"], check=True)
    (page.parent / "a.md").write_text(A_COPY.replace("劳动竞赛", "技能竞赛", 1), encoding="utf-8")
    code, report = run_diff(capsys, str(page.parent), "--rev", "HEAD")
    a = block(report, "a")
    assert code == 1 and report["old"] == "HEAD:pages/p2/page.yaml"
    assert [c["text"] for c in a["inserted"]] == ["技能"] and [c["text"] for c in a["deleted"]] == ["劳动"]
    assert a["deleted"][0]["file"] == "HEAD:pages/p2/a.md"


def test_revision_errors_are_input_errors(tmp_path, capsys):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    outside = make_page(tmp_path / "plain")
    assert main(["diff", str(outside), "--rev", "HEAD"]) == 2
    assert "git" in capsys.readouterr().err
    repo = tmp_path / "repo"
    page = make_page(repo / "p")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "p/a.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy only"], check=True)
    assert main(["diff", str(page), "--rev", "nonesuch"]) == 2
    assert "nonesuch" in capsys.readouterr().err
    assert main(["diff", str(page), "--rev", "HEAD"]) == 2      # the page file was never committed
    assert "p/page.yaml is not in revision HEAD" in capsys.readouterr().err


def test_an_invalid_old_page_is_reported_and_no_diff_is_written(tmp_path, capsys):
    old = make_page(tmp_path / "old", page_yaml().replace("kind: article\n    area: {col: 4",
                                                          "kind: artcle\n    area: {col: 4"))
    new = make_page(tmp_path / "new")
    pdf = tmp_path / "diff.pdf"
    pdf.write_bytes(b"previous")
    assert main(["diff", str(old), str(new), "-o", str(pdf)]) == 2
    err = capsys.readouterr().err
    assert f"{old}:11:5:" in err and "did you mean 'article'" in err and "Traceback" not in err
    assert pdf.read_bytes() == b"previous"


def test_diff_needs_two_pages_or_a_revision(tmp_path, capsys):
    page = make_page(tmp_path / "p")
    assert main(["diff", str(page)]) == 2
    assert "two pages" in capsys.readouterr().err


def vertical_page(lines: list[str]) -> str:
    quoted = ", ".join(f'"{t}"' for t in lines)
    return f"""extends: tabloid
meta: {{title: 测试版, date: 2024-01-01, page: 2}}
blocks:
  - id: v
    kind: text
    area: {{col: 1, cols: 2, row: 1, rows: 20}}
    vertical: true
    lines: [{quoted}]
  - id: h
    kind: text
    area: {{col: 3, cols: 3, row: 1, rows: 4}}
    lines: [职工之家]
"""


def test_vertical_copy_changes_are_listed_and_marked_down_the_column(tmp_path, capsys):
    old = make_page(tmp_path / "old", vertical_page(["要国强家兴春常在", "第3届活动"]))
    new = make_page(tmp_path / "new", vertical_page(["要国强家兴春常在", "第15届新活动"]))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    v = block(report, "v")
    assert code == 1 and v["status"] == "changed" and block(report, "h")["status"] == "same"
    where = {"file": str(new), "line": 8, "part": "lines"}
    assert v["inserted"] == [{"text": "15", **where}, {"text": "新", **where}]
    assert v["deleted"] == [{"text": "3", "file": str(old), "line": 8, "part": "lines"}]
    # the tint lies down the column over the inserted characters (15 set across one cell)
    marks = tinted(pdf, "inserted")
    assert len(marks) == 2 and all(m["bottom"] - m["top"] > m["x1"] - m["x0"] - 0.01 for m in marks[1:])
    assert chars_inside(pdf, marks) == "15新"
    assert "删 3" in page_text(pdf)


def test_horizontal_text_block_changes_are_marked_too(tmp_path, capsys):
    old = make_page(tmp_path / "old", vertical_page(["春常在"]))
    new = make_page(tmp_path / "new", vertical_page(["春常在"]).replace("职工之家", "职工温暖之家"))
    pdf = tmp_path / "diff.pdf"
    code, report = run_diff(capsys, str(old), str(new), "-o", str(pdf))
    assert block(report, "h")["inserted"] == [{"text": "温暖", "file": str(new), "line": 12, "part": "lines"}]
    assert chars_inside(pdf, tinted(pdf, "inserted")) == "温暖"
