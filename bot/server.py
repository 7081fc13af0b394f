"""HTTP mode: Starlette served by uvicorn. `POST /slack/events` (Bolt), `GET /healthz`."""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.services.container import Services
from bot.zoom_oauth_callback import CALLBACK_PATH, zoom_oauth_callback
from bot.zoom_webhook import ZoomWebhook

logger = logging.getLogger(__name__)


def create_http_app(bolt_app: App, services: Services) -> Starlette:
    db = services.db

    async def slack_events(request: Request) -> Response:
        # Bolt verifies the signature; a timestamp that is not even a number would make the
        # verifier raise instead of refuse, so it is refused here (no listener runs).
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        if not timestamp.isascii() or not timestamp.isdigit():
            return Response(status_code=401, content="invalid request timestamp")
        body = await request.body()
        # Bolt's sync dispatch blocks until ack(); run it off the event loop.
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        def check() -> bool:
            try:
                with db.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return True
            except Exception:
                logger.exception("health check: database unreachable")
                return False

        healthy = await run_in_threadpool(check)
        return JSONResponse({"ok": healthy}, status_code=200 if healthy else 503)

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route(CALLBACK_PATH, zoom_oauth_callback(services), methods=["GET"]),
            Route("/zoom/webhook", ZoomWebhook(services).handle, methods=["POST"]),
        ]
    )


class BackgroundServer:
    """uvicorn on a background thread, bound before start (port 0 picks a free port)."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> BackgroundServer:
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            self._thread.join(0.01)
        if not self._server.started:
            raise RuntimeError("HTTP server failed to start")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
