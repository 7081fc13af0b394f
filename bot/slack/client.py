"""A Slack ``WebClient`` that keeps its HTTPS connections open.

``slack_sdk.WebClient`` sends every call through ``urllib``, which opens a new TCP (and TLS)
connection per request and closes it afterwards. For a bot in Japan talking to
``slack.com`` that is two extra round trips per message; for the reminder dispatcher, which
posts thousands of messages in a burst, it is most of the time spent.

:class:`PooledWebClient` keeps everything of ``WebClient`` (arguments, ``SlackResponse``,
``SlackApiError``, rate-limit headers, the empty ``retry_handlers`` we rely on) and replaces
only the one method that moves bytes, with an ``httpx.Client`` connection pool. It keeps
urllib's contract for that method: a 2xx returns ``{status, headers, body}``; any other
status raises ``urllib.error.HTTPError`` (which ``WebClient`` turns into a ``SlackApiError``);
a transport failure raises ``urllib.error.URLError`` — an ``OSError``, which the reminder
dispatcher treats as "the message may or may not have been posted".

The overridden method is private to slack_sdk; ``pyproject.toml`` pins slack_sdk below 4 and
``tests/bot/slack/test_client.py`` runs the contract against the Slack stand-in.
"""

from __future__ import annotations

import http.client
import io
import socket
import threading
import urllib.error
from typing import Any
from urllib.request import Request

import httpx
from slack_sdk import WebClient


class PooledWebClient(WebClient):
    """``WebClient`` over a thread-safe ``httpx.Client`` pool (HTTP keep-alive)."""

    def __init__(self, *args: Any, max_connections: int = 32, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pool_lock = threading.Lock()
        self._max_connections = max_connections
        self._http: httpx.Client | None = None

    def _pool(self) -> httpx.Client:
        with self._pool_lock:
            if self._http is None:
                limits = httpx.Limits(
                    max_connections=self._max_connections,
                    max_keepalive_connections=self._max_connections,
                )
                verify = self.ssl if self.ssl is not None else True
                self._http = httpx.Client(
                    timeout=httpx.Timeout(self.timeout),
                    # httpx writes a request's headers and body separately: without
                    # TCP_NODELAY each call on a kept-alive connection can wait ~40 ms for
                    # the server's delayed ACK (urllib sends both in one write).
                    transport=httpx.HTTPTransport(
                        verify=verify,
                        proxy=self.proxy,
                        limits=limits,
                        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
                    ),
                    # slack_sdk follows no redirects either (urllib would, for GET only).
                    follow_redirects=False,
                )
            return self._http

    def close(self) -> None:
        """Close pooled connections (the client stays usable: a new pool opens on demand)."""
        with self._pool_lock:
            http, self._http = self._http, None
        if http is not None:
            http.close()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if not url.lower().startswith(("http://", "https://")):
            raise urllib.error.URLError(f"refusing a non-HTTP URL: {url!r}")
        body = req.data if isinstance(req.data, bytes | None) else bytes(req.data)  # type: ignore[arg-type]
        try:
            response = self._pool().request(
                req.get_method(),
                url,
                content=body,
                headers={name: str(value) for name, value in req.header_items()},
            )
        except httpx.TransportError as exc:
            # Connect errors, timeouts, a peer that hung up mid-answer: like urllib, an OSError.
            raise urllib.error.URLError(f"{type(exc).__name__}: {exc}") from exc
        headers = _message_headers(response.headers)
        if not 200 <= response.status_code < 300:
            raise urllib.error.HTTPError(
                url,
                response.status_code,
                response.reason_phrase,
                headers,
                io.BytesIO(response.content),
            )
        if headers.get_content_type() == "application/gzip":
            return {"status": response.status_code, "headers": headers, "body": response.content}
        charset = headers.get_content_charset() or "utf-8"
        return {
            "status": response.status_code,
            "headers": headers,
            "body": response.content.decode(charset),
        }


def _message_headers(headers: httpx.Headers) -> http.client.HTTPMessage:
    """The response headers as urllib gives them (``get_content_charset`` and friends)."""
    message = http.client.HTTPMessage()
    for name, value in headers.multi_items():
        message[name] = value
    return message
