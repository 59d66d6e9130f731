"""The Microsoft 365 Agents Playground as a real Teams-like client for end-to-end tests.

:class:`PlaygroundProcess` runs ``node_modules/.bin/agentsplayground`` (npm
``@microsoft/m365agentsplayground``) against a bot endpoint, bound to 127.0.0.1 by the
``tools/loopback-only.cjs`` preload, and reads its port from the ``Listening on N`` line.

:class:`PlaygroundClient` drives it through the HTTP/WebSocket API its own web UI uses:

* ``GET /_internal/v1/config`` - tenant, the current user (Alex Wilber), the personal chat;
* ``POST /_debug/conversation/{chat}/installation`` - install the app (installationUpdate +
  conversationUpdate, as the web UI does on first load);
* ``POST /_conversation/v1/conversations/{chat}/messages`` - the user types a message;
* ``POST /_conversation/v1/invoke`` - the user presses an ``Action.Execute`` button on a card
  message (``adaptiveCard/action`` with ``replyToId`` = that message); the answer carries
  the bot's invoke response, whose card replaces the message's card;
* WebSocket ``/_ws_conversation/v1/conversations/stream`` - what the bot posts
  (``createMessage`` / ``updateMessage``), replies and proactive messages alike (the bot
  sends those to the Playground's connector, ``http://localhost:PORT/_connector``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout, WSMsgType

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PLAYGROUND_BIN = PROJECT_ROOT / "node_modules" / ".bin" / "agentsplayground"
LOOPBACK_PRELOAD = PROJECT_ROOT / "tools" / "loopback-only.cjs"
#: ``make playground USER=…``: one Playground config per demo user (fixed chat ids).
PLAYGROUND_CONFIGS = PROJECT_ROOT / "tools" / "playground"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def playground_missing() -> str | None:
    """Why the Playground cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not PLAYGROUND_BIN.exists():
        return f"{PLAYGROUND_BIN.relative_to(PROJECT_ROOT)} is missing (run `npm ci`)"
    return None


