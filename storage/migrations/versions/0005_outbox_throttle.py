"""outbox status ``expired`` (outbox throttle)

Revision ID: 0005_outbox_throttle
Revises: 0004
Create Date: 2026-12-02 07:00:00

A message whose window passed before it could be sent is ``expired``, told apart from
``failed`` (a real error or the bounded attempts used up) and ``skipped`` (no longer
needed). Only the status check constraint changes.
"""

from __future__ import annotations

from alembic import op

revision = '0005_outbox_throttle'
down_revision = '0004'
branch_labels = None
depends_on = None

_OLD = ('pending', 'sending', 'sent', 'failed', 'unreachable', 'skipped')
_NEW = ('pending', 'sending', 'sent', 'failed', 'expired', 'unreachable', 'skipped')


def _check(statuses: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_status'), _check(_NEW))


def downgrade() -> None:
    op.execute("UPDATE outbox SET status = 'skipped' WHERE status = 'expired'")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_status'), _check(_OLD))
