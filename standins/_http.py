"""Shared plumbing for the local stand-in servers.

* :class:`StandInServer`: a stdlib ``ThreadingHTTPServer`` on ``127.0.0.1`` (free port) that
  turns each HTTP request into a :class:`Request` and sends back the :class:`Response` that
  the subclass's :meth:`StandInServer.handle` returns.
* :class:`Gate`: a one-shot barrier used to hold requests until a test releases them.
* :class:`CallLog`: a thread-safe, waitable list of recorded calls.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from urllib.parse import parse_qs, urlsplit

T = TypeVar("T")

#: How often ``serve_forever`` checks for a shutdown request; bounds how long stop() takes.
_POLL_INTERVAL = 0.02
#: An idle keep-alive connection is closed after this long (its thread ends).
_IDLE_SECONDS = 30.0


@dataclass(frozen=True)
class Request:
    """One HTTP request as seen by a stand-in (header names are lower-cased)."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type of the body without parameters, e.g. ``application/json``."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class Response:
    """What a stand-in answers: status, headers and a raw body."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Close the connection without answering (the client sees the peer hang up).
    drop: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
        """A JSON response (``application/json; charset=utf-8``)."""
        merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), merged)

    @classmethod
    def dropped(cls) -> Response:
        """No answer at all: the connection is closed after the request was handled."""
        return cls(0, drop=True)

    @classmethod
    def empty(cls, status: int = 204) -> Response:
        """A response without a body (e.g. Zoom's 204 No Content)."""
        return cls(status)


class Gate:
    """Holds requests until :meth:`release` is called (or the server stops).

    Server threads call :meth:`pass_through`; tests call :meth:`wait_held` to know that a
    request has reached the gate, then :meth:`release` to let it (and later ones) through.
    """

    def __init__(self) -> None:
        self._open = threading.Event()
        self._cond = threading.Condition()
        self._arrived = 0

    @property
    def released(self) -> bool:
        """Whether the gate is open."""
        return self._open.is_set()

    @property
    def arrived(self) -> int:
        """How many requests have reached the gate so far."""
        with self._cond:
            return self._arrived

    def release(self) -> None:
        """Open the gate for good: held requests continue, later ones pass straight through."""
        self._open.set()

    def wait_held(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` requests have reached the gate; ``TimeoutError`` otherwise."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._arrived >= count, timeout):
                raise TimeoutError(f"{self._arrived} request(s) reached the gate, wanted {count}")

    def pass_through(self) -> None:
        """Server side: register arrival, then wait until the gate is released."""
        with self._cond:
            self._arrived += 1
            self._cond.notify_all()
        self._open.wait()


class CallLog(Generic[T]):
    """A thread-safe list of recorded calls that tests can wait on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._items: list[T] = []
        self._seq = 0

    def next_seq(self) -> int:
        """A process-unique, increasing sequence number for the next record."""
        with self._cond:
            self._seq += 1
            return self._seq

    def append(self, item: T) -> None:
        """Record ``item`` and wake up waiters."""
        with self._cond:
            self._items.append(item)
            self._cond.notify_all()

    def snapshot(self) -> list[T]:
        """A copy of the recorded items, oldest first."""
        with self._cond:
            return list(self._items)

    def clear(self) -> None:
        """Forget all recorded items (sequence numbers keep increasing)."""
        with self._cond:
            self._items.clear()

    def wait_for(self, select: Callable[[T], bool], count: int, timeout: float) -> list[T]:
        """Wait until at least ``count`` items match ``select``; return the matching items."""

        def matching() -> list[T]:
            return [item for item in self._items if select(item)]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout):
                found = len(matching())
                raise TimeoutError(f"expected {count} matching call(s), got {found}")
            return matching()


class _Handler(BaseHTTPRequestHandler):
    """Adapts ``http.server`` to :meth:`StandInServer.handle`.

    HTTP/1.1 with keep-alive, as Slack and Zoom answer: a client that pools connections
    sends many requests over one; a client that says ``Connection: close`` (urllib) gets one.
    An idle connection is closed after :data:`_IDLE_SECONDS`, and all of them on stop.
    """

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = _IDLE_SECONDS
    # Headers and body go out in separate writes; without TCP_NODELAY a kept-alive
    # connection waits on the client's delayed ACK (~40 ms) for every answer.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.server.opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.closed(self.connection)

    def _dispatch(self) -> None:
        self.server.request_started()
        try:
            self._answer()
        finally:
            self.server.request_finished()

    def _answer(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        request = Request(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        try:
            response = self.server.stand_in.handle(request)
        except Exception as exc:  # noqa: BLE001 - a stand-in bug must not kill the thread
            self.server.stand_in.internal_errors.append(f"{request.method} {request.path}: {exc!r}")
            response = Response.json(500, {"error": "stand-in internal error", "detail": repr(exc)})
        if response.drop:
            self.close_connection = True
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.body and self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_PATCH = _dispatch
    do_DELETE = _dispatch
    do_HEAD = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the recorded calls instead of access logs."""


class _Server(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` that knows its stand-in and joins request threads on close."""

    daemon_threads = True
    block_on_close = True

    def __init__(self, stand_in: StandInServer) -> None:
        self.stand_in = stand_in
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._in_flight = 0
        self._quiet = threading.Condition()
        #: How many TCP connections were accepted (keep-alive reuse shows as fewer).
        self.connections_accepted = 0
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up on a kept-alive connection is normal; anything else is printed."""
        if isinstance(sys.exception(), ConnectionError):
            return
        super().handle_error(request, client_address)

    def opened(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)
            self.connections_accepted += 1

    def closed(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def request_started(self) -> None:
        with self._quiet:
            self._in_flight += 1

    def request_finished(self) -> None:
        with self._quiet:
            self._in_flight -= 1
            self._quiet.notify_all()

    def close_connections(self, grace: float = 5.0) -> None:
        """Let requests being answered finish (bounded by `grace` seconds), then hang up on
        every open connection, so idle keep-alive threads end now."""
        with self._quiet:
            self._quiet.wait_for(lambda: self._in_flight == 0, timeout=grace)
        with self._connections_lock:
            open_now = list(self._connections)
        for connection in open_now:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class StandInServer:
    """Base class: lifecycle (start/stop/context manager) of a loopback HTTP stand-in."""

    def __init__(self) -> None:
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._gates: list[Gate] = []
        self._gates_lock = threading.Lock()
        #: Exceptions raised inside :meth:`handle` (answered with HTTP 500); should stay empty.
        self.internal_errors: list[str] = []

    def handle(self, request: Request) -> Response:
        """Answer one request; implemented by each stand-in."""
        raise NotImplementedError

    @property
    def port(self) -> int:
        """The TCP port the server listens on (only while started)."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.server_address[1])

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far (only while started)."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return self._server.connections_accepted

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def new_gate(self) -> Gate:
        """A new :class:`Gate` that :meth:`stop` will release."""
        gate = Gate()
        with self._gates_lock:
            self._gates.append(gate)
        return gate

    def start(self) -> Self:
        """Bind a free loopback port and serve in a daemon thread."""
        if self._server is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name=f"{type(self).__name__}:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release held requests, stop serving, close the socket and join all threads."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        with self._gates_lock:
            for gate in self._gates:
                gate.release()
        server.shutdown()
        server.server_close()
        server.close_connections()
        thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
