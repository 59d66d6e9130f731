"""Structured logging with a request id; no secrets or personal data at INFO."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": REQUEST_ID.get(),
        }
        if record.exc_info and record.levelno >= logging.WARNING:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The SDK logs activity bodies (personal data) at INFO/DEBUG: keep it at WARNING.
    logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
    # ... and the raw input of an activity that fails validation at ERROR (names, texts).
    # bot.messages refuses those with 400 and logs the error count instead.
    logging.getLogger("microsoft_agents.activity").setLevel(logging.CRITICAL)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    # APScheduler says "Running job …" / "… executed successfully" at INFO for the
    # reconcile job every minute (most lines of a day's log): only with LOG_LEVEL=DEBUG.
    # Målbot's own scheduler lines are INFO only when something was queued or sent.
    if root.level > logging.DEBUG:
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Warns on every turn in anonymous mode that there is no App ID (expected locally).
    logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").setLevel(
        logging.ERROR
    )
