"""`paiban serve`: the resident renderer, the proof's HTTP server (state, images, Server-
Sent Events, its security) and the thin client (same bytes and messages as in-process).

One server process runs for the module over a copy of the examples (an issue of two
pages); tests that edit files put them back."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES

PAIBAN = Path(sys.executable).with_name("paiban")


class Server:
    """A `paiban serve` child process; its port read from its first lines."""

    def __init__(self, target: Path, cache: Path, cwd: Path) -> None:
        self.env = {**os.environ, "TYPESET_CACHE": str(cache), "PYTHONUNBUFFERED": "1"}
        self.env.pop("TYPESET_NO_SERVER", None)
        self.cwd = cwd
        self.proc = subprocess.Popen([str(PAIBAN), "serve", str(target), "--port", "0"], cwd=cwd, env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("paiban serve stopped:\n" + "".join(self.lines))
            self.lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        else:
            raise RuntimeError("paiban serve did not start:\n" + "".join(self.lines))
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()  # never full

    def get(self, path: str, host: str | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), body

    def state(self) -> dict:
        status, _, body = self.get("/state")
        assert status == 200
        return json.loads(body)

    def wait_for(self, test, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if test(state):
                return state
            time.sleep(0.02)
        raise AssertionError(f"the proof did not change as expected: {json.dumps(state, ensure_ascii=False)[:600]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(EXAMPLES, folder / "examples")
    return folder


@pytest.fixture(scope="module")
def server(project, tmp_path_factory):
    s = Server(project / "examples" / "issue.yaml", tmp_path_factory.mktemp("cache"), project)
    yield s
    s.stop()


@pytest.fixture
def restore(server):
    """Files edited by a test are put back, and the server has rebuilt them."""
    saved: dict[Path, bytes] = {}

    def keep(path: Path) -> Path:
        saved.setdefault(path, path.read_bytes())
        return path
    yield keep
    version = server.state()["version"]
    for path, data in saved.items():
        path.write_bytes(data)
    if saved:
        server.wait_for(lambda s: s["version"] > version and not s["errors"])


# -- the proof's data --------------------------------------------------------------------

def test_state_lists_pages_blocks_fit_and_where_they_are_defined(server):
    state = server.state()
    assert state["issue"] is True
    assert [p["spec"] for p in state["pages"]] == ["examples/laodongzhe/page.yaml", "examples/guanxin/page.yaml"]
    guanxin = state["pages"][1]
    letter = next(b for b in guanxin["blocks"] if b["id"] == "letter")
    assert letter["kind"] == "article"
    assert letter["defined"] == "examples/guanxin/page.yaml:28"
    assert letter["copy"] == "examples/guanxin/letter.md"
    fit = letter["fit"]
    assert fit["capacity_lines"] == 88 and 0 < fit["used_lines"] <= 88
    assert letter["summary"].startswith(f"容量 88 行 / 已用 {fit['used_lines']} 行")
    x, y, w, h = letter["rects"][0]
    assert 0 < x < guanxin["width"] and 0 < y < guanxin["height"] and w > 0 and h > 0
    for block in guanxin["blocks"]:
        if block["fit"].get("short_lines") and not block["fit"].get("overset_lines"):
            assert re.search(r"，缺 \d+ 行 ≈ \d+ 字$", block["summary"])
    short = [d for d in guanxin["diagnostics"] if d["code"] == "short"]
    assert {d["block"] for d in short} <= {b["id"] for b in guanxin["blocks"]
                                           if b["kind"] == "article" and b["fit"].get("short_lines")}
    assert all(d["where"].startswith("examples/guanxin/page.yaml:") for d in short)


def test_page_images_are_jpegs_of_the_asked_width(server):
    from PIL import Image

    status, headers, body = server.get("/page/1.jpg?w=300")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(body))
    assert image.format == "JPEG" and image.mode == "RGB"
    page = server.state()["pages"][1]
    assert image.width == 300 and abs(image.height - 300 * page["height"] / page["width"]) < 1
    assert server.get("/page/7.jpg")[0] == 404


def test_proof_page_and_its_files_are_served(server):
    status, headers, body = server.get("/")
    assert status == 200 and b'<script src="/proof.js"' in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for name in ("/proof.js", "/proof.css"):
        assert server.get(name)[0] == 200


# -- security ------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example:80", "evil.example", "127.0.0.1", "127.0.0.1:1", "", "[::1]:{port}x"])
def test_requests_for_another_host_are_refused(server, host):
    status, _, body = server.get("/state", host=host.replace("{port}", str(server.port)))
    assert status == 403 and b"pages" not in body


def test_localhost_by_name_is_the_bound_address(server):
    assert server.get("/state", host=f"localhost:{server.port}")[0] == 200


@pytest.mark.parametrize("path", ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/../engine.py",
                                  "/proof.js/../../app.py", "/page/../../../etc/passwd", "/page/0.jpg/../../x",
                                  "/examples/guanxin/letter.md", "/letter.md", "//etc/passwd", "/index.html",
                                  "/page/-1.jpg", "/page/0.png", "/page/0.pdf", "/events/../state/../../etc/passwd"])
def test_nothing_but_the_proof_is_served(server, path):
    status, _, body = server.get(path)
    assert status == 404
    assert b"root:" not in body and "致全市".encode() not in body and b"import" not in body


def _snapshot(folder: Path) -> dict:
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_no_endpoint_writes(server, project, method):
    before = _snapshot(project)
    for path in ("/", "/state", "/page/0.jpg", "/events", "/examples/guanxin/letter.md"):
        status, headers, _ = server.get(path, method=method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert _snapshot(project) == before


def test_binds_this_machine_only_by_default(tmp_path):
    from typeset.cli import parser
    from typeset.serve.engine import Engine
    from typeset.serve.http import ProofServer

    assert parser().parse_args(["serve", "page.yaml"]).host == "127.0.0.1"
    http = ProofServer(Engine.__new__(Engine), port=0)
    try:
        assert http.server_address[0] == "127.0.0.1"
        assert http.hosts == {f"127.0.0.1:{http.port}", f"localhost:{http.port}"}
    finally:
        http.server_close()


# -- live updates --------------------------------------------------------------------------

class Events:
    """The SSE stream read with a plain socket: the builds it announces."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.buf = b""

    def next_build(self, timeout: float = 10.0) -> int:
        self.sock.settimeout(timeout)
        while True:
            found = re.search(rb"event: build\ndata: (\d+)\n\n", self.buf)
            if found:
                self.buf = self.buf[found.end():]
                return int(found.group(1))
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("the event stream closed")
            self.buf += chunk

    def close(self) -> None:
        self.sock.close()


