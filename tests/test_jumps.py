"""转版 (jumps): a story that starts on one page of an issue and continues on another.
The batched PDF is read back with pdfplumber: jump lines with the right page numbers,
and the story's text whole and in order across its parts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import EXAMPLES

from typeset.cli import main

SENTENCES = ["市总工会深入开展职工技能提升行动", "全年培训一线职工三万余人次", "各区市工会组织劳动竞赛百余场",
             "困难职工帮扶资金按时发放到位", "基层工会规范化建设取得新进展", "职工书屋覆盖全部街道"]
COPY = ["，".join(SENTENCES[(p + k) % len(SENTENCES)] for k in range(3 + p % 4)) + "。" for p in range(12)]
BODY_SIZE = 9.0   # 小五, the tabloid's body size


def _page(folder: Path, number: int, blocks: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.yaml").write_text(f"extends: tabloid\nmeta: {{title: 第{number}版, date: 2024-01-01, "
                                      f"page: {number}}}\nblocks:\n{blocks}", encoding="utf-8")
    return folder / "page.yaml"


def source(folder: Path, number: int, to_page: int, rows: int = 12) -> Path:
    (folder / "story.md").parent.mkdir(parents=True, exist_ok=True)
    (folder / "story.md").write_text("\n\n".join(COPY) + "\n", encoding="utf-8")
    return _page(folder, number, f"""  - id: lead
    kind: article
    area: {{col: 1, cols: 3, row: 1, rows: {rows}}}
    columns: 3
    headline: {{title: 职工技能提升}}
    body: story.md
    continues: {{page: {to_page}, block: lead-more}}
