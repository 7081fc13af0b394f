"""A local stand-in for Slack's Socket Mode: ``apps.connections.open`` and the WebSocket it
hands out (https://docs.slack.dev/apis/events-api/using-socket-mode/).

How Slack does it, and what :class:`SocketModeStandIn` reproduces on ``127.0.0.1``:

1. The app calls ``apps.connections.open`` with its app-level token (``xapp-…``, in the
   ``Authorization`` header) and gets ``{"ok": true, "url": "wss://…/link/?ticket=…&app_id=…"}``.
   Each URL carries a single-use ticket.
2. The app opens a WebSocket there; Slack sends ``{"type": "hello", …}``.
3. Every request from Slack is an envelope ``{"envelope_id", "type": "slash_commands" |
   "interactive" | "events_api", "payload", "accepts_response_payload"}``; the app
   acknowledges it with ``{"envelope_id", "payload"?}`` (the payload only where
   ``accepts_response_payload`` is true: a slash command's reply, a view's ``response_action``).
4. Slack asks the app to move to a new connection with ``{"type": "disconnect", "reason": …}``.

The Web API part is an HTTP server of its own (:attr:`~SocketModeStandIn.api_url`): give it as
``base_url`` to the ``WebClient`` of the Socket Mode client only, e.g.
``SocketModeHandler(app, app_token, web_client=WebClient(base_url=link.api_url))``; the app's
own client keeps talking to :class:`standins.slack.SlackStandIn`.

The WebSocket server speaks plain ``ws://`` on a free port: slack_sdk's builtin client decides
on TLS by port (TLS on 443 only), not by scheme, so it connects to this server as it is.
Client mistakes (wrong token, unmasked frames, acks for unknown or already acknowledged
envelopes, a payload where none is accepted, an ack later than Slack's 3 seconds, …) are collected in
:attr:`~SocketModeStandIn.violations`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal, Self
from urllib.parse import parse_qs, urlsplit

from standins._http import CallLog, Request, Response, StandInServer

EnvelopeType = Literal["slash_commands", "interactive", "events_api"]

#: RFC 6455 section 1.3: appended to Sec-WebSocket-Key before hashing.
_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_OP_CONTINUATION, _OP_TEXT, _OP_BINARY = 0x0, 0x1, 0x2
_OP_CLOSE, _OP_PING, _OP_PONG = 0x8, 0x9, 0xA
_MAX_HANDSHAKE_BYTES = 16 * 1024
_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
#: How often the accept loop checks for stop(); bounds how long stop() takes.
_POLL_INTERVAL = 0.02
#: Interactive payload types whose ack may carry a response (``response_action``, options).
_INTERACTIVE_WITH_RESPONSE = frozenset({"view_submission", "block_suggestion"})


@dataclass(frozen=True)
class Envelope:
    """One request Slack sent over the WebSocket."""

    envelope_id: str
    type: EnvelopeType
    payload: dict[str, Any]
    accepts_response_payload: bool
    connection: int


@dataclass(frozen=True)
class Ack:
    """The app's acknowledgement of an envelope (``payload`` is ``None`` when it sent none)."""

    envelope_id: str
    payload: dict[str, Any] | None
    connection: int
    #: Seconds between sending the envelope and receiving this ack (Slack allows 3).
    latency: float
    seq: int


@dataclass(frozen=True)
class ConnectionsOpenCall:
    """One ``apps.connections.open`` call: the answer, and the URL handed out if any."""

    ok: bool
    error: str | None
    url: str | None
    seq: int


class _Closed(Exception):
    """The peer closed the TCP connection (or stop() shut it down)."""