def test_saving_copy_announces_a_new_build_with_the_new_fit(server, project, restore):
    events = Events(server.port)
    try:
        first = events.next_build()
        before = server.state()
        letter_md = restore(project / "examples/guanxin/letter.md")
        serial = before["pages"][1]["serial"]
        letter_md.write_text(letter_md.read_text(encoding="utf-8") + "\n\n" + "新增的一段文字。" * 30 + "\n",
                             encoding="utf-8")
        t0 = time.perf_counter()
        version = events.next_build()
        took = time.perf_counter() - t0
        assert version > first
        state = server.state()
        page = state["pages"][1]
        assert page["serial"] != serial
        assert state["pages"][0]["serial"] == before["pages"][0]["serial"]  # the other page is not rebuilt
        letter = next(b for b in page["blocks"] if b["id"] == "letter")
        assert letter["fit"]["overset_lines"] > 0 and "超" in letter["summary"]
        assert any(d["code"] == "overset" and d["block"] == "letter" for d in page["diagnostics"])
        assert took < 5  # the budget (300 ms to the browser) is measured in benchmarks/vs_typst.py
    finally:
        events.close()


def test_a_bad_edit_shows_its_error_over_the_last_good_proof(server, project, restore):
    page_yaml = restore(project / "examples/guanxin/page.yaml")
    good = server.state()["pages"][1]
    page_yaml.write_text(page_yaml.read_text(encoding="utf-8").replace("columns: 8\n", "columns: [8\n", 1),
                         encoding="utf-8")
    state = server.wait_for(lambda s: s["errors"])
    error = state["errors"][0]
    assert error["where"].startswith("examples/guanxin/page.yaml:") and error["severity"] == "error"
    assert re.match(r"examples/guanxin/page\.yaml:\d+:\d+: error: ", error["text"])
    page = state["pages"][1]
    assert page["stale"] and page["serial"] == good["serial"] and page["blocks"]
    assert server.get("/page/1.jpg?w=200")[0] == 200


def test_fixing_the_error_brings_the_proof_back(server, project, restore):
    page_yaml = restore(project / "examples/guanxin/page.yaml")
    text = page_yaml.read_text(encoding="utf-8")
    page_yaml.write_text(text.replace("kind: masthead", "kind: mastehad", 1), encoding="utf-8")
    state = server.wait_for(lambda s: s["errors"])
    assert "did you mean 'masthead'?" in state["errors"][0]["text"]
    serial = state["pages"][1]["serial"]
    page_yaml.write_text(text, encoding="utf-8")
    state = server.wait_for(lambda s: not s["errors"])
    assert not state["pages"][1]["stale"] and state["pages"][1]["serial"] != serial


