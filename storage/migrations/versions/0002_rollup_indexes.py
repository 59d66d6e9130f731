"""covering indexes for the leader summaries' roll-up

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:45:00

The summary compares each goal's result with its result in earlier periods and walks a
red goal's streak back period by period; ``(goal_id, period_id, status, report_id)``
answers those look-ups from the index alone. Counting a subtree's goals that are valid in
a period reads ``(unit_id, valid_from, valid_to, perspective)`` without the goal rows.
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('goal_results', schema=None) as batch_op:
        batch_op.create_index(
            'ix_goal_results_goal_period_status',
            ['goal_id', 'period_id', 'status', 'report_id'],
            unique=False,
        )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(
            'ix_goals_unit_validity',
            ['unit_id', 'valid_from', 'valid_to', 'perspective'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index('ix_goals_unit_validity')
    with op.batch_alter_table('goal_results', schema=None) as batch_op:
        batch_op.drop_index('ix_goal_results_goal_period_status')
