"""``paiban render`` and ``check`` run by the resident renderer for the thin client.

The client sends one JSON line ``{"argv": [...], "cwd": "..."}`` over the server's unix
socket (a folder only its user can enter). The server says at once that it took it
(an empty line: a stopped server is passed over), then answers with one JSON line ``{"code",
"stdout", "stderr", "files": [[path, size], ...]}`` followed by the files' bytes, which
the client writes itself; or ``{"fallback": reason}`` when the command is one this
server does not run (then the client works in-process, as without a server). A command
runs with the client's working directory, under the engine's lock, with the same
steps and messages as in-process, so its output and files are byte-for-byte the same.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import socketserver
from pathlib import Path

from ..diagnostics import emit
from ..errors import SpecError
from ..pipeline import EXIT_INPUT, recorded
from .answers import Answers

MAX_REQUEST = 1 << 20


def code_stamp(root: Path = Path(__file__).resolve().parent.parent) -> frozenset:
    """Path, mtime and size of every module of the package under ``root`` (~1 ms): the
    code this server runs, so that it never answers once that changed on disk (an edit
    of an editable install, an upgrade) — the client then runs the new code itself."""
    out, folders = [], [str(root)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    if e.name != "__pycache__":
                        folders.append(e.path)
                elif e.name.endswith(".py"):
                    st = e.stat()
                    out.append((e.path, st.st_mtime_ns, st.st_size))
    return frozenset(out)


_CODE = code_stamp()  # when the server imported it, at its start


def run_command(engine, argv: list[str], cwd: str, tty: tuple[bool, bool] = (False, False),
                env: dict | None = None) -> tuple[dict, list[bytes]]:
    """The answer's header and the files' bytes, or a fallback header. ``tty``: whether
    the client's stdout and stderr are terminals (diagnostics are coloured there);
    ``env``: the client's values of what a command reads from the environment
    (:data:`typeset.client.ENVIRONMENT`): when they are not the server's, the client runs
    the command itself (the server's environment is shared by its threads)."""
    from ..cli.args import STDOUT
    from ..cli.check import cmd_check
    from ..cli.render import cmd_render
    from ..client import ENVIRONMENT

    if env is not None and any(env.get(name) != os.environ.get(name) for name in ENVIRONMENT):
        return {"fallback": "environment"}, []
    if code_stamp() != _CODE:
        return {"fallback": "paiban's code changed since this server started: restart it"}, []

    out, err = _Stream(tty[0]), _Stream(tty[1])
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            args = _parser().parse_args(argv)
    except SystemExit:
        return {"fallback": "arguments"}, []
    if args.command not in ("render", "check") or args.debug or args.verbose:
        return {"fallback": "command"}, []
    files: list[tuple[str, bytes]] = []
    if args.command == "render":
        if len(args.spec) > 1 or args.output == STDOUT or args.output.endswith(("/", "\\")) \
                or Path(cwd, args.output).is_dir():
            return {"fallback": "several pages, a folder or stdout"}, []
        args.delivered = {}  # output path -> PDF, filled by cli/render.py's _build_and_draw
    key = Answers.key(argv, cwd, tty)
    with _waiting(engine), engine.lock, _cwd(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        if not all(_inside(Path(s).resolve(), engine.project) for s in args.spec):
            return {"fallback": "another project"}, []
        kept = engine.answers.get(key)
        if kept is not None:  # nothing it reads has changed: the same answer
            engine.commands += 1
            return kept
        try:
            with recorded() as made:
                code = (cmd_render if args.command == "render" else cmd_check)(args)
            files = [(str(Path(target).resolve()), data) for target, data in getattr(args, "delivered", {}).items()]
        except SpecError as exc:
            emit(exc.diagnostics)
            code, files = EXIT_INPUT, []
        except Exception as exc:  # noqa: BLE001 - let the client meet it in-process, as the user would
            return {"fallback": f"{type(exc).__name__}: {exc}"}, []
        engine.commands += 1
    header = {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
              "files": [[name, len(data)] for name, data in files]}
    blobs = [data for _, data in files]
    engine.answers.keep(key, made, args.output if args.command == "render" else None, header, blobs)
    return header, blobs


@functools.lru_cache(maxsize=1)
def _parser():
    """The command line's parser, made once (making it takes longer than a kept answer)."""
    from ..cli.args import parser

    return parser()


class _Stream(io.StringIO):
    """Captured output that is a terminal if the client's is (for colour)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@contextlib.contextmanager
def _waiting(engine):
    """Counted among the commands a build lets go first (engine._let_commands_run)
    from before it waits for the lock until it has let go of it."""
    with engine.idle:
        engine.waiting += 1
    try:
        yield
    finally:
        with engine.idle:
            engine.waiting -= 1
            engine.idle.notify_all()


@contextlib.contextmanager
def _cwd(folder: str):
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class CommandServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, engine) -> None:
        self.engine = engine
        old = os.umask(0o177)  # the socket: its user only
        try:
            super().__init__(path, _CommandHandler)
        finally:
            os.umask(old)


class _CommandHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(MAX_REQUEST)
        try:
            request = json.loads(line)
            argv, cwd = list(map(str, request["argv"])), str(request["cwd"])
            tty = tuple(bool(t) for t in request.get("tty", (False, False)))[:2]
            env = {str(k): None if v is None else str(v) for k, v in dict(request.get("env") or {}).items()}
        except (ValueError, KeyError, TypeError):
            return
        self.wfile.write(b"\n")  # taken: the client waits for the answer however long it takes
        header, blobs = run_command(self.server.engine, argv, cwd, tty, env)
        self.wfile.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
        for blob in blobs:
            self.wfile.write(blob)