def test_output_written_beside_the_page_does_not_rebuild(server, project):
    version = server.state()["version"]
    (project / "examples/guanxin/proof.pdf").write_bytes(b"%PDF-1.4 not ours")
    (project / "examples/guanxin/render.log").write_text("log\n")
    time.sleep(0.5)
    assert server.state()["version"] == version
    (project / "examples/guanxin/proof.pdf").unlink()
    (project / "examples/guanxin/render.log").unlink()


# -- the thin client -----------------------------------------------------------------------

def _paiban(args: list[str], cwd: Path, env: dict, server: bool) -> tuple[int, str, str]:
    env = dict(env)
    if not server:
        env["TYPESET_NO_SERVER"] = "1"
    proc = subprocess.run([str(PAIBAN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _both(server: Server, args: list[str]):
    """The command run through the server and in-process: (status, stdout, stderr) each."""
    before = server.state()["commands"]
    remote = _paiban(args, server.cwd, server.env, True)
    assert server.state()["commands"] == before + 1, "the thin client did not use the server"
    local = _paiban(args, server.cwd, server.env, False)
    return remote, local


def test_render_through_the_server_gives_the_same_bytes(server, project):
    args = ["render", "examples/guanxin/page.yaml", "-o", "out/a.pdf"]
    before = server.state()["commands"]
    remote = _paiban(args, server.cwd, server.env, True)
    assert server.state()["commands"] == before + 1
    via_server = (project / "out/a.pdf").read_bytes()
    (project / "out/a.pdf").unlink()
    local = _paiban(args, server.cwd, server.env, False)
    in_process = (project / "out/a.pdf").read_bytes()
    assert remote == local == (0, "", "wrote out/a.pdf\nexamples/guanxin/page.yaml: ok\n")
    assert via_server == in_process and via_server.startswith(b"%PDF")
    assert (project / "out/a.pdf").stat().st_mode & 0o777 == 0o666 & ~_umask()
    remote, local = _both(server, ["render", "examples/laodongzhe/page.yaml", "-o", "out/b.pdf", "--proof", "-q"])
    assert remote == local


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_check_through_the_server_gives_the_same_report(server):
    for args in (["check", "examples/guanxin/page.yaml"], ["check", "examples/laodongzhe/page.yaml", "--json"],
                 ["check", "examples/guanxin/page.yaml", "examples/laodongzhe/page.yaml"]):
        remote, local = _both(server, args)
        assert remote == local and remote[0] == 0


def test_errors_through_the_server_are_the_same_and_write_nothing(server, project, restore):
    page_yaml = restore(project / "examples/guanxin/page.yaml")
    page_yaml.write_text(page_yaml.read_text(encoding="utf-8").replace("rows: 15}", "rows: fifteen}", 1),
                         encoding="utf-8")
    target = project / "out/bad.pdf"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"previous")
    remote, local = _both(server, ["render", "examples/guanxin/page.yaml", "-o", "out/bad.pdf"])
    assert remote == local and remote[0] == 2 and remote[1] == ""
    assert remote[2].startswith("examples/guanxin/page.yaml:") and "rows" in remote[2] and "^" in remote[2]
    assert target.read_bytes() == b"previous"
    remote, local = _both(server, ["check", "examples/guanxin/page.yaml", "--json"])
    assert remote == local and remote[0] == 2 and '"code": "input"' in remote[1]


def test_overset_through_the_server_exits_1_like_in_process(server, project, restore):
    letter_md = restore(project / "examples/guanxin/letter.md")
    letter_md.write_text(letter_md.read_text(encoding="utf-8") * 2, encoding="utf-8")
    remote, local = _both(server, ["check", "examples/guanxin/page.yaml"])
    assert remote == local and remote[0] == 1 and "PROBLEMS" in remote[1]


def test_other_commands_and_projects_run_in_process(server, tmp_path):
    before = server.state()["commands"]
    code, out, _ = _paiban(["fonts"], server.cwd, server.env, True)
    assert code == 0 and "song" in out
    other = tmp_path / "other"
    shutil.copytree(EXAMPLES / "guanxin", other)
    code, out, _ = _paiban(["check", str(other / "page.yaml")], tmp_path, server.env, True)
    assert code == 0 and "ok" in out
    code, _, _ = _paiban(["render", "examples/guanxin/page.yaml", "-o", "out/", "-v"], server.cwd, server.env, True)
    assert code == 0
    assert server.state()["commands"] == before



def test_the_clients_environment_is_the_one_that_counts(server, project):
    """SOURCE_DATE_EPOCH (the date the PDF claims) and NO_COLOR are read from the
    environment: a client whose differ from the server's gets what in-process gives it."""
    env = {**server.env, "SOURCE_DATE_EPOCH": "86400"}
    args = ["render", "examples/guanxin/page.yaml", "-o", "out/epoch.pdf"]
    remote = _paiban(args, server.cwd, env, True)
    via_client = (project / "out/epoch.pdf").read_bytes()
    local = _paiban(args, server.cwd, env, False)
    assert remote == local and remote[0] == 0
    assert via_client == (project / "out/epoch.pdf").read_bytes()
    assert b"/CreationDate (D:19700102000000+00'00')" in via_client
    from typeset.serve.engine import Engine  # noqa: F401 - the server side, asked directly
    from typeset.serve.remote import run_command

    class _Engine:  # nothing may be built for a request it must not answer
        project = project
    for name, value in (("NO_COLOR", "1"), ("SOURCE_DATE_EPOCH", "0")):
        if os.environ.get(name) != value:
            header, blobs = run_command(_Engine, ["check", "examples/guanxin/page.yaml"], str(project),
                                        env={name: value})
            assert "fallback" in header and not blobs

# -- the resident renderer's memo ------------------------------------------------------------

@pytest.fixture
def warm():
    from typeset import pipeline
    from typeset.fonts import FontSet

    memo = pipeline.keep_warm(FontSet.bundled())
    yield memo
    pipeline._warm = None


def test_an_edit_recomposes_only_the_changed_paragraph(warm, tmp_path, monkeypatch):
    from typeset.layout import textset
    from typeset.pipeline import build

    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "g")
    spec = tmp_path / "g/page.yaml"
    calls = []
    real = textset.compose
    monkeypatch.setattr(textset, "compose", lambda *a: calls.append(a[0]) or real(*a))
    first = build(spec)
    n = len(calls)
    assert n > 20
    calls.clear()
    again = build(spec)
    assert calls == [] and again.page.items == first.page.items
    letter = tmp_path / "g/letter.md"
    letter.write_text(letter.read_text(encoding="utf-8").replace("新春佳节", "新春佳节和元宵", 1), encoding="utf-8")
    edited = build(spec)
    assert len(calls) == 1 and "新春佳节和元宵" in "".join(s.text for s in calls[0])
    monkeypatch.setattr(textset, "compose", real)
    from typeset import pipeline

    pipeline._warm = None
    cold = build(spec)
    assert cold.page.items == edited.page.items and cold.page.blocks == edited.page.blocks


def test_memo_keeps_missing_glyph_reports(warm, tmp_path):
    from typeset.pipeline import build

    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "g")
    letter = tmp_path / "g/letter.md"
    letter.write_text(letter.read_text(encoding="utf-8").replace("新春佳节", "新春佳节𪚥", 1), encoding="utf-8")
    first = build(tmp_path / "g/page.yaml")
    second = build(tmp_path / "g/page.yaml")
    missing = first.page.findings("missing-glyph")
    assert missing and second.page.findings("missing-glyph") == missing


