"""economy: budget and utfall per unit and month

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:10:00

``economy_lines`` holds a unit's budget and utfall per month in whole kronor, from the
budget/utfall templates or the ekonomisystem's SIE 4 files.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'economy_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('account_group', sa.String(length=64), nullable=False),
        sa.Column('amount_kr', sa.BigInteger(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('imported_at', UtcDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('budget', 'utfall')", name=op.f('ck_economy_lines_kind')),
        sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_economy_lines_month')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], ondelete='CASCADE',
                                name=op.f('fk_economy_lines_unit_id_org_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_economy_lines')),
        sa.UniqueConstraint('kind', 'unit_id', 'year', 'month', 'account_group',
                            name='uq_economy_lines_month'),
    )
    op.create_index('ix_economy_lines_year_kind', 'economy_lines',
                    ['year', 'kind', 'unit_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_economy_lines_year_kind', table_name='economy_lines')
    op.drop_table('economy_lines')
