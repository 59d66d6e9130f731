"""leaders' level analyses (the distributed report)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:00:00

Each leader writes their level's sammanfattande analys per perspective and marks the level
klar: ``level_analyses`` (one row per led unit and period) and ``level_analysis_texts``
(one row per perspective).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'level_analyses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('done_at', UtcDateTime(), nullable=True),
        sa.Column('done_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'done')", name=op.f('ck_level_analyses_status')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], ondelete='CASCADE',
                                name=op.f('fk_level_analyses_unit_id_org_units')),
        sa.ForeignKeyConstraint(['period_id'], ['reporting_periods.id'], ondelete='CASCADE',
                                name=op.f('fk_level_analyses_period_id_reporting_periods')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['people.id'], ondelete='SET NULL',
                                name=op.f('fk_level_analyses_updated_by_id_people')),
        sa.ForeignKeyConstraint(['done_by_id'], ['people.id'], ondelete='SET NULL',
                                name=op.f('fk_level_analyses_done_by_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_level_analyses')),
        sa.UniqueConstraint('unit_id', 'period_id', name='uq_level_analyses_unit_period'),
    )
    with op.batch_alter_table('level_analyses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_level_analyses_period_id'), ['period_id'],
                              unique=False)
    op.create_table(
        'level_analysis_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('analysis_id', sa.Integer(), nullable=False),
        sa.Column('perspective', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.CheckConstraint(
            "perspective IN ('citizens', 'operations', 'economy', 'employees')",
            name=op.f('ck_level_analysis_texts_perspective')),
        sa.ForeignKeyConstraint(['analysis_id'], ['level_analyses.id'], ondelete='CASCADE',
                                name=op.f('fk_level_analysis_texts_analysis_id_level_analyses')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_level_analysis_texts')),
        sa.UniqueConstraint('analysis_id', 'perspective',
                            name='uq_level_analysis_texts_analysis'),
    )


def downgrade() -> None:
    op.drop_table('level_analysis_texts')
    with op.batch_alter_table('level_analyses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_level_analyses_period_id'))
    op.drop_table('level_analyses')