def _forward_to_a_fake_server(tmp_path, monkeypatch, reply: bytes, argv: list[str]):
    """``client.forward(argv)`` run in a fresh project whose socket is held by a fake
    server that acknowledges, reads the command and sends ``reply``."""
    from typeset import client

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "c"))
    monkeypatch.delenv("TYPESET_NO_SERVER", raising=False)
    project = tmp_path / "p"
    project.mkdir()
    path = client.socket_path(str(project))
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)

    def answer() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"\n" + reply)
        conn.close()
    threading.Thread(target=answer, daemon=True).start()
    monkeypatch.chdir(project)
    try:
        return client.forward(argv), project
    finally:
        listener.close()
        os.unlink(path)


def test_the_client_writes_only_the_file_its_command_names(tmp_path, monkeypatch):
    """A server that answers with another path (a bug, or not ours) is not obeyed: the
    client runs the command in-process instead and writes nothing it was not asked to."""
    elsewhere = tmp_path / "elsewhere.txt"
    header = {"code": 0, "stdout": "", "stderr": "", "files": [[str(elsewhere), 4]]}
    code, project = _forward_to_a_fake_server(tmp_path, monkeypatch, json.dumps(header).encode() + b"\n" + b"evil",
                                              ["render", "page.yaml", "-o", "out.pdf"])
    assert code is None
    assert not elsewhere.exists() and not (project / "out.pdf").exists()


