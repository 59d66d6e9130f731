"""The Agents SDK ``Storage`` on the application's own database.

Conversation, user and dialog state survive restarts. Values are encoded with
:mod:`storage.state_codec` (tagged JSON, allow-listed classes; never pickle).
Last writer wins, as in every SDK storage: report concurrency is handled in our own
tables with a version column.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, TypeVar

from microsoft_agents.hosting.core.storage import Storage, StoreItem
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import AgentStateItem
from storage.state_codec import decode, encode

logger = logging.getLogger(__name__)

StoreItemT = TypeVar("StoreItemT", bound=StoreItem)

MAX_KEY_LENGTH = 500


def _check_keys(keys: list[str], op: str) -> None:
    if not keys:
        raise ValueError(f"Storage.{op}(): keys are required")
    for key in keys:
        if not key:
            raise ValueError(f"Storage.{op}(): key cannot be empty")
        if len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"Storage.{op}(): key longer than {MAX_KEY_LENGTH} characters")


class SqlAgentStorage(Storage):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def read(
        self, keys: list[str], *, target_cls: type[StoreItemT], **kwargs: Any
    ) -> dict[str, StoreItemT]:
        _check_keys(keys, "read")
        async with self._sessionmaker() as session:
            rows = (
                await session.execute(select(AgentStateItem).where(AgentStateItem.key.in_(keys)))
            ).scalars()
            result: dict[str, StoreItemT] = {}
            for row in rows:
                item = target_cls.from_json_to_store_item(decode(row.data))
                result[row.key] = item  # type: ignore[assignment]
            return result

    async def write(self, changes: dict[str, StoreItem]) -> None:
        if not changes:
            raise ValueError("Storage.write(): changes are required")
        _check_keys(list(changes), "write")
        now = datetime.now(UTC)
        encoded = {key: encode(item.store_item_to_json()) for key, item in changes.items()}
        async with self._sessionmaker() as session, session.begin():
            existing = {
                row.key: row
                for row in (
                    await session.execute(
                        select(AgentStateItem).where(AgentStateItem.key.in_(list(encoded)))
                    )
                ).scalars()
            }
            for key, data in encoded.items():
                row = existing.get(key)
                if row is None:
                    session.add(AgentStateItem(key=key, data=data, updated_at=now))
                else:
                    row.data = data
                    row.updated_at = now

    async def delete(self, keys: list[str]) -> None:
        _check_keys(keys, "delete")
        async with self._sessionmaker() as session, session.begin():
            await session.execute(delete(AgentStateItem).where(AgentStateItem.key.in_(keys)))
