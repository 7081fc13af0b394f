"""Tests for the Socket Mode stand-in, driven by slack_sdk's WebClient and a raw WebSocket
client written here (so that every check of the stand-in can be seen to fire)."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standins.slack_socket import SocketModeStandIn

APP_TOKEN = "xapp-1-A0TEST-1-stand-in-test"


@pytest.fixture
def link() -> Iterator[SocketModeStandIn]:
    with SocketModeStandIn(app_token=APP_TOKEN, app_id="A0TEST", ping_interval=None) as server:
        yield server
        assert server.internal_errors == []


def client_frame(opcode: int, data: bytes, *, masked: bool = True) -> bytes:
    length = len(data)
    header = bytes([0x80 | opcode])
    bit = 0x80 if masked else 0
    if length < 126:
        header += bytes([bit | length])
    elif length < 1 << 16:
        header += struct.pack("!BH", bit | 126, length)
    else:
        header += struct.pack("!BQ", bit | 127, length)
    if masked:
        mask = os.urandom(4)
        header += mask
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return header + data


class RawClient:
    """Just enough RFC 6455 for the tests: handshake, masked (or not) frames, reads."""

    def __init__(self, url: str, *, pipelined: bytes = b"") -> None:
        split = urlsplit(url)
        assert split.hostname == "127.0.0.1"
        assert split.port is not None
        self.sock = socket.create_connection((split.hostname, split.port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {split.path}?{split.query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode() + pipelined)
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            assert chunk, "closed during the handshake"
            head += chunk
        self.status = int(head.split(b" ", 2)[1])

    def close(self) -> None:
        self.sock.close()

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def send(self, opcode: int, data: bytes, *, masked: bool = True) -> None:
        self.sock.sendall(client_frame(opcode, data, masked=masked))

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(0x1, json.dumps(message).encode())

    def receive(self) -> tuple[int, bytes]:
        first, second = self._exact(2)
        assert second & 0x80 == 0, "servers never mask"
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._exact(8))
        return first & 0x0F, self._exact(length)

    def receive_json(self) -> dict[str, Any]:
        opcode, data = self.receive()
        assert opcode == 0x1, opcode
        message = json.loads(data)
        assert isinstance(message, dict)
        return message


def open_url(link: SocketModeStandIn) -> str:
    response = WebClient(base_url=link.api_url).apps_connections_open(app_token=APP_TOKEN)
    return str(response["url"])


def connected(link: SocketModeStandIn) -> RawClient:
    client = RawClient(open_url(link))
    assert client.status == 101
    hello = client.receive_json()
    assert hello["type"] == "hello"
    link.wait_connected()
    return client


def test_connections_open_hands_out_a_ws_url_with_a_ticket(link: SocketModeStandIn) -> None:
    url = open_url(link)
    split = urlsplit(url)
    assert (split.scheme, split.hostname, split.port) == ("ws", "127.0.0.1", link.ws_port)
    assert split.path == "/link/"
    query = parse_qs(split.query)
    assert query["app_id"] == ["A0TEST"]
    assert len(query["ticket"][0]) == 32
    assert [call.ok for call in link.connections_open_calls] == [True]
    assert link.violations == []


@pytest.mark.parametrize(
    ("token", "error", "violation"),
    [
        ("xoxb-a-bot-token", "not_allowed_token_type", "not an app token"),
        ("xapp-1-A0TEST-1-another-app", "invalid_auth", "unknown app token"),
    ],
)
def test_connections_open_needs_this_apps_token(
    link: SocketModeStandIn, token: str, error: str, violation: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=link.api_url).apps_connections_open(app_token=token)
    assert raised.value.response["error"] == error
    [recorded] = link.violations
    assert violation in recorded


def test_connections_open_refuses_the_token_as_a_form_parameter(link: SocketModeStandIn) -> None:
    response = httpx.post(f"{link.api_url}apps.connections.open", data={"token": APP_TOKEN})
    assert response.json() == {"ok": False, "error": "not_authed"}
    [recorded] = link.violations
    assert "Authorization header (it was sent as a parameter)" in recorded


def test_a_ticket_works_once(link: SocketModeStandIn) -> None:
    url = open_url(link)
    first = RawClient(url)
    assert first.status == 101
    again = RawClient(url)
    assert again.status == 401
    again.close()
    first.close()
    [recorded] = link.violations
    assert "unknown or already used ticket" in recorded


def test_envelopes_and_acks(link: SocketModeStandIn) -> None:
    client = connected(link)
    envelope = link.send("slash_commands", {"command": "/recruit", "text": "説明会"})
    sent = client.receive_json()
    assert sent == {
        "envelope_id": envelope.envelope_id,
        "payload": {"command": "/recruit", "text": "説明会"},
        "type": "slash_commands",
        "accepts_response_payload": True,
    }
    client.send_json({"envelope_id": envelope.envelope_id, "payload": {"text": "ok"}})
    ack = link.wait_ack(envelope)
    assert ack.payload == {"text": "ok"}
    assert ack.connection == 1
    assert link.violations == []
    client.close()
    link.wait_closed()
    assert link.open_connections == 0


def test_protocol_mistakes_are_violations(link: SocketModeStandIn) -> None:
    client = connected(link)
    event = link.send("events_api", {"type": "event_callback"})
    assert client.receive_json()["retry_attempt"] == 0
    client.send_json({"envelope_id": event.envelope_id, "payload": {"text": "no"}})
    link.wait_ack(event)
    client.send_json({"envelope_id": event.envelope_id})
    client.send_json({"envelope_id": "never-sent"})
    client.send(0x1, b"not json")
    client.send(0x1, b"{}", masked=False)  # the server must close the connection
    assert client.receive() == (0x8, struct.pack("!H", 1002))
    link.wait_closed()
    assert [v.split(": ", 1)[1] for v in link.violations] == [
        f"payload in the ack of events_api {event.envelope_id}",
        f"envelope {event.envelope_id} acknowledged twice",
        "ack for an envelope never sent: never-sent",
        "message is not JSON: b'not json'",
        "unmasked client frame",
    ]
    client.close()


def test_pings_are_answered_and_large_envelopes_use_64_bit_lengths(
    link: SocketModeStandIn,
) -> None:
    client = connected(link)
    client.send(0x9, b"are you there")
    assert client.receive() == (0xA, b"are you there")
    big = link.send("interactive", {"type": "view_submission", "blob": "x" * 70_000})
    message = client.receive_json()
    assert message["envelope_id"] == big.envelope_id
    assert message["accepts_response_payload"] is True
    assert len(message["payload"]["blob"]) == 70_000
    client.close()


def test_refresh_sends_disconnect(link: SocketModeStandIn) -> None:
    client = connected(link)
    link.request_refresh()
    assert client.receive_json() == {
        "type": "disconnect",
        "reason": "refresh_requested",
        "debug_info": {"host": "applink-standin"},
    }
    client.close()


def test_send_without_a_connection_is_an_error(link: SocketModeStandIn) -> None:
    with pytest.raises(RuntimeError, match="no open Socket Mode connection"):
        link.send("slash_commands", {})


def test_the_server_pings_its_clients() -> None:
    with SocketModeStandIn(app_token=APP_TOKEN, ping_interval=0.01) as server:
        client = connected(server)
        opcode, data = client.receive()
        assert opcode == 0x9
        assert data.startswith(b"standin:")
        client.close()


def test_frames_sent_with_the_handshake_are_read(link: SocketModeStandIn) -> None:
    client = RawClient(open_url(link), pipelined=client_frame(0x9, b"early"))
    assert client.status == 101
    assert client.receive_json()["type"] == "hello"
    assert client.receive() == (0xA, b"early")
    client.close()


def test_an_ack_after_the_deadline_is_a_violation() -> None:
    with SocketModeStandIn(app_token=APP_TOKEN, ping_interval=None, ack_deadline=0.0) as server:
        client = connected(server)
        envelope = server.send("slash_commands", {"command": "/recruit"})
        client.receive_json()
        client.send_json({"envelope_id": envelope.envelope_id})
        ack = server.wait_ack(envelope)
        assert ack.latency > 0
        [late] = server.violations
        assert f"slash_commands {envelope.envelope_id} acknowledged after" in late
        client.close()
