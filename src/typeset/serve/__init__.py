"""``paiban serve``: a live proof in the browser over a resident renderer.

- ``engine``: the resident renderer: fonts, ReportLab faces and composed paragraphs kept
  warm; builds a page or an issue, keeps the last good proof of each page, rasterises it;
- ``proof``: a laid-out page as the proof page's data (block areas, fit, origins, findings);
- ``http``: the local HTTP server (proof page, state, page images, Server-Sent Events);
- ``watcher``: rebuilds when a file the pages read is saved;
- ``remote``: runs ``paiban render`` / ``check`` for the thin client (:mod:`typeset.client`)
  over a unix socket, answering bytes and text that the client writes and prints.

Nothing here writes a file but the server's own socket and state file in the cache.
"""

from __future__ import annotations

__all__ = ["run_serve"]


def run_serve(args) -> int:
    from .app import run

    return run(args)
