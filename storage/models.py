"""SQLAlchemy 2 typed ORM models. The ORM stays inside ``storage/``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PERSPECTIVES = ("citizens", "operations", "economy", "employees")
RESULT_STATUSES = ("green", "yellow", "red")
REPORT_STATUSES = ("draft", "submitted")
DECISION_STATUSES = ("not_started", "in_progress", "done", "cancelled")
OUTBOX_STATUSES = (
    "pending", "sending", "sent", "failed", "expired", "unreachable", "skipped"
)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class OrgUnit(Base):
    """A node of the organisation tree (kommun → förvaltning → avdelning → enhet)."""

    __tablename__ = "org_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="RESTRICT"), index=True
    )
    # Materialised path of ids, e.g. "/1/4/17/": subtree = path LIKE '/1/4/%'.
    path: Mapped[str] = mapped_column(String(1000), index=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    title: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(16))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    unreachable_reason: Mapped[str | None] = mapped_column(String(300))
    directory_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ManagerAssignment(Base):
    """Who leads a unit, when. ``role='acting'`` is a ställföreträdare for a date range."""

    __tablename__ = "manager_assignments"
    __table_args__ = (
        CheckConstraint(_in("role", ("manager", "acting")), name="role"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates"),
        Index("ix_manager_assignments_unit_role", "unit_id", "role", "valid_from"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="manager")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # The role as delegate in the delegationsordningar (0009); None: from the job title.
    delegation_role: Mapped[str | None] = mapped_column(String(100))


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint(_in("perspective", PERSPECTIVES), name="perspective"),
        CheckConstraint(
            "direction IS NULL OR direction IN ('higher', 'lower')", name="direction"
        ),
        CheckConstraint(
            "aggregation IS NULL OR aggregation IN ('sum', 'mean')", name="aggregation"
        ),
        Index("ix_goals_unit_perspective", "unit_id", "perspective"),
        # The summaries' roll-up counts a subtree's goals valid in a period (0002).
        Index("ix_goals_unit_validity", "unit_id", "valid_from", "valid_to", "perspective"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    indicator_name: Mapped[str | None] = mapped_column(String(200))
    indicator_unit: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[float | None] = mapped_column(Float)
    baseline: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str | None] = mapped_column(String(8))
    # How the cascade's values combine: "sum" | "mean"; NULL = from the unit of measure
    # (followup/aggregation.py, migration 0007).
    aggregation: Mapped[str | None] = mapped_column(String(8))
    parent_goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ReportingPeriod(Base):
    __tablename__ = "reporting_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), unique=True)  # "2026-10"
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Admin override: reopened until this moment even when closes_at has passed.
    reopened_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The report kind asked for the period (followup.report_kinds); None: by the code's
    # kind (a month: "monthly", a tertial/delår/helår: "steering").
    kind: Mapped[str | None] = mapped_column(String(32))


class UnitReport(Base):
    """One unit's monthly report: draft until submitted, ``version`` for optimistic locking."""

    __tablename__ = "unit_reports"
    __table_args__ = (
        UniqueConstraint("unit_id", "period_id", name="uq_unit_reports_unit_period"),
        CheckConstraint(_in("status", REPORT_STATUSES), name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="draft")
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    submitted_by_role: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )


