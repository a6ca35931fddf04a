"""The proof's HTTP server: the proof page, its state, page images and a stream of
Server-Sent Events that tells the page when a new build is ready.

Read-only and local: GET and HEAD only; the static files are a fixed list shipped in the
package; a page image is named by its number, never by a path; a request whose Host is
not the bound address and port is refused (DNS rebinding: a web page elsewhere cannot
make the browser talk to this server under its own name).
"""

from __future__ import annotations

import json
import logging
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger("typeset.serve")

STATIC = Path(__file__).resolve().parent / "static"
FILES = {"/": ("index.html", "text/html; charset=utf-8"),
         "/proof.js": ("proof.js", "text/javascript; charset=utf-8"),
         "/proof.css": ("proof.css", "text/css; charset=utf-8")}
PAGE_IMAGE = re.compile(r"/page/(\d{1,4})\.jpg")
KEEPALIVE = 15.0  # seconds between SSE comments, so a dead browser is noticed
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'",
}


class ProofServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, engine, host: str = "127.0.0.1", port: int = 0) -> None:
        self.engine = engine
        self.closing = False
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.address_family = family
        super().__init__((host, port), ProofHandler)
        bound_host, self.port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        self.hosts = {f"{shown}:{self.port}"}
        if host in ("127.0.0.1", "::1"):
            self.hosts.add(f"localhost:{self.port}")

    @property
    def url(self) -> str:
        return f"http://{sorted(self.hosts)[0]}/"

    def handle_error(self, request, client_address) -> None:  # a browser hanging up is not news
        log.debug("request from %s failed", client_address, exc_info=True)

    def shutdown(self) -> None:
        self.closing = True
        with self.engine.updated:
            self.engine.updated.notify_all()
        super().shutdown()


class ProofHandler(BaseHTTPRequestHandler):
    server: ProofServer
    server_version = "paiban"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        if self.headers.get("Host", "") not in self.server.hosts:
            return self._send(HTTPStatus.FORBIDDEN, b"wrong Host: this server answers only its own address\n",
                              "text/plain; charset=utf-8", head)
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        if path in FILES:
            name, kind = FILES[path]
            return self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind, head)
        if path == "/state":
            body = json.dumps(self.server.engine.state(), ensure_ascii=False).encode()
            return self._send(HTTPStatus.OK, body, "application/json; charset=utf-8", head)
        if path == "/events":
            return self._events(head)
        match = PAGE_IMAGE.fullmatch(path)
        if match:
            width = _int(query.get("w", ["1000"])[0], 1000)
            image = self.server.engine.image(int(match.group(1)), width)
            if image is not None:
                return self._send(HTTPStatus.OK, image, "image/jpeg", head)
        return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"the proof is read-only\n", "text/plain; charset=utf-8",
                   extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool = False, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, head: bool) -> None:
        """``event: build`` with the build's version, now and after every build."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        for key, value in SECURITY_HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        if head:
            return
        engine, seen = self.server.engine, None
        try:
            while not self.server.closing:
                version = engine.version if seen is None else engine.wait(seen, KEEPALIVE)
                if version != seen:
                    self.wfile.write(f"event: build\ndata: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the browser went away


def _int(text: str, default: int) -> int:
    return int(text) if text.isdigit() and len(text) < 6 else default
