"""individual goals: employments, HR roles, individual goals, check-ins, access log

Revision ID: 0011_individual
Revises: 0010_aggregation
Create Date: 2026-12-02 11:40:00

Down to the individual (issue 16): who works in which unit (``employments``, with dates,
so a move mid-year is two rows), who holds an explicit HR role (``hr_roles``), the
medarbetarsamtal's individual goals (``individual_goals``: versions, an edit ends the old
one), the employees' check-ins (``individual_checkins``) and the log of every read of
someone else's individual data (``individual_access_log``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_individual'
down_revision = '0010_aggregation'
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'employments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from',
                           name=op.f('ck_employments_dates')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_employments_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'],
                                name=op.f('fk_employments_unit_id_org_units'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_employments')),
    )
    op.create_index('ix_employments_person', 'employments',
                    ['person_id', 'unit_id', 'valid_from'])
    op.create_index('ix_employments_unit', 'employments', ['unit_id', 'valid_from'])
    op.create_table(
        'hr_roles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_hr_roles_person_id_people'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'],
                                name=op.f('fk_hr_roles_unit_id_org_units'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hr_roles')),
    )
    op.create_index(op.f('ix_hr_roles_person_id'), 'hr_roles', ['person_id'])
    op.create_table(
        'individual_goals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('series_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('slot', sa.Integer(), nullable=False),
        sa.Column('unit_goal_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('indicator_name', sa.String(length=200), nullable=True),
        sa.Column('indicator_target', sa.String(length=100), nullable=True),
        sa.Column('created_at', _utc(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('manager_ok_at', _utc(), nullable=True),
        sa.Column('manager_ok_by_id', sa.Integer(), nullable=True),
        sa.Column('employee_ok_at', _utc(), nullable=True),
        sa.Column('ended_at', _utc(), nullable=True),
        sa.CheckConstraint('slot BETWEEN 1 AND 3', name=op.f('ck_individual_goals_slot')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_individual_goals_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'],
                                name=op.f('fk_individual_goals_unit_id_org_units'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_goal_id'], ['goals.id'],
                                name=op.f('fk_individual_goals_unit_goal_id_goals'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['people.id'],
                                name=op.f('fk_individual_goals_created_by_id_people'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['manager_ok_by_id'], ['people.id'],
                                name=op.f('fk_individual_goals_manager_ok_by_id_people'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_individual_goals')),
    )
    op.create_index('ix_individual_goals_person_year', 'individual_goals',
                    ['person_id', 'year', 'ended_at'])
    op.create_index('ix_individual_goals_unit_year', 'individual_goals',
                    ['unit_id', 'year'])
    op.create_table(
        'individual_checkins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=7), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', _utc(), nullable=False),
        sa.CheckConstraint("status IN ('green', 'yellow', 'red')",
                           name=op.f('ck_individual_checkins_status')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_individual_checkins_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'],
                                name=op.f('fk_individual_checkins_unit_id_org_units'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['goal_id'], ['individual_goals.id'],
                                name=op.f('fk_individual_checkins_goal_id_individual_goals'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_individual_checkins')),
        sa.UniqueConstraint('goal_id', 'period', name='uq_individual_checkins_goal_period'),
    )
    op.create_index('ix_individual_checkins_person_period', 'individual_checkins',
                    ['person_id', 'period'])
    op.create_index('ix_individual_checkins_period_unit', 'individual_checkins',
                    ['period', 'unit_id', 'status'])
    op.create_table(
        'individual_access_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', _utc(), nullable=False),
        sa.Column('reader_person_id', sa.Integer(), nullable=True),
        sa.Column('subject_person_id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=16), nullable=False),
        sa.Column('what', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['reader_person_id'], ['people.id'],
                                name=op.f('fk_individual_access_log_reader_person_id_people'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['subject_person_id'], ['people.id'],
                                name=op.f('fk_individual_access_log_subject_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_individual_access_log')),
    )
    op.create_index('ix_individual_access_log_subject', 'individual_access_log',
                    ['subject_person_id', 'at'])
    op.create_index(op.f('ix_individual_access_log_reader_person_id'),
                    'individual_access_log', ['reader_person_id'])


def downgrade() -> None:
    op.drop_table('individual_access_log')
    op.drop_table('individual_checkins')
    op.drop_table('individual_goals')
    op.drop_table('hr_roles')
    op.drop_table('employments')