class GoalResult(Base):
    __tablename__ = "goal_results"
    __table_args__ = (
        UniqueConstraint("goal_id", "period_id", name="uq_goal_results_goal_period"),
        CheckConstraint(_in("status", RESULT_STATUSES), name="status"),
        Index("ix_goal_results_period_unit", "period_id", "unit_id"),
        # The summaries' trends and red streaks: a goal's result in a period (0002).
        Index(
            "ix_goal_results_goal_period_status", "goal_id", "period_id", "status", "report_id"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE")
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    report_id: Mapped[int] = mapped_column(
        ForeignKey("unit_reports.id", ondelete="CASCADE"), index=True
    )
    perspective: Mapped[str] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    analysis: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    # The report kind's other fields (e.g. {"year_end": "yellow"}); None when it has none.
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint(_in("status", DECISION_STATUSES), name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)  # diarienummer
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    assignment: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("org_units.id", ondelete="RESTRICT"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DecisionUpdate(Base):
    __tablename__ = "decision_updates"
    __table_args__ = (CheckConstraint(_in("status", DECISION_STATUSES), name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str | None] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class ConversationRef(Base):
    """Where to reach a user proactively (a stored SDK ConversationReference)."""

    __tablename__ = "conversation_refs"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(200), unique=True)  # aad id or channel user id
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    conversation_id: Mapped[str] = mapped_column(String(500))
    service_url: Mapped[str] = mapped_column(String(500))
    channel_id: Mapped[str] = mapped_column(String(64))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OutboxMessage(Base):
    """A proactive message to deliver exactly once (``dedupe_key`` is unique)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATUSES), name="status"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str | None] = mapped_column(String(7))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details: Mapped[str | None] = mapped_column(Text)


class AgentStateItem(Base):
    """The Agents SDK's Storage (conversation/user/dialog state) as JSON rows."""

    __tablename__ = "agent_state"
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChangeStamp(Base):
    """A group of tables' stamp, renewed by triggers on every write to them (0012); the
    process caches of storage.read_cache compare it before using what they keep."""

    __tablename__ = "change_stamps"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger)


class SchedulerLease(Base):
    """A leader lease: only the holder runs the scheduler; an expired lease can be taken."""

    __tablename__ = "scheduler_leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class JobRun(Base):
    """Record of scheduler reconcile runs (what ran, when, how many queued)."""

    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(String(7))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    queued: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


ANALYSIS_STATUSES = ("draft", "done")


class LevelAnalysis(Base):
    """A leader's *sammanfattande analys* of their level for a period (the distributed
    report): one row per led unit and period, the texts per perspective beside it."""

    __tablename__ = "level_analyses"
    __table_args__ = (
        UniqueConstraint("unit_id", "period_id", name="uq_level_analyses_unit_period"),
        CheckConstraint(_in("status", ANALYSIS_STATUSES), name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(
        ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class LevelAnalysisText(Base):
    """One perspective's text of a :class:`LevelAnalysis`."""

    __tablename__ = "level_analysis_texts"
    __table_args__ = (
        UniqueConstraint("analysis_id", "perspective", name="uq_level_analysis_texts_analysis"),
        CheckConstraint(_in("perspective", PERSPECTIVES), name="perspective"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("level_analyses.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")


ECONOMY_KINDS = ("budget", "utfall")


class EconomyLine(Base):
    """A unit's budget or utfall for one month, in whole kronor (nettokostnad: costs
    positive). ``account_group`` is empty for the unit's total."""

    __tablename__ = "economy_lines"
    __table_args__ = (
        UniqueConstraint("kind", "unit_id", "year", "month", "account_group",
                         name="uq_economy_lines_month"),
        CheckConstraint(_in("kind", ECONOMY_KINDS), name="kind"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        Index("ix_economy_lines_year_kind", "year", "kind", "unit_id"),
        Index("ix_economy_lines_rollup", "kind", "year", "unit_id", "month", "amount_kr"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    account_group: Mapped[str] = mapped_column(String(64), default="")
    amount_kr: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))  # "template" | "sie"
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --------------------------------------------------------------------------- individual


class Employment(Base):
    """Who works in which unit, when (an employee's manager follows from the unit: its
    acting manager, else its manager, else the nearest leader above). A move mid-year is
    the old row ended the day before and a new one."""

    __tablename__ = "employments"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates"),
        Index("ix_employments_person", "person_id", "unit_id", "valid_from"),
        Index("ix_employments_unit", "unit_id", "valid_from"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="import")  # import | graph | demo


class HrRole(Base):
    """An explicit HR role: may read individual goals and check-ins of the unit's subtree
    (``unit_id`` None: the whole kommun). Every such read is logged."""

    __tablename__ = "hr_roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class IndividualGoal(Base):
    """One version of an individual goal (medarbetarmål), linked to a goal of the unit.
    An edit ends this version (``ended_at``) and adds the next one of the same
    ``series_id``; agreed when both the manager and the employee have approved it."""

    __tablename__ = "individual_goals"
    __table_args__ = (
        CheckConstraint("slot BETWEEN 1 AND 3", name="slot"),
        Index("ix_individual_goals_person_year", "person_id", "year", "ended_at"),
        Index("ix_individual_goals_unit_year", "unit_id", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    unit_goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    indicator_name: Mapped[str | None] = mapped_column(String(200))
    indicator_target: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    manager_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    manager_ok_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    employee_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class IndividualCheckin(Base):
    """An employee's check-in on one of their goals for one check-in period."""

    __tablename__ = "individual_checkins"
    __table_args__ = (
        UniqueConstraint("goal_id", "period", name="uq_individual_checkins_goal_period"),
        CheckConstraint(_in("status", RESULT_STATUSES), name="status"),
        Index("ix_individual_checkins_person_period", "person_id", "period"),
        Index("ix_individual_checkins_period_unit", "period", "unit_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("individual_goals.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))  # "2026-T3" or "2026-10"
    status: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IndividualAccess(Base):
    """Every read of someone else's individual goals or check-ins: who, whose, when."""

    __tablename__ = "individual_access_log"
    __table_args__ = (Index("ix_individual_access_log_subject", "subject_person_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    reader_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True)
    subject_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    basis: Mapped[str] = mapped_column(String(16))  # manager | acting | leader | hr
    what: Mapped[str] = mapped_column(String(64))


class EconomyForecast(Base):
    """A unit's helårsprognos (nettokostnad for the year, whole kronor) given in the report
    of one month, with its comment and author."""

    __tablename__ = "economy_forecasts"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "month", name="uq_economy_forecasts_month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        Index("ix_economy_forecasts_year_month", "year", "month", "unit_id", "forecast_kr"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    forecast_kr: Mapped[int] = mapped_column(BigInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    author_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DelegationOrder(Base):
    """One version of a nämnd's delegationsordning: valid_from … valid_to (0009)."""

    __tablename__ = "delegation_orders"
    __table_args__ = (
        UniqueConstraint("committee", "version", name="uq_delegation_orders_version"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    committee: Mapped[str] = mapped_column(String(32))  # "BUN"
    committee_name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DelegationPoint(Base):
    """A numbered point of a delegationsordning; ``search_text`` is what full-text
    search indexes (followup.delegation_text)."""

    __tablename__ = "delegation_points"
    __table_args__ = (
        UniqueConstraint("order_id", "number", name="uq_delegation_points_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("delegation_orders.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    sort_order: Mapped[int] = mapped_column(Integer)
    matter_group: Mapped[str] = mapped_column(String(200))
    matter: Mapped[str] = mapped_column(Text)
    legal_ref: Mapped[str] = mapped_column(String(200), default="")
    delegate_role: Mapped[str] = mapped_column(String(100))
    limit_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="SET NULL"))
    substitute_role: Mapped[str] = mapped_column(String(100), default="")
    amount_limit_kr: Mapped[int | None] = mapped_column(BigInteger)
    subdelegation: Mapped[bool] = mapped_column(Boolean, default=False)
    report_required: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    search_matter: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")


class RoleTitle(Base):
    """A job title (from Graph) → the delegation role it gives (0009)."""

    __tablename__ = "delegation_role_titles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)  # casefolded
    role: Mapped[str] = mapped_column(String(100))


class DelegatedDecision(Base):
    """A decision taken under delegation, anmäld to the nämnd (KL 7 kap. 8 §)."""

    __tablename__ = "delegated_decisions"
    __table_args__ = (
        CheckConstraint("flag IS NULL OR flag IN ('not_held', 'above_amount')", name="flag"),
        Index("ix_delegated_decisions_committee_date", "committee", "decided_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(
        ForeignKey("delegation_points.id", ondelete="RESTRICT"), index=True)
    committee: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    period: Mapped[str] = mapped_column(String(7))
    decided_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(64))
    amount_kr: Mapped[int | None] = mapped_column(BigInteger)
    flag: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DelegationNilReport(Base):
    """"Inga beslut" under delegation this month, confirmed by the person."""

    __tablename__ = "delegation_nil_reports"
    __table_args__ = (
        UniqueConstraint("person_id", "period", name="uq_delegation_nil_reports_person"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime())
