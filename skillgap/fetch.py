"""Fetch one posting over HTTP(S) with the standard library: capped in size and time, one-line errors."""
from __future__ import annotations

import http.client
import re
import socket
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from skillgap import __version__
from skillgap.errors import InputError

TIMEOUT_SECONDS = 15
MAX_BYTES = 5 * 1024 * 1024
# Some job boards refuse clients that do not look like a browser at all.
USER_AGENT = f"Mozilla/5.0 (compatible; skillgap/{__version__}; offline skill-gap analyzer)"
FALLBACK_HINT = "save the page in your browser and run: skillgap add FILE"
_CHUNK = 64 * 1024
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the final URL after redirects, the body as sent, and its media type."""

    url: str
    data: bytes
    content_type: str | None


def is_url(text: str) -> bool:
    """Tell whether a command-line SOURCE is a URL (any scheme) rather than a file path."""
    return bool(_URL.match(text))


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> Fetched:
    """Download `url` (http or https; redirects followed) and return its body unchanged.

    Raises InputError with a one-line reason for anything that keeps the page from being
    fetched: a bad scheme, DNS or connection failure, an HTTP error, a timeout, a body over
    `max_bytes`.
    """
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InputError(url, f"malformed URL ({exc})", "check the address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(url, f"unsupported URL scheme '{parts.scheme}'", "give an http:// or https:// address, or a file")
    if not parts.hostname:
        raise InputError(url, "the URL has no host name", "check the address")
    request = Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Language": "ko,en;q=0.8",
    })
    try:
        with urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)
            data = _read_capped(response, url, max_bytes)
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else None
            return Fetched(response.geturl(), data, content_type)
    except HTTPError as exc:
        exc.close()
        raise _not_fetched(url, f"HTTP {exc.code} {exc.reason}") from None
    except URLError as exc:
        raise _not_fetched(url, _reason(exc.reason, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _not_fetched(url, _reason(exc, timeout)) from None


def _read_capped(response, url: str, max_bytes: int) -> bytes:
    """Read the body in chunks and stop as soon as it passes the limit (Content-Length may lie or be absent)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: object, timeout: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return "cannot resolve the host name — are you offline?"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _not_fetched(url: str, reason: str) -> InputError:
    return InputError(url, f"could not fetch ({reason})", FALLBACK_HINT)


def _too_large(url: str, max_bytes: int) -> InputError:
    return _not_fetched(url, f"the page is larger than {max_bytes // (1024 * 1024)} MB")
