"""``paiban serve SPEC|ISSUE``: the engine, the proof's HTTP server, the command socket for
the thin client and the file watcher, started together and stopped together (Ctrl-C or
SIGTERM), the socket removed on the way out."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from ..errors import display_path, error


def run(args) -> int:
    from ..client import socket_path
    from .engine import Engine
    from .http import ProofServer
    from .watcher import Watcher

    target = Path(args.spec)
    if not target.is_file():
        raise error(f"page or issue file not found: {display_path(target)}", hint="check the file name and folder")
    engine = Engine(target, root=args.root, time_limit=args.time_limit)
    took = engine.rebuild()
    for page in engine.pages:
        engine.image(engine.pages.index(page), 1000)  # warm pdfium and the JPEG encoder
    _warm_commands(engine)
    say = _printer(args)
    say(f"built {len(engine.pages)} page(s) in {took * 1000:.0f} ms")
    for d in (d for ds in engine.failed.values() for d in ds):
        say(d.format())

    try:
        http = ProofServer(engine, args.host, args.port)
    except OSError as exc:
        raise error(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})",
                    hint="give another --port, or --port 0 for any free one") from None
    sock = socket_path(str(engine.project))
    commands = _command_server(sock, engine)
    watcher = Watcher(engine, lambda t, paths: _report(say, engine, t))
    threads = [threading.Thread(target=http.serve_forever, name="paiban-http", daemon=True), watcher]
    if commands is not None:
        threads.append(threading.Thread(target=commands.serve_forever, name="paiban-commands", daemon=True))
    for t in threads:
        t.start()
    watcher.ready.wait(5)
    say(f"proof of {display_path(target)} at {http.url}  (Ctrl-C to stop)")
    if commands is not None:
        say(f"paiban render/check of pages in {display_path(engine.project)} use this server")
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.stop.set()
        http.shutdown()
        http.server_close()
        if commands is not None:
            commands.shutdown()
            commands.server_close()
            _unlink(sock)
    return 0


def _warm_commands(engine) -> None:
    """Run a render of the first page for no one (its bytes are dropped, nothing is
    written): the first command of the thin client then finds the print path (PDF/X,
    preflight, pikepdf) loaded, as every later one does."""
    import tempfile

    from .remote import run_command

    if engine.pages and engine.pages[0] in engine.proofs:
        with tempfile.TemporaryDirectory(prefix="paiban-warm-") as folder:
            run_command(engine, ["render", str(engine.pages[0].resolve()), "-o", "warm.pdf", "-q"], folder)


def _command_server(path: str, engine):
    """The thin client's socket; None (with a note) if another server of this project runs."""
    import socket

    from .remote import CommandServer

    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    st = os.stat(folder)
    if st.st_uid != os.getuid() or (folder.startswith("/tmp/") and st.st_mode & 0o077):
        print(f"note: {folder} is not this user's own folder: render/check run in-process", file=sys.stderr)
        return None
    if os.path.exists(path):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
            print(f"note: another paiban serve answers render/check for this project ({path})", file=sys.stderr)
            return None
        except OSError:
            _unlink(path)  # left by a server that died
        finally:
            probe.close()
    return CommandServer(path, engine)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _printer(args):
    stream = sys.stdout  # kept: remote commands redirect sys.stdout while they run

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=stream, flush=True)
    return say


def _report(say, engine, took: float) -> None:
    state = "errors" if engine.failed else "ok"
    say(f"rebuilt in {took * 1000:.0f} ms ({state})")
    for d in (d for ds in engine.failed.values() for d in ds):
        say(d.format())
