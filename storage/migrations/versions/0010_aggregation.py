"""goals: aggregation rule of the indicator (sum or mean)

Revision ID: 0010_aggregation
Revises: 0005_outbox_throttle
Create Date: 2026-12-02 11:40:00

``goals.aggregation`` says how the values of the goals cascading from a goal combine in
the roll-up: ``sum`` (amounts: kr, tkr, antal) or ``mean`` (rates: %). NULL means "from
the unit of measure" (followup/aggregation.py), so existing goals keep working.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_aggregation'
down_revision = '0009_delegation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aggregation', sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_goals_aggregation'),
            "aggregation IS NULL OR aggregation IN ('sum', 'mean')")


def downgrade() -> None:
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_goals_aggregation'), type_='check')
        batch_op.drop_column('aggregation')
