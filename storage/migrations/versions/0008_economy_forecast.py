"""economy: the helårsprognos per unit and month

Revision ID: 0008_economy_forecast
Revises: 0005_outbox_throttle
Create Date: 2026-12-02 12:10:00

``economy_forecasts`` holds a manager's helårsprognos (whole kronor, nettokostnad for the
year) for a unit and reporting month, with the comment and who gave it. One row per unit
and month: saving again replaces it (audited).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision = '0008_economy_forecast'
down_revision = '0006_report_model'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'economy_forecasts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('forecast_kr', sa.BigInteger(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('author_person_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_economy_forecasts_month')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], ondelete='CASCADE',
                                name=op.f('fk_economy_forecasts_unit_id_org_units')),
        sa.ForeignKeyConstraint(['author_person_id'], ['people.id'], ondelete='SET NULL',
                                name=op.f('fk_economy_forecasts_author_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_economy_forecasts')),
        sa.UniqueConstraint('unit_id', 'year', 'month', name='uq_economy_forecasts_month'),
    )
    op.create_index('ix_economy_forecasts_year_month', 'economy_forecasts',
                    ['year', 'month', 'unit_id', 'forecast_kr'], unique=False)
    # The roll-up sums a subtree's lines per month: a covering index (no table look-ups).
    op.create_index('ix_economy_lines_rollup', 'economy_lines',
                    ['kind', 'year', 'unit_id', 'month', 'amount_kr'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_economy_lines_rollup', table_name='economy_lines')
    op.drop_index('ix_economy_forecasts_year_month', table_name='economy_forecasts')
    op.drop_table('economy_forecasts')
