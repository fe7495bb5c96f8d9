"""`skillgap add URL` against hostile servers on 127.0.0.1: slow drips, endless bodies, lying lengths, odd redirects."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from skillgap.cli import main
from skillgap.errors import InputError
from skillgap.fetch import FALLBACK_HINT, fetch

POSTING = b"Data Engineer - Acme\n\nRequirements\n- Python and SQL\n"


class RawServer:
    """A one-thread TCP server: each connection's request is read, then `behave(conn, path)` answers it."""

    def __init__(self, behave):
        self.behave = behave
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/job") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ")[1].decode()
            try:
                self.behave(conn, path, self.stop)
            except OSError:
                pass  # the client hung up: that is what the tests want

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(2)


@pytest.fixture
def raw_server():
    servers = []

    def start(behave):
        server = RawServer(behave)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.close()


def _drip(conn, path, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
    while not stop.is_set():
        conn.sendall(b"x")
        time.sleep(0.05)


def _header_drip(conn, path, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.is_set():
        conn.sendall(b"X-Slow: y\r\n")
        time.sleep(0.05)


def _endless(conn, path, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    while not stop.is_set():
        conn.sendall(b"<p>" + b"a" * 65536)


def _short_body(conn, path, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
                 + POSTING)


def _redirect_to(location):
    def behave(conn, path, stop):
        conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {location(path)}\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n".encode())
    return behave


def test_a_slow_drip_is_cut_at_the_total_deadline(raw_server):
    server = raw_server(_drip)
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        fetch(server.url(), timeout=0.6)
    assert time.monotonic() - started < 2.5  # each byte came well within the timeout: only a total limit stops it
    assert str(info.value) == f"{server.url()}: could not fetch (no answer within 0.6 s) — {FALLBACK_HINT}"


def test_headers_that_never_end_are_cut_at_the_deadline(raw_server):
    server = raw_server(_header_drip)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no answer within 0\.5 s"):
        fetch(server.url(), timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_an_endless_body_stops_at_the_size_limit(raw_server):
    server = raw_server(_endless)
    with pytest.raises(InputError, match=r"the page is larger than 1 MB"):
        fetch(server.url(), timeout=10, max_bytes=1024 * 1024)


def test_a_body_shorter_than_its_content_length_is_refused(raw_server, tmp_path, monkeypatch, capsys):
    server = raw_server(_short_body)
    monkeypatch.chdir(tmp_path)
    assert main(["add", server.url()]) == 2
    assert capsys.readouterr().err == (f"error: {server.url()}: could not fetch (the connection closed after "
                                       f"{len(POSTING)} of 5,000 bytes) — {FALLBACK_HINT}\n")
    assert not (tmp_path / "job_descriptions").exists() or not list((tmp_path / "job_descriptions").iterdir())


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/job.txt", "file:///etc/passwd", "gopher://127.0.0.1/"])
def test_redirects_go_only_to_http_or_https(raw_server, target):
    server = raw_server(_redirect_to(lambda path: target))
    scheme = target.split(":")[0]
    with pytest.raises(InputError) as info:
        fetch(server.url())
    assert str(info.value) == (f"{server.url()}: redirected to {target}: unsupported URL scheme '{scheme}' — "
                               "give an http:// or https:// address, or a file")


def test_a_redirect_loop_is_one_line_naming_the_loop(raw_server, tmp_path, monkeypatch, capsys):
    server = raw_server(_redirect_to(lambda path: "/b" if path == "/a" else "/a"))
    monkeypatch.chdir(tmp_path)
    assert main(["add", server.url("/a")]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {server.url('/a')}: redirect loop ({server.url('/a')} → {server.url('/b')} → "
                   f"{server.url('/a')}) — check the address, or save the page in your browser and run: "
                   "skillgap add FILE\n")


def test_an_endless_chain_of_redirects_stops(raw_server):
    counter = iter(range(1000))
    server = raw_server(_redirect_to(lambda path: f"/hop{next(counter)}"))
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(server.url())


@pytest.mark.parametrize("url, shown", [
    ("http://user:secret@127.0.0.1:9/job", "http://127.0.0.1:9/job"),
    ("https://token@careers.example.com/jobs/1", "https://careers.example.com/jobs/1"),
])
def test_credentials_in_the_url_get_their_own_message_and_are_not_echoed(url, shown, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["add", url]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {shown}: the address holds a user name or password — skillgap never sends credentials; "
                   "log in with your browser, save the page and run: skillgap add FILE\n")
    assert "secret" not in err and "token" not in err


def test_a_redirect_to_credentials_is_refused(raw_server):
    server = raw_server(_redirect_to(lambda path: f"http://u:p@127.0.0.1:{server.port}/x"))
    with pytest.raises(InputError, match="redirected to http://127.0.0.1:.*/x: the address holds a user name"):
        fetch(server.url())


def test_a_redirect_to_an_address_http_cannot_send_is_one_line(raw_server):
    # A host name in Hangul cannot go into the Host header as it is: http.client raises UnicodeEncodeError.
    server = raw_server(_redirect_to(lambda path: "http://채용.invalid/공고"))
    with pytest.raises(InputError) as info:
        fetch(server.url())
    assert "\n" not in str(info.value) and "could not fetch" in str(info.value)
