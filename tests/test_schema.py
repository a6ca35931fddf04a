"""`paiban schema` / `paiban schema --layout`: the examples and bundled layouts validate
with check-jsonschema (an independent validator, run as its command); mistakes are
rejected at the key at fault; the schema uses plain JSON Schema 2020-12 and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from jsonschema import Draft202012Validator
from jsonschema_specifications import REGISTRY

from typeset.cli import main
from typeset.spec.schema import bundled_roles, bundled_styles, layout_schema, page_schema

PAGES = sorted(EXAMPLES.glob("*/page.yaml"))
LAYOUTS = sorted((ROOT / "layouts").glob("*.yaml"))


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, Path]:
    """Both schemas as `paiban schema` prints them, written to files."""
    folder = tmp_path_factory.mktemp("schema")
    out = {}
    for name, argv in (("page", ["schema"]), ("layout", ["schema", "--layout"])):
        out[name] = folder / f"{name}.schema.json"
        result = subprocess.run([sys.executable, "-m", "typeset", *argv], capture_output=True, check=True)
        out[name].write_bytes(result.stdout)
    return out


def check_jsonschema(schema: Path, files: list[Path]) -> tuple[int, list[dict]]:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
                             "-o", "json", *map(str, files)], capture_output=True, text=True)
    return result.returncode, json.loads(result.stdout).get("errors", [])


def test_every_example_page_validates(schemas):
    assert PAGES
    assert check_jsonschema(schemas["page"], PAGES) == (0, [])


def test_every_bundled_layout_validates(schemas):
    assert len(LAYOUTS) >= 2  # broadsheet, and tabloid which extends it and gives only part of the grid
    assert check_jsonschema(schemas["layout"], LAYOUTS) == (0, [])


BLOCK = "  - id: a\n    kind: article\n    area: {col: 1, cols: 2, row: 1, rows: 10}\n    text: 一二三\n"

REJECTED = [
    # (name, page file, JSON path of the error, words in the message)
    ("typo-in-area", BLOCK.replace("cols: 2", "colls: 2"), "$.blocks[0].area", "'colls' was unexpected"),
    ("typo-in-block", BLOCK + "    colums: 2\n", "$.blocks[0]", "'colums' was unexpected"),
    ("typo-in-headline", BLOCK + "    headline: {titl: 标题}\n", "$.blocks[0].headline", "'titl' was unexpected"),
    ("unknown-kind", BLOCK.replace("kind: article", "kind: artcle"), "$.blocks[0].kind", "'artcle' is not one of"),
    ("wrong-type", BLOCK + "    columns: two\n", "$.blocks[0].columns", "'two' is not of type 'integer'"),
    ("list-for-mapping", BLOCK.replace("{col: 1, cols: 2, row: 1, rows: 10}", "[1, 2, 1, 10]"),
     "$.blocks[0].area", "is not of type 'object'"),
    ("key-of-another-kind", BLOCK.replace("kind: article", "kind: text") + "    lines: [一]\n",
     "$.blocks[0]", "'text' was unexpected"),
    ("below-minimum", BLOCK.replace("row: 1", "row: 0"), "$.blocks[0].area.row", "less than the minimum"),
    ("bad-enum", BLOCK.replace("text: 一二三", "text: 一二三\n    headline: {title: 标, align: middle}"),
     "$.blocks[0].headline.align", "'middle' is not one of"),
]


@pytest.mark.parametrize(("name", "blocks", "path", "words"), REJECTED, ids=[r[0] for r in REJECTED])
def test_mistakes_are_rejected_at_the_key_at_fault(schemas, tmp_path, name, blocks, path, words):
    page = tmp_path / f"{name}.yaml"
    page.write_text(f"extends: broadsheet\nmeta: {{title: 测试}}\nblocks:\n{blocks}", encoding="utf-8")
    code, errors = check_jsonschema(schemas["page"], [page])
    assert code == 1
    assert any(e["path"] == path and words in e["message"] for e in errors), errors
    assert not any("not valid under any of the given schemas" in e["message"] for e in errors), errors


def test_without_extends_page_and_grid_are_required_in_full(schemas, tmp_path):
    page = tmp_path / "page.yaml"
    page.write_text("page: {width: 390mm}\nblocks: []\n", encoding="utf-8")
    code, errors = check_jsonschema(schemas["page"], [page])
    found = {(e["path"], e["message"]) for e in errors}
    assert code == 1
    assert ("$", "'grid' is a required property") in found
    assert ("$.page", "'height' is a required property") in found


def test_with_extends_everything_a_layout_gives_is_optional():
    validator = Draft202012Validator(page_schema())
    assert not list(validator.iter_errors({"extends": "tabloid", "grid": {"lines": 60}, "blocks": []}))
    assert list(validator.iter_errors({"extends": "tabloid", "grid": {"line": 60}}))


def test_dates_are_strings_and_either_quoting_validates(schemas, tmp_path):
    files = []
    for i, date in enumerate(["2023-01-13", "'2023-01-13'", "2023年1月13日"]):
        files.append(tmp_path / f"p{i}.yaml")
        files[-1].write_text(f"extends: broadsheet\nmeta: {{date: {date}}}\n", encoding="utf-8")
    assert check_jsonschema(schemas["page"], files) == (0, [])


def test_known_style_names_and_font_roles_are_offered():
    schema = page_schema()
    article = schema["$defs"]["articleblock"]["properties"]
    style = schema["$defs"]["style"]["properties"]
    assert "正文" in bundled_styles() and "song" in bundled_roles()
    assert article["style"]["examples"] == bundled_styles()
    assert article["headline"]["properties"]["title_style"]["examples"] == bundled_styles()
    assert style["font"]["examples"] == bundled_roles()
    assert style["punct"]["enum"] == ["newspaper", "kaiming", "quanjiao", None]
    assert set(bundled_styles()) <= set(schema["properties"]["styles"]["properties"])
    assert schema["properties"]["extends"]["examples"] == ["broadsheet", "tabloid"]


# -- strict meta-schema check --------------------------------------------------------------

META = "https://json-schema.org/draft/2020-12/meta/"
VOCABULARIES = ("core", "applicator", "unevaluated", "validation", "meta-data", "format-annotation", "content")
SCHEMA_VALUED = {"not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames",
                 "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}


def keywords_2020_12() -> set[str]:
    """Every keyword the 2020-12 vocabularies define, read from their meta-schemas."""
    words: set[str] = set()
    for vocabulary in VOCABULARIES:
        words |= set(REGISTRY.contents(META + vocabulary)["properties"])
    return words


def keywords_used(schema, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in SCHEMA_VALUED:
                keywords_used(value, found)
            elif key in SCHEMA_MAPS:
                for sub in value.values():
                    keywords_used(sub, found)
            elif key in SCHEMA_LISTS:
                for sub in value:
                    keywords_used(sub, found)
    return found


@pytest.mark.parametrize("make", [page_schema, layout_schema])
def test_schema_is_plain_2020_12(make):
    schema = make()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    unknown = keywords_used(schema) - keywords_2020_12()
    assert not unknown, f"keywords outside JSON Schema 2020-12: {unknown}"
    refs = {v for k, v in _walk(schema) if k == "$ref"}
    assert refs and all(r.removeprefix("#/$defs/") in schema["$defs"] for r in refs)


def test_the_walk_finds_a_foreign_keyword():
    assert "discriminator" in keywords_used({"properties": {"a": {"oneOf": [{"discriminator": {}}]}}})


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def test_schema_command_prints_the_page_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "paiban page file"
    assert main(["schema", "--layout"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "paiban layout file"