@dataclass
class _Connection:
    number: int
    sock: socket.socket
    send_lock: threading.Lock
    thread: threading.Thread | None = None
    open: bool = True
    greeted: bool = False
    #: Bytes received but not consumed yet (a client may send frames right after the
    #: handshake, in the same TCP segment).
    buffer: bytearray = field(default_factory=bytearray)

    def _fill(self) -> None:
        try:
            chunk = self.sock.recv(65536)
        except OSError as exc:
            raise _Closed from exc
        if not chunk:
            raise _Closed
        self.buffer += chunk

    def read_exact(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def read_until(self, marker: bytes, limit: int) -> bytes | None:
        """Bytes up to and including ``marker``, or ``None`` if ``limit`` bytes came first."""
        while marker not in self.buffer:
            if len(self.buffer) > limit:
                return None
            self._fill()
        end = self.buffer.index(marker) + len(marker)
        return self.read_exact(end)


def _accept_value(key: str) -> str:
    digest = hashlib.sha1((key + _WS_GUID).encode("ascii")).digest()  # noqa: S324 - RFC 6455
    return base64.b64encode(digest).decode("ascii")


def _frame(opcode: int, payload: bytes) -> bytes:
    """A single unmasked frame with FIN set (servers never mask, RFC 6455 section 5.1)."""
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
    return header + payload


class SocketModeStandIn(StandInServer):
    """Local Socket Mode server: ``apps.connections.open`` over HTTP plus the WebSocket."""

    def __init__(
        self,
        *,
        app_token: str = "xapp-1-A0STANDIN-1-standin",  # noqa: S107 - a stand-in's token
        app_id: str = "A0STANDIN",
        ping_interval: float | None = 0.25,
        ack_deadline: float | None = 3.0,
    ) -> None:
        super().__init__()
        self.app_token = app_token
        self.app_id = app_id
        #: Seconds between the server's pings on each connection (``None``: never ping).
        #: Slack pings its clients; slack_sdk's builtin client only notices ``close()`` when a
        #: read returns, so pings also bound how long closing the handler takes.
        self.ping_interval = ping_interval
        #: Slack gives up on an envelope not acknowledged within 3 s (the user sees an
        #: error); a later ack is a violation. ``None`` turns the check off.
        self.ack_deadline = ack_deadline
        self._lock = threading.RLock()
        self._opens: CallLog[ConnectionsOpenCall] = CallLog()
        self._acks: CallLog[Ack] = CallLog()
        self._hellos: CallLog[int] = CallLog()
        self._closes: CallLog[int] = CallLog()
        self._violations: list[str] = []
        self._tickets: set[str] = set()
        self._envelopes: dict[str, tuple[Envelope, float]] = {}
        self._acked: set[str] = set()
        self._connections: list[_Connection] = []
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Serve ``apps.connections.open`` and accept WebSocket connections (two free ports)."""
        super().start()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(_POLL_INTERVAL)
        self._stopping.clear()
        self._listener = listener
        self._accept_thread = threading.Thread(
            target=self._accept_loop,
            args=(listener,),
            name=f"SocketModeStandIn:ws:{self.ws_port}",
            daemon=True,
        )
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, cut every open connection, join all threads, then stop the API."""
        self._stopping.set()
        if self._accept_thread is not None:
            self._accept_thread.join()
            self._accept_thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)
        for connection in connections:
            if connection.thread is not None:
                connection.thread.join()
        super().stop()

    # ------------------------------------------------------------------ addresses

    @property
    def api_url(self) -> str:
        """Base URL for the Socket Mode client's ``WebClient(base_url=...)``."""
        return f"{self.base_url}/api/"

    @property
    def ws_port(self) -> int:
        """The WebSocket server's port (only while started)."""
        if self._listener is None:
            raise RuntimeError("SocketModeStandIn is not started")
        return int(self._listener.getsockname()[1])

    # ------------------------------------------------------------------ what Slack sends

    def send(
        self,
        type: EnvelopeType,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> Envelope:
        """Send an envelope on the newest open connection; returns it (see :meth:`wait_ack`).

        ``accepts_response_payload`` defaults to what Slack sends: true for slash commands and
        for view submissions / block suggestions, false otherwise.
        """
        if accepts_response_payload is None:
            accepts_response_payload = type == "slash_commands" or (
                type == "interactive" and payload.get("type") in _INTERACTIVE_WITH_RESPONSE
            )
        with self._lock:
            connection = self._newest_connection()
            if connection is None:
                raise RuntimeError("no open Socket Mode connection")
            envelope = Envelope(
                envelope_id=str(uuid.uuid4()),
                type=type,
                payload=payload,
                accepts_response_payload=accepts_response_payload,
                connection=connection.number,
            )
            self._envelopes[envelope.envelope_id] = (envelope, time.monotonic())
        message: dict[str, Any] = {
            "envelope_id": envelope.envelope_id,
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            message["retry_attempt"] = retry_attempt or 0
            message["retry_reason"] = retry_reason or ""
        try:
            self._send_text(connection, message)
        except _Closed as exc:
            raise ConnectionError(f"connection {connection.number} is closed") from exc
        return envelope

    def request_refresh(self, reason: str = "refresh_requested") -> None:
        """Send ``{"type": "disconnect"}`` on the newest connection, as Slack does before it
        rotates connections; a well-behaved client opens a new one."""
        with self._lock:
            connection = self._newest_connection()
        if connection is None:
            raise RuntimeError("no open Socket Mode connection")
        message = {
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": "applink-standin"},
        }
        try:
            self._send_text(connection, message)
        except _Closed as exc:
            raise ConnectionError(f"connection {connection.number} is closed") from exc

    def _newest_connection(self) -> _Connection | None:
        """The connection Slack would use: the newest one that is open and greeted."""
        return next((c for c in reversed(self._connections) if c.open and c.greeted), None)

    # ------------------------------------------------------------------ what the app did

    @property
    def violations(self) -> list[str]:
        """Client mistakes seen so far (tests normally assert this is empty)."""
        with self._lock:
            return list(self._violations)

    @property
    def connections_open_calls(self) -> list[ConnectionsOpenCall]:
        """Every ``apps.connections.open`` call so far, oldest first."""
        return self._opens.snapshot()

    @property
    def acks(self) -> list[Ack]:
        """Every acknowledgement received so far, oldest first."""
        return self._acks.snapshot()

    @property
    def open_connections(self) -> int:
        """How many WebSocket connections are open right now."""
        with self._lock:
            return sum(1 for c in self._connections if c.open)

    def wait_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` connections have been greeted with ``hello`` in total."""
        self._hellos.wait_for(lambda _n: True, count, timeout)

    def wait_closed(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` connections have ended in total."""
        self._closes.wait_for(lambda _n: True, count, timeout)

    def wait_ack(self, envelope: Envelope, timeout: float = 5.0) -> Ack:
        """Wait for the acknowledgement of ``envelope``."""
        [ack] = self._acks.wait_for(lambda a: a.envelope_id == envelope.envelope_id, 1, timeout)
        return ack

    # ------------------------------------------------------------------ apps.connections.open

    def handle(self, request: Request) -> Response:
        """Answer ``POST /api/apps.connections.open`` like Slack."""
        if request.path != "/api/apps.connections.open":
            return self._open_result(ok=False, error="unknown_method")
        authorization = request.headers.get("authorization", "")
        token = (
            authorization[len("bearer ") :].strip()
            if authorization.lower().startswith("bearer ")
            else ""
        )
        if not token:
            in_body = "token" in parse_qs(request.body.decode("utf-8", "replace")) or (
                "token" in request.query
            )
            self._violate(
                "apps.connections.open: the app token must be in the Authorization header"
                + (" (it was sent as a parameter)" if in_body else "")
            )
            return self._open_result(ok=False, error="not_authed")
        if not token.startswith("xapp-"):
            self._violate("apps.connections.open: called with a token that is not an app token")
            return self._open_result(ok=False, error="not_allowed_token_type")
        if not hmac.compare_digest(token, self.app_token):
            self._violate("apps.connections.open: unknown app token")
            return self._open_result(ok=False, error="invalid_auth")
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        url = f"ws://127.0.0.1:{self.ws_port}/link/?ticket={ticket}&app_id={self.app_id}"
        return self._open_result(ok=True, url=url)

    def _open_result(
        self, *, ok: bool, error: str | None = None, url: str | None = None
    ) -> Response:
        self._opens.append(ConnectionsOpenCall(ok, error, url, self._opens.next_seq()))
        body: dict[str, Any] = {"ok": True, "url": url} if ok else {"ok": False, "error": error}
        return Response.json(200, body)

    # ------------------------------------------------------------------ WebSocket server

    def _violate(self, message: str) -> None:
        with self._lock:
            self._violations.append(message)

    def _accept_loop(self, listener: socket.socket) -> None:
        next_ping = time.monotonic()
        while not self._stopping.is_set():
            if self.ping_interval is not None and time.monotonic() >= next_ping:
                next_ping = time.monotonic() + self.ping_interval
                self._ping_all()
            try:
                sock, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            with self._lock:
                connection = _Connection(len(self._connections) + 1, sock, threading.Lock())
                self._connections.append(connection)
                connection.thread = threading.Thread(
                    target=self._serve_connection,
                    args=(connection,),
                    name=f"SocketModeStandIn:conn:{connection.number}",
                    daemon=True,
                )
            connection.thread.start()

    def _ping_all(self) -> None:
        with self._lock:
            connections = [c for c in self._connections if c.open and c.greeted]
        for connection in connections:
            with contextlib.suppress(_Closed):
                self._send_raw(connection, _frame(_OP_PING, f"standin:{time.time()}".encode()))

    def _serve_connection(self, connection: _Connection) -> None:
        try:
            if self._handshake(connection):
                self._send_text(
                    connection,
                    {
                        "type": "hello",
                        "num_connections": self.open_connections,
                        "debug_info": {
                            "host": "applink-standin",
                            "build_number": 1,
                            "approximate_connection_time": 18060,
                        },
                        "connection_info": {"app_id": self.app_id},
                    },
                )
                with self._lock:
                    connection.greeted = True
                self._hellos.append(connection.number)
                self._receive_loop(connection)
        except _Closed:
            pass
        except Exception as exc:  # noqa: BLE001 - a stand-in bug must not kill the thread silently
            self.internal_errors.append(f"connection {connection.number}: {exc!r}")
        finally:
            with self._lock:
                was_open, connection.open = connection.open, False
            with contextlib.suppress(OSError):
                connection.sock.close()
            if was_open:
                self._closes.append(connection.number)

    def _handshake(self, connection: _Connection) -> bool:
        """Read the HTTP upgrade request; answer 101 (True) or an HTTP error (False)."""
        data = connection.read_until(b"\r\n\r\n", _MAX_HANDSHAKE_BYTES)
        if data is None:
            return self._refuse(connection, 431, "handshake too large")
        head = data[:-4].decode("latin-1")
        request_line, *header_lines = head.split("\r\n")
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts = request_line.split(" ")
        if len(parts) != 3 or parts[0] != "GET":
            return self._refuse(connection, 400, f"bad request line {request_line!r}")
        split = urlsplit(parts[1])
        ticket = parse_qs(split.query).get("ticket", [""])[-1]
        key = headers.get("sec-websocket-key", "")
        if (
            headers.get("upgrade", "").lower() != "websocket"
            or "upgrade" not in headers.get("connection", "").lower()
            or headers.get("sec-websocket-version") != "13"
            or not key
        ):
            return self._refuse(connection, 400, "not a WebSocket upgrade request")
        with self._lock:
            known = ticket in self._tickets
            self._tickets.discard(ticket)
        if split.path.rstrip("/") != "/link" or not known:
            return self._refuse(
                connection, 401, f"{split.path}: unknown or already used ticket {ticket!r}"
            )
        response = (
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {_accept_value(key)}\r\n\r\n"
        )
        self._send_raw(connection, response.encode("ascii"))
        return True

    def _refuse(self, connection: _Connection, status: int, reason: str) -> bool:
        self._violate(f"WebSocket handshake refused ({status}): {reason}")
        self._send_raw(
            connection,
            f"HTTP/1.1 {status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode(),
        )
        return False

    def _receive_loop(self, connection: _Connection) -> None:
        fragments: list[bytes] = []
        fragment_opcode = _OP_TEXT
        while True:
            first, second = connection.read_exact(2)
            fin, opcode = bool(first & 0x80), first & 0x0F
            masked, length = bool(second & 0x80), second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", connection.read_exact(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", connection.read_exact(8))
            if length > _MAX_MESSAGE_BYTES:
                self._violate(f"connection {connection.number}: a {length}-byte frame")
                self._close(connection, 1009)
                return
            mask = connection.read_exact(4) if masked else b""
            data = connection.read_exact(length)
            if not masked:
                # RFC 6455 section 5.1: the server must close the connection.
                self._violate(f"connection {connection.number}: unmasked client frame")
                self._close(connection, 1002)
                return
            data = bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))
            if opcode == _OP_PING:
                self._send_raw(connection, _frame(_OP_PONG, data))
            elif opcode == _OP_PONG:
                pass
            elif opcode == _OP_CLOSE:
                self._send_raw(connection, _frame(_OP_CLOSE, data[:2]))
                return
            elif opcode in (_OP_TEXT, _OP_BINARY, _OP_CONTINUATION):
                if opcode != _OP_CONTINUATION:
                    fragments, fragment_opcode = [], opcode
                fragments.append(data)
                if fin:
                    self._on_message(connection, fragment_opcode, b"".join(fragments))
                    fragments = []
            else:
                self._violate(f"connection {connection.number}: unknown opcode {opcode:#x}")

    def _on_message(self, connection: _Connection, opcode: int, data: bytes) -> None:
        where = f"connection {connection.number}"
        if opcode != _OP_TEXT:
            self._violate(f"{where}: binary message (Socket Mode speaks JSON text)")
            return
        try:
            message = json.loads(data.decode("utf-8"))
        except ValueError:
            self._violate(f"{where}: message is not JSON: {data[:200]!r}")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        if not isinstance(envelope_id, str):
            self._violate(f"{where}: message without envelope_id: {data[:200]!r}")
            return
        payload = message.get("payload")
        with self._lock:
            sent = self._envelopes.get(envelope_id)
            duplicate = envelope_id in self._acked
            self._acked.add(envelope_id)
        if sent is None:
            self._violate(f"{where}: ack for an envelope never sent: {envelope_id}")
            return
        envelope, sent_at = sent
        if duplicate:
            self._violate(f"{where}: envelope {envelope_id} acknowledged twice")
        if payload is not None and not isinstance(payload, dict):
            self._violate(f"{where}: ack payload is not an object: {payload!r}")
            payload = None
        if payload is not None and not envelope.accepts_response_payload:
            self._violate(f"{where}: payload in the ack of {envelope.type} {envelope_id}")
        if envelope.connection != connection.number:
            self._violate(f"{where}: ack for an envelope sent on another connection")
        latency = time.monotonic() - sent_at
        if self.ack_deadline is not None and latency > self.ack_deadline:
            self._violate(
                f"{where}: {envelope.type} {envelope_id} acknowledged after {latency:.2f} s "
                f"(Slack allows {self.ack_deadline:g})"
            )
        self._acks.append(
            Ack(
                envelope_id=envelope_id,
                payload=payload,
                connection=connection.number,
                latency=latency,
                seq=self._acks.next_seq(),
            )
        )

    def _close(self, connection: _Connection, code: int) -> None:
        self._send_raw(connection, _frame(_OP_CLOSE, struct.pack("!H", code)))

    def _send_text(self, connection: _Connection, message: dict[str, Any]) -> None:
        data = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self._send_raw(connection, _frame(_OP_TEXT, data))

    def _send_raw(self, connection: _Connection, data: bytes) -> None:
        with connection.send_lock:
            try:
                connection.sock.sendall(data)
            except OSError as exc:
                raise _Closed from exc
