"""report model: the period's report kind and a result's extra fields

Revision ID: 0006_report_model
Revises: 0005_outbox_throttle
Create Date: 2026-12-02 12:00:00

``reporting_periods.kind`` names the report kind asked for the period
(``followup.report_kinds``; NULL: by the period code's kind). ``goal_results.extra``
holds the kind's fields beyond the four columns, e.g. ``{"year_end": "yellow"}`` (bedömd
måluppfyllelse vid årets slut of a tertial, delår or helår).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006_report_model'
down_revision = '0005_outbox_throttle'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=True))
    with op.batch_alter_table('goal_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('goal_results', schema=None) as batch_op:
        batch_op.drop_column('extra')
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.drop_column('kind')
