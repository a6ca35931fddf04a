"""SHA-256 and BLAKE2b from Python's own builtin modules, not through ``hashlib``:
importing hashlib loads OpenSSL first (2-3 ms of every command), and a command needs
only these two digests of small inputs (cache entry names and frames, the ICC
profile's digest, a copy file's stamp). Where a build lacks the builtin modules,
hashlib's are used. The digests are the standard ones either way."""

from __future__ import annotations

try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # pragma: no cover - a build without the builtin module
        from hashlib import sha256

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
