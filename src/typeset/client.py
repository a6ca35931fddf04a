"""The thin client: ``paiban render`` and ``check`` handed to a running ``paiban serve``
of the same project, so they skip loading pydantic, ReportLab and the fonts.

A server records itself by its project folder: a unix socket named by a hash of that
folder in ``<cache>/serve/`` (a folder only its user can enter). The client looks for a
socket for the page's folder and each folder above it, sends its arguments and working
directory, writes the files it gets back (atomically, as the renderer does) and prints
what it is told. With no server, an old one, or a command the server does not run, it
returns None and the command runs in-process; the bytes and messages are the same either
way. ``TYPESET_NO_SERVER=1`` turns it off. Imports only what a socket needs (the console
script, :mod:`typeset.console`, imports the command line only when this returns None).
"""

from __future__ import annotations

import os
import sys

from .hashes import sha256  # not hashlib: it loads OpenSSL first (2-3 ms of every command)

COMMANDS = ("render", "check")
IN_PROCESS = ("--debug", "-v", "--verbose", "-h", "--help")
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "NO_COLOR")  # what a command reads from it (PDF date, colour)
ACK_SECONDS = 5.0  # a server takes a command at once; one that does not (stopped: Ctrl-Z) is passed over
MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS


def state_dir() -> str:
    """As :func:`typeset.cache.cache_dir` (not imported: it pulls in pickle and tempfile)."""
    base = os.environ.get("TYPESET_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "typeset")
    return os.path.join(base, "serve")


def socket_path(root: str) -> str:
    """Where the server for the project folder ``root`` listens."""
    name = sha256(os.path.realpath(root).encode()).hexdigest()[:20] + ".sock"
    path = os.path.join(state_dir(), name)
    if len(path.encode()) > MAX_SOCKET_PATH:  # a deep cache folder: a short private one instead
        path = os.path.join(f"/tmp/paiban-{os.getuid()}", name)
    return path


def forward(argv: list[str]) -> int | None:
    """Run ``argv`` on a server for its project: the exit status, or None to run here."""
    if os.environ.get("TYPESET_NO_SERVER") or os.name != "posix":
        return None
    if not argv or argv[0] not in COMMANDS or any(a in IN_PROCESS for a in argv):
        return None
    specs = [a for a in argv[1:] if a.endswith((".yaml", ".yml"))]
    if not specs:
        return None
    folder = os.path.dirname(os.path.realpath(specs[0]))
    while True:
        path = socket_path(folder)
        if _ours(path):
            return _ask(path, argv)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _ours(path: str) -> bool:
    """A socket of this user's (not one another user left in a shared folder)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return st.st_uid == os.getuid() and (st.st_mode & 0o170000) == 0o140000


def _output(argv: list[str]) -> str | None:
    """The ``-o``/``--output`` argument of a render, as given."""
    for i, a in enumerate(argv):
        if a in ("-o", "--output") and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--output="):
            return a.split("=", 1)[1]
        if a.startswith("-o") and len(a) > 2:
            return a[2:]
    return None


def _ask(path: str, argv: list[str]) -> int | None:
    import json  # here: only when a server is there to ask

    import socket  # only when there is a server to ask

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(ACK_SECONDS)
            conn.connect(path)
            tty = [_tty(sys.stdout), _tty(sys.stderr)]
            env = {name: os.environ.get(name) for name in ENVIRONMENT}
            conn.sendall(json.dumps({"argv": argv, "cwd": os.getcwd(), "tty": tty, "env": env}).encode() + b"\n")
            reader = conn.makefile("rb")
            if reader.readline() != b"\n":
                return None  # not taken at once: a stopped or stuck server
            conn.settimeout(None)  # the command itself takes as long as it takes
            header = json.loads(reader.readline() or b"{}")
            if not _answer(header):
                return None  # a fallback, a server that has gone, or not an answer at all
            blobs = [reader.read(size) for _, size in header["files"]]
    except (OSError, ValueError):
        return None
    if any(len(b) != size for b, (_, size) in zip(blobs, header["files"])):
        return None
    asked = _output(argv) if argv[0] == "render" else None
    if any(asked is None or target != os.path.realpath(asked) for target, _ in header["files"]):
        return None  # only the file this command names is ever written
    try:
        for (target, _), data in zip(header["files"], blobs):
            _write_atomic(target, data)
    except OSError:
        return None  # nothing written: in-process, the user gets the full message
    sys.stdout.write(header["stdout"])
    sys.stderr.write(header["stderr"])
    return int(header["code"])


def _answer(header) -> bool:
    """Whether ``header`` is an answer: an exit status, both streams' text, the files."""
    return (type(header) is dict and header.get("code") in (0, 1, 2, 3) and type(header["code"]) is int
            and type(header.get("stdout")) is str and type(header.get("stderr")) is str
            and type(header.get("files")) is list
            and all(type(f) is list and len(f) == 2 and type(f[0]) is str and type(f[1]) is int and f[1] >= 0
                    for f in header["files"]))


def _tty(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _write_atomic(target: str, data: bytes) -> None:
    """As :func:`typeset.output.write_atomic` for a path the server has checked (its real
    path: not an input, a folder or a device): a temporary file beside it, flushed to
    disk, then renamed over it."""
    folder, name = os.path.split(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    mask = os.umask(0)
    os.umask(mask)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~mask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