GARBAGE = [b"[1, 2]\n", b"5\n", b'"code"\n', b'{"code": 0}\n', b'{"code": "zero", "files": [], "stdout": "", "stderr": ""}\n',
           b'{"code": 0, "files": [["x", -1]], "stdout": "", "stderr": ""}\n', b'{"code": 0, "files": 3}\n',
           b'{"code": 0, "files": [], "stdout": 1, "stderr": null}\n', b'{"code": [], "files": [], "stdout": "", "stderr": ""}\n',
           b"\xff\xfe\n", b""]


@pytest.mark.parametrize("reply", GARBAGE)
def test_a_server_that_answers_garbage_is_not_obeyed(tmp_path, monkeypatch, reply):
    """Whatever comes back that is not a well-formed answer, the client runs the command
    itself (None), never a traceback."""
    assert _forward_to_a_fake_server(tmp_path, monkeypatch, reply, ["check", "page.yaml"])[0] is None


def test_the_socket_of_a_server_that_died_is_passed_over(tmp_path, monkeypatch):
    """A server killed without removing its socket: the command runs in-process, the
    same as with no server at all."""
    from typeset import client

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "c"))
    monkeypatch.delenv("TYPESET_NO_SERVER", raising=False)
    env = dict(os.environ)
    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "g")
    path = client.socket_path(str(tmp_path / "g"))
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()  # the file stays, nothing listens
    assert os.path.exists(path)
    via = _paiban(["render", "page.yaml", "-o", "a.pdf"], tmp_path / "g", env, True)
    local = _paiban(["render", "page.yaml", "-o", "b.pdf"], tmp_path / "g", env, False)
    assert via[0] == local[0] == 0 and via[2].replace("a.pdf", "b.pdf") == local[2]
    assert (tmp_path / "g/a.pdf").read_bytes() == (tmp_path / "g/b.pdf").read_bytes()


def test_a_stopped_server_is_passed_over_not_waited_for(tmp_path, monkeypatch):
    """A server stopped with Ctrl-Z still has its socket, and the system accepts the
    connection for it: the client waits only so long for it to take the command."""
    from typeset import client

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "c"))
    monkeypatch.delenv("TYPESET_NO_SERVER", raising=False)
    monkeypatch.setattr(client, "ACK_SECONDS", 0.3)
    project = tmp_path / "p"
    project.mkdir()
    path = client.socket_path(str(project))
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    stopped = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stopped.bind(path)
    stopped.listen(1)  # never accepted, never answered
    monkeypatch.chdir(project)
    try:
        assert client.forward(["check", "page.yaml"]) is None
    finally:
        stopped.close()
        os.unlink(path)

def test_the_proof_draws_large_pictures_at_screen_size_and_the_print_file_does_not(tmp_path, monkeypatch, warm):
    import pypdf

    from typeset.serve.engine import Engine
    from typeset.serve.pictures import SIDE

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    engine = Engine(EXAMPLES / "laodongzhe/page.yaml")
    engine.rebuild()
    proof = engine.proofs[engine.pages[0]]

    def widths(pdf: bytes) -> list[int]:
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        xobjects = page["/Resources"]["/XObject"]
        return [int(xobjects[k].get_object()["/Width"]) for k in xobjects
                if xobjects[k].get_object()["/Subtype"] == "/Image"]

    drawn = proof.layer or proof.pdf  # the photo stands apart: in the proof's picture layer
    assert proof.layer is not None and widths(drawn) and max(widths(drawn)) <= SIDE
    from typeset.render import render_pdf

    assert max(widths(render_pdf([proof.built.page]))) > SIDE  # the print file keeps the original
    assert engine.image(0, 400)[:3] == b"\xff\xd8\xff"  # a JPEG


def test_the_thin_client_imports_neither_the_command_line_nor_its_libraries(server):
    """With a server running, `paiban check` loads the client and nothing behind it."""
    before = server.state()["commands"]
    proc = subprocess.run([sys.executable, "-X", "importtime", str(PAIBAN), "check", "examples/guanxin/page.yaml"],
                          cwd=server.cwd, env=server.env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and server.state()["commands"] == before + 1
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert {"typeset.console", "typeset.client"} <= imported
    assert not {m for m in imported if m.split(".")[0] in ("pydantic", "reportlab", "yaml", "PIL")
                or m == "typeset.cli" or m.startswith("typeset.cli.") or m in ("typeset.pipeline", "typeset.errors")}