""")


def continuation(folder: Path, number: int, rows: int = 40, onward: int | None = None, cols: int = 2) -> Path:
    more = f"    continues: {{page: {onward}, block: lead-more}}\n" if onward else ""
    return _page(folder, number, f"""  - id: lead-more
    kind: article
    area: {{col: 1, cols: {cols}, row: 1, rows: {rows}}}
    columns: 1
    continued: true
{more}""")


def issue(folder: Path, pages: list[Path]) -> Path:
    path = folder / "issue.yaml"
    path.write_text("pages: [" + ", ".join(str(p.relative_to(folder)) for p in pages) + "]\n", encoding="utf-8")
    return path


def body_text(page) -> str:
    """The body characters of a PDF page in reading order: text columns left to right
    (found from the gaps between characters), each top to bottom."""
    chars = sorted((c for c in page.chars if abs(c["size"] - BODY_SIZE) < 0.5), key=lambda c: c["x0"])
    columns: list[list[dict]] = []
    for c in chars:
        if not columns or c["x0"] - columns[-1][-1]["x0"] > 12:
            columns.append([])
        columns[-1].append(c)
    return "".join(c["text"] for col in columns for c in sorted(col, key=lambda c: (round(c["top"]), c["x0"])))


def batch(capsys, path: Path, out: Path) -> tuple[int, str]:
    code = main(["batch", str(path), "-o", str(out), "--jobs", "1", "-q"])
    return code, capsys.readouterr().err


def test_a_story_jumps_whole_and_in_order_with_numbered_jump_lines(tmp_path, capsys):
    first = source(tmp_path / "p1", 1, 3)
    rest = continuation(tmp_path / "p3", 3)
    out = tmp_path / "issue.pdf"
    code, err = batch(capsys, issue(tmp_path, [first, rest]), out)
    assert code == 0, err
    with pdfplumber.open(out) as pdf:
        front, back = (body_text(p) for p in pdf.pages)
    assert front.endswith("（下转第3版）") and "（上接" not in front
    assert back.startswith("（上接第1版）") and "（下转" not in back
    story = front.removesuffix("（下转第3版）") + back.removeprefix("（上接第1版）")
    assert story == "".join(COPY)


def test_moving_the_continuation_to_another_page_moves_the_numbers(tmp_path, capsys):
    first = source(tmp_path / "p1", 1, 5)
    other = _page(tmp_path / "p3", 3, "  - {id: r, kind: rule, area: {col: 1, cols: 6, row: 1, rows: 2}, edge: top}\n")
    rest = continuation(tmp_path / "p5", 5)
    out = tmp_path / "issue.pdf"
    code, err = batch(capsys, issue(tmp_path, [first, other, rest]), out)
    assert code == 0, err
    with pdfplumber.open(out) as pdf:
        front, _, back = (body_text(p) for p in pdf.pages)
    assert front.endswith("（下转第5版）") and back.startswith("（上接第1版）")


def test_a_chain_of_three_parts(tmp_path, capsys):
    first = source(tmp_path / "p1", 1, 2, rows=8)
    middle = continuation(tmp_path / "p2", 2, rows=14, onward=4)
    last = continuation(tmp_path / "p4", 4, rows=60)
    out = tmp_path / "issue.pdf"
    code, err = batch(capsys, issue(tmp_path, [first, middle, last]), out)
    assert code == 0, err
    with pdfplumber.open(out) as pdf:
        a, b, c = (body_text(p) for p in pdf.pages)
    assert a.endswith("（下转第2版）")
    assert b.startswith("（上接第1版）") and b.endswith("（下转第4版）")
    assert c.startswith("（上接第2版）")
    story = a.removesuffix("（下转第2版）") + b.removeprefix("（上接第1版）").removesuffix("（下转第4版）") + \
        c.removeprefix("（上接第2版）")
    assert story == "".join(COPY)


def test_overset_is_reported_at_the_end_of_the_chain(tmp_path, capsys):
    first = source(tmp_path / "p1", 1, 3)
    rest = continuation(tmp_path / "p3", 3, rows=4)
    code = main(["batch", str(issue(tmp_path, [first, rest])), "-o", str(tmp_path / "i.pdf"), "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"p3/page.yaml:\d+:\d+: error\[overset\].*lead-more", out)
    assert "error[overset]" not in out.split("p3/page.yaml: ")[0]   # page 1's part is not overset


def test_a_page_on_its_own_sets_its_part_and_says_where_the_rest_goes(tmp_path, capsys):
    first = source(tmp_path / "p1", 1, 3)
    assert main(["check", str(first), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["pages"][0]
    (jump,) = [d for d in report["diagnostics"] if d["code"] == "continues"]
    assert jump["severity"] == "warning" and "page 3" in jump["message"] and jump["line"] == 10
    assert report["blocks"][0]["fit"]["overset_lines"] == 0
    rest = continuation(tmp_path / "p3", 3)
    assert main(["check", str(rest)]) == 0
    assert "warning[continued]" in capsys.readouterr().out


@pytest.mark.parametrize(("pages", "message"), [
    ("missing-page", "no page of the issue is page 3"),
    ("missing-block", "has no block 'lead-more' with `continued: true`"),
    ("earlier-page", "page 1 does not come after page 3"),
])
def test_a_jump_to_a_page_or_block_not_in_the_issue_is_an_input_error(tmp_path, capsys, pages, message):
    first = source(tmp_path / "p1", 1, 3)
    if pages == "missing-page":
        listed = [first]
    elif pages == "missing-block":
        listed = [first, _page(tmp_path / "p3", 3, "  - {id: other, kind: article, area: {col: 1, cols: 2, row: 1, "
                                                  "rows: 10}, text: 别的稿件。}\n")]
    else:
        back = source(tmp_path / "p3", 3, 1)
        listed = [continuation(tmp_path / "p1b", 1), back]
    out = tmp_path / "issue.pdf"
    assert main(["batch", str(issue(tmp_path, listed)), "-o", str(out), "--jobs", "1", "-q"]) == 2
    err = capsys.readouterr().err
    assert message in err and "page.yaml:10:5" in err and "Traceback" not in err
    assert not out.exists()


def test_a_continued_block_has_no_copy_of_its_own(tmp_path, capsys):
    page = _page(tmp_path / "p", 3, "  - id: lead-more\n    kind: article\n    area: {col: 1, cols: 2, row: 1, rows: 10}\n"
                                    "    continued: true\n    text: 自己的稿件。\n")
    assert main(["check", str(page)]) == 2
    assert "is `continued`: its copy comes from the page it continues from" in capsys.readouterr().err


def test_the_example_issue_jumps_from_page_1_to_page_3(tmp_path, capsys):
    out = tmp_path / "issue.pdf"
    assert main(["batch", str(EXAMPLES / "jump" / "issue.yaml"), "-o", str(out), "--jobs", "2", "-q"]) == 0
    with pdfplumber.open(out) as pdf:
        front, back = (body_text(pdf.pages[i]) for i in (0, 1))
    assert "（下转第3版）" in front and "（上接第1版）" in back
    copy = (EXAMPLES / "jump" / "yaowen" / "lead.md").read_text(encoding="utf-8")
    last = re.sub(r"\s+", "", copy.strip().split("\n\n")[-1])
    assert last[-12:] in back and last[-12:] not in front   # the story ends on page 3
