"""SQL of the leaders' level analyses: read the states and texts, write a guarded change.

A write names the version it was based on; when someone else saved since, nothing is
written and :class:`AnalysisConflict` says who. Every change gets one audit entry with the
texts and status before → after. The caller owns the session and commits.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.level_progress import EMPTY_ANALYSIS, AnalysisState, StoredAnalysis
from storage import audit
from storage.models import LevelAnalysis, LevelAnalysisText, Person


class AnalysisConflict(Exception):
    def __init__(self, by: str | None, at: datetime | None) -> None:
        super().__init__("level analysis changed meanwhile")
        self.by = by
        self.at = at


async def analysis_states(session: AsyncSession, period_id: int,
                          unit_ids: Collection[int] | None = None) -> dict[int, AnalysisState]:
    """Unit id -> state of its level analysis for the period (units without a row omitted;
    ``unit_ids``: only those units)."""
    query = (select(LevelAnalysis.unit_id, LevelAnalysis.status)
             .where(LevelAnalysis.period_id == period_id))
    if unit_ids is not None:
        query = query.where(LevelAnalysis.unit_id.in_(sorted(unit_ids)))
    rows = await session.execute(query)
    return {unit_id: AnalysisState(status) for unit_id, status in rows}


async def _names(session: AsyncSession, *ids: int | None) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted)))
    return dict(rows.all())


async def load_analysis(session: AsyncSession, unit_id: int, period_id: int) -> StoredAnalysis:
    row = (await session.execute(
        select(LevelAnalysis).where(LevelAnalysis.unit_id == unit_id,
                                    LevelAnalysis.period_id == period_id))).scalar_one_or_none()
    if row is None:
        return EMPTY_ANALYSIS
    texts = dict((await session.execute(
        select(LevelAnalysisText.perspective, LevelAnalysisText.text)
        .where(LevelAnalysisText.analysis_id == row.id))).all())
    names = await _names(session, row.updated_by_id, row.done_by_id)
    return StoredAnalysis(
        state=AnalysisState(row.status), version=row.version, texts=texts,
        updated_at=row.updated_at, updated_by=names.get(row.updated_by_id or -1),
        done_at=row.done_at, done_by=names.get(row.done_by_id or -1),
    )


async def write_analysis(
    session: AsyncSession, *, unit_id: int, period_id: int, texts: Mapping[str, str],
    done: bool, expected_version: int, actor_person_id: int | None, actor_label: str,
    now: datetime,
) -> bool:
    """Store ``texts`` (perspective -> text; empty texts are removed) and the status.

    Returns False when nothing changed (no version bump, no audit). Raises
    :class:`AnalysisConflict` when the stored version is not ``expected_version``.
    """
    row = (await session.execute(
        select(LevelAnalysis).where(LevelAnalysis.unit_id == unit_id,
                                    LevelAnalysis.period_id == period_id)
        .with_for_update())).scalar_one_or_none()
    stored_version = row.version if row is not None else 0
    if stored_version != expected_version:
        by = (await _names(session, row.updated_by_id)).get(row.updated_by_id or -1) \
            if row is not None else None
        raise AnalysisConflict(by, row.updated_at if row is not None else None)
    old_texts: dict[str, str] = {}
    text_rows: dict[str, LevelAnalysisText] = {}
    if row is not None:
        stored = await session.execute(
            select(LevelAnalysisText).where(LevelAnalysisText.analysis_id == row.id))
        for text_row in stored.scalars():
            text_rows[text_row.perspective] = text_row
            old_texts[text_row.perspective] = text_row.text
    new_texts = {k: v for k, v in texts.items() if v}
    # Klar is kept: texts of a level already klar can still be corrected.
    already_done = row is not None and row.status == AnalysisState.DONE.value
    status = AnalysisState.DONE if done or already_done else AnalysisState.DRAFT
    old_status = row.status if row is not None else None
    if row is not None and new_texts == old_texts and old_status == status.value:
        return False
    if row is None:
        row = LevelAnalysis(unit_id=unit_id, period_id=period_id, status=status.value,
                            version=1, updated_at=now, updated_by_id=actor_person_id)
        session.add(row)
        await session.flush()
    else:
        row.version = stored_version + 1
        row.status = status.value
        row.updated_at = now
        row.updated_by_id = actor_person_id
    if status is AnalysisState.DONE and old_status != "done":
        row.done_at = now
        row.done_by_id = actor_person_id
    for perspective, text in new_texts.items():
        existing = text_rows.get(perspective)
        if existing is None:
            session.add(LevelAnalysisText(analysis_id=row.id, perspective=perspective, text=text))
        elif existing.text != text:
            existing.text = text
    for perspective, existing in text_rows.items():
        if perspective not in new_texts:
            await session.delete(existing)
    audit.record(
        session, actor_person_id=actor_person_id, actor_label=actor_label,
        action="level_analysis.done" if status is AnalysisState.DONE and old_status != "done"
        else "level_analysis.save",
        entity="level_analysis", entity_id=f"{unit_id}:{period_id}",
        before={"status": old_status, "texts": old_texts} if old_status else None,
        after={"status": status.value, "texts": new_texts}, at=now,
    )
    return True


async def analyses_for(session: AsyncSession, unit_ids: list[int],
                       period_id: int) -> dict[int, StoredAnalysis]:
    """The stored analyses of ``unit_ids`` for a period (units without one omitted)."""
    if not unit_ids:
        return {}
    rows = list((await session.execute(
        select(LevelAnalysis).where(LevelAnalysis.period_id == period_id,
                                    LevelAnalysis.unit_id.in_(unit_ids)))).scalars())
    if not rows:
        return {}
    texts: dict[int, dict[str, str]] = {}
    for analysis_id, perspective, text in (await session.execute(
            select(LevelAnalysisText.analysis_id, LevelAnalysisText.perspective,
                   LevelAnalysisText.text)
            .where(LevelAnalysisText.analysis_id.in_([r.id for r in rows])))):
        texts.setdefault(analysis_id, {})[perspective] = text
    names = await _names(session, *(r.done_by_id for r in rows))
    return {
        r.unit_id: StoredAnalysis(
            state=AnalysisState(r.status), version=r.version, texts=texts.get(r.id, {}),
            updated_at=r.updated_at, done_at=r.done_at,
            done_by=names.get(r.done_by_id or -1))
        for r in rows
    }
