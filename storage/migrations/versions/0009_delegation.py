"""delegation: delegationsordningar (versioned), roles, anmälda delegationsbeslut

Revision ID: 0009_delegation
Revises: 0005_outbox_throttle
Create Date: 2026-12-02 12:10:00

A nämnd's delegationsordning is kept in versions (``delegation_orders``, valid_from …
valid_to) of numbered points (``delegation_points``). Managers get a delegation role on
their assignment, or through their job title (``delegation_role_titles``). Decisions
taken under delegation are anmälda in ``delegated_decisions``; "inga beslut" for a month
in ``delegation_nil_reports``. Full-text search over the points: an FTS5 table on SQLite,
a GIN index over ``to_tsvector('swedish', search_text)`` on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision = '0009_delegation'
down_revision = '0008_economy_forecast'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('manager_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delegation_role', sa.String(length=100), nullable=True))
    op.create_table(
        'delegation_orders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('committee', sa.String(length=32), nullable=False),
        sa.Column('committee_name', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('imported_at', UtcDateTime(), nullable=False),
        sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from',
                           name=op.f('ck_delegation_orders_dates')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_orders')),
        sa.UniqueConstraint('committee', 'version', name='uq_delegation_orders_version'),
    )
    op.create_table(
        'delegation_points',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('matter_group', sa.String(length=200), nullable=False),
        sa.Column('matter', sa.Text(), nullable=False),
        sa.Column('legal_ref', sa.String(length=200), nullable=False),
        sa.Column('delegate_role', sa.String(length=100), nullable=False),
        sa.Column('limit_unit_id', sa.Integer(), nullable=True),
        sa.Column('substitute_role', sa.String(length=100), nullable=False),
        sa.Column('amount_limit_kr', sa.BigInteger(), nullable=True),
        sa.Column('subdelegation', sa.Boolean(), nullable=False),
        sa.Column('report_required', sa.Boolean(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('search_matter', sa.Text(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['delegation_orders.id'], ondelete='CASCADE',
                                name=op.f('fk_delegation_points_order_id_delegation_orders')),
        sa.ForeignKeyConstraint(['limit_unit_id'], ['org_units.id'], ondelete='SET NULL',
                                name=op.f('fk_delegation_points_limit_unit_id_org_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_points')),
        sa.UniqueConstraint('order_id', 'number', name='uq_delegation_points_number'),
    )
    op.create_index(op.f('ix_delegation_points_order_id'), 'delegation_points', ['order_id'])
    op.create_table(
        'delegation_role_titles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_role_titles')),
        sa.UniqueConstraint('title', name=op.f('uq_delegation_role_titles_title')),
    )
    op.create_table(
        'delegated_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('point_id', sa.Integer(), nullable=False),
        sa.Column('committee', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('reference', sa.String(length=64), nullable=True),
        sa.Column('amount_kr', sa.BigInteger(), nullable=True),
        sa.Column('flag', sa.String(length=16), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.CheckConstraint("flag IS NULL OR flag IN ('not_held', 'above_amount')",
                           name=op.f('ck_delegated_decisions_flag')),
        sa.ForeignKeyConstraint(['point_id'], ['delegation_points.id'], ondelete='RESTRICT',
                                name=op.f('fk_delegated_decisions_point_id_delegation_points')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE',
                                name=op.f('fk_delegated_decisions_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegated_decisions')),
    )
    op.create_index(op.f('ix_delegated_decisions_point_id'), 'delegated_decisions',
                    ['point_id'])
    op.create_index(op.f('ix_delegated_decisions_person_id'), 'delegated_decisions',
                    ['person_id'])
    op.create_index('ix_delegated_decisions_committee_date', 'delegated_decisions',
                    ['committee', 'decided_on'])
    op.create_table(
        'delegation_nil_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('confirmed_at', UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='CASCADE',
                                name=op.f('fk_delegation_nil_reports_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_nil_reports')),
        sa.UniqueConstraint('person_id', 'period', name='uq_delegation_nil_reports_person'),
    )
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE delegation_points_fts USING fts5("
                   "search_text, "
                   "tokenize='unicode61 remove_diacritics 0')")
    else:
        op.execute("CREATE INDEX ix_delegation_points_fts ON delegation_points "
                   "USING GIN (to_tsvector('swedish', search_text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS delegation_points_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_delegation_points_fts")
    op.drop_table('delegation_nil_reports')
    op.drop_index('ix_delegated_decisions_committee_date', table_name='delegated_decisions')
    op.drop_index(op.f('ix_delegated_decisions_person_id'), table_name='delegated_decisions')
    op.drop_index(op.f('ix_delegated_decisions_point_id'), table_name='delegated_decisions')
    op.drop_table('delegated_decisions')
    op.drop_table('delegation_role_titles')
    op.drop_index(op.f('ix_delegation_points_order_id'), table_name='delegation_points')
    op.drop_table('delegation_points')
    op.drop_table('delegation_orders')
    with op.batch_alter_table('manager_assignments', schema=None) as batch_op:
        batch_op.drop_column('delegation_role')