class PlaygroundProcess:
    """``agentsplayground -e <bot endpoint> -c msteams`` on loopback; output to ``log``."""

    def __init__(self, bot_endpoint: str, log: Path, *, port: int = 0,
                 config: Path | None = None) -> None:
        """``config``: a Playground config file (``tools/playground/megan.yml``: who the
        current user is, the personal chat id); default the Playground's own (Alex)."""
        self.bot_endpoint = bot_endpoint
        self.config = config
        self.log = log
        self.requested_port = port
        self.port: int | None = None
        self.process: subprocess.Popen[str] | None = None
        self._listening = threading.Event()
        self._reader: threading.Thread | None = None

    def start(self, timeout: float = 60) -> int:
        """Start (or, after :meth:`stop`, restart: same port when one was requested)."""
        self.port = None
        self._listening.clear()
        env = {
            **os.environ,
            "TEAMSAPPTESTER_BROWSER": "none",
            "M365_AGENTS_PLAYGROUND_LOGFILE": str(self.log.with_suffix(".internal.log")),
            "NODE_OPTIONS": f"--require {LOOPBACK_PRELOAD}",
        }
        if self.config is not None:
            env["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = str(self.config)
        self.process = subprocess.Popen(
            [str(PLAYGROUND_BIN), "-e", self.bot_endpoint, "-c", "msteams",
             "--disable-telemetry", "-p", str(self.requested_port)],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        if not self._listening.wait(timeout):
            self.stop()
            raise RuntimeError(f"the Playground did not start; see {self.log}")
        assert self.port is not None
        return self.port

    def _read_output(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        with self.log.open("a", encoding="utf-8") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if self.port is None and line.startswith("Listening on "):
                    with contextlib.suppress(ValueError):
                        self.port = int(line.split()[-1])
                        self._listening.set()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self.port is not None
        return f"http://127.0.0.1:{self.port}"


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (Linux ``/proc/net``)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, _, port_hex = local.partition(":")
            if state != "0A" or int(port_hex, 16) != port or len(address) != width:
                continue
            found.add(_decode_address(address))
    return found


def _decode_address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return ".".join(str(b) for b in reversed(raw))
    # IPv6: four little-endian 32-bit words.
    words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
    joined = b"".join(words)
    if joined[:12] == b"\x00" * 10 + b"\xff\xff":
        return "::ffff:" + ".".join(str(b) for b in joined[12:])
    groups = [joined[i:i + 2].hex() for i in range(0, 16, 2)]
    return ":".join(groups)


@dataclass
class ChatMessage:
    """A message the client shows: ``createMessage``/``updateMessage`` from the stream."""

    action: str
    message_id: str
    from_id: str
    text: str
    attachments: list[dict[str, Any]]
    raw: dict[str, Any] = field(repr=False)

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for a in self.attachments
                if a.get("contentType") == ADAPTIVE_CARD and isinstance(a.get("content"), dict)]


class PlaygroundClient:
    """One user (the Playground's current user) in the personal chat with the bot."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = ClientSession(timeout=ClientTimeout(total=30))
        self.messages: list[ChatMessage] = []
        self.config: dict[str, Any] = {}
        self._changed = asyncio.Condition()
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> PlaygroundClient:
        async with self.http.get(f"{self.base_url}/_internal/v1/config") as resp:
            resp.raise_for_status()
            self.config = (await resp.json())["config"]
        ws = await self.http.ws_connect(
            self.base_url.replace("http", "ws", 1) + "/_ws_conversation/v1/conversations/stream")

        async def read() -> None:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                data = frame.json()
                message = data.get("message")
                if data.get("action") not in ("createMessage", "updateMessage") or not message:
                    continue
                async with self._changed:
                    self.messages.append(ChatMessage(
                        action=data["action"], message_id=str(message.get("messageId")),
                        from_id=str((message.get("from") or {}).get("id")),
                        text=message.get("text") or "", attachments=message.get("attachments")
                        or [], raw=data))
                    self._changed.notify_all()

        self._reader = asyncio.create_task(read())
        return self

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self.http.close()

    @property
    def chat_id(self) -> str:
        return str(self.config["personalChat"]["id"])

    @property
    def me(self) -> dict[str, Any]:
        return dict(self.config["currentUser"])

    @property
    def bot_id(self) -> str:
        return str(self.config["bot"]["id"])

    async def install(self) -> None:
        async with self.http.post(
            f"{self.base_url}/_debug/conversation/{self.chat_id}/installation", json={}
        ) as resp:
            resp.raise_for_status()

    async def say(self, text: str) -> str:
        """The user types ``text``; returns the id of the user's message."""
        async with self.http.post(
            f"{self.base_url}/_conversation/v1/conversations/{self.chat_id}/messages",
            json={"from": {"id": self.me["id"]}, "text": text, "textFormat": "plain"},
        ) as resp:
            resp.raise_for_status()
            return str((await resp.json())["messageId"])

    async def press(self, message_id: str, verb: str, data: dict[str, Any]) -> dict[str, Any]:
        """Press an ``Action.Execute`` button on a card message; the bot's invoke response."""
        async with self.http.post(
            f"{self.base_url}/_conversation/v1/invoke",
            json={"name": "adaptiveCard/action",
                  "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data},
                            "trigger": "manual"},
                  "from": {"id": self.me["id"]},
                  "conversation": {"id": self.chat_id},
                  "replyToId": message_id},
        ) as resp:
            resp.raise_for_status()
            body: dict[str, Any] = await resp.json()
            return body

    async def wait_for(self, predicate: Callable[[ChatMessage], bool], *, after: int = 0,
                       timeout: float = 20) -> ChatMessage:
        """The first bot message (from index ``after`` on) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for message in self.messages[after:]:
                    if message.from_id == self.bot_id and predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [m.text[:80] or f"<{len(m.cards)} card(s)>" for m in self.messages]
                    raise TimeoutError(f"no matching bot message within {timeout} s; saw {seen}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
