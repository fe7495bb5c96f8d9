"""Fetch one posting over HTTP(S) with the standard library: capped in size and in total time, one-line errors."""
from __future__ import annotations

import http.client
import re
import socket
import threading
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

from skillgap import __version__
from skillgap.errors import InputError

TIMEOUT_SECONDS = 15
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
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
    fetched: a bad scheme, credentials in the URL, DNS or connection failure, an HTTP error, a
    redirect to another scheme or in a loop, no whole answer within `timeout` seconds in all
    (however slowly it drips), a body over `max_bytes` or shorter than its Content-Length.
    """
    _check_url(url, url)
    request = Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        "Accept-Language": "ko,en;q=0.8",
    })
    deadline = _Deadline(timeout)
    opener = build_opener(_Redirects(url), _DeadlineHTTP(deadline), _DeadlineHTTPS(deadline))
    try:
        with deadline, opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_large(url, max_bytes)
            data = _read_capped(response, url, max_bytes)
            if deadline.expired:  # the sockets were shut down: what came is cut short
                raise _not_fetched(url, _reason(TimeoutError(), timeout, deadline))
            if length.isdigit() and len(data) < int(length):
                raise _not_fetched(url, f"the connection closed after {len(data):,} of {int(length):,} bytes")
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else None
            return Fetched(response.geturl(), data, content_type)
    except HTTPError as exc:
        exc.close()
        raise _not_fetched(url, f"HTTP {exc.code} {exc.reason}") from None
    except URLError as exc:
        raise _not_fetched(url, _reason(exc.reason, timeout, deadline)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _not_fetched(url, _reason(exc, timeout, deadline)) from None
    except ValueError:  # UnicodeError included: a redirect to an address http.client cannot send
        raise _not_fetched(url, "the server redirected to an address that cannot be requested") from None


def _check_url(url: str, given: str) -> None:
    """Raise InputError unless `url` is an http(s) address with a host and no credentials (`given`: the address asked for)."""
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InputError(given, f"malformed URL ({exc})", "check the address") from None
    redirected = "" if url == given else f"redirected to {_without_credentials(url)}: "
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(given, f"{redirected}unsupported URL scheme '{parts.scheme}'",
                         "give an http:// or https:// address, or a file")
    if not parts.hostname:
        raise InputError(given, f"{redirected}the URL has no host name", "check the address")
    if parts.username is not None or parts.password is not None:
        raise InputError(_without_credentials(given), f"{redirected}the address holds a user name or password",
                         "skillgap never sends credentials; log in with your browser, save the page and run: "
                         "skillgap add FILE")


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])) if "@" in parts.netloc else url


class _Redirects(HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, to http(s) only, and name a loop instead of going round it."""

    def __init__(self, url: str):
        self.chain = [url]

    def http_error_302(self, req, fp, code, msg, headers):
        newurl = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        _check_url(newurl, self.chain[0])  # before urllib's own check, which would follow ftp://
        if newurl in self.chain:
            loop = " → ".join([*self.chain[self.chain.index(newurl):], newurl])
            raise InputError(self.chain[0], f"redirect loop ({loop})",
                             "check the address, or save the page in your browser and run: skillgap add FILE")
        if len(self.chain) > MAX_REDIRECTS:
            raise _not_fetched(self.chain[0], f"more than {MAX_REDIRECTS} redirects")
        self.chain.append(newurl)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Deadline:
    """Shut down every socket of a fetch once `seconds` have passed: a socket timeout bounds one read, not all."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        self._sockets.append(sock)
        if self.expired:
            self._expire()

    def _expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once
            except OSError:
                pass

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def _watched(base, deadline: _Deadline):
    class Connection(base):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)
    return Connection


class _DeadlineHTTP(HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._connection = _watched(http.client.HTTPConnection, deadline)

    def http_open(self, req):
        return self.do_open(self._connection, req)


class _DeadlineHTTPS(HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._connection = _watched(http.client.HTTPSConnection, deadline)

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._context)


def _read_capped(response, url: str, max_bytes: int) -> bytes:
    """Read the body as it arrives and stop as soon as it passes the limit (Content-Length may lie or be absent)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: object, timeout: float, deadline: _Deadline) -> str:
    if deadline.expired or isinstance(exc, TimeoutError):
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
