"""change stamps: a value per group of tables that changes with every write to them

Revision ID: 0012_change_stamps
Revises: 0011_individual
Create Date: 2026-12-03 07:00:00

Process caches (storage.read_cache) keep the org tree and the employees' check-in tallies
and check one tiny row before using them. Triggers give the group's row a new random
stamp on every insert, update or delete of its tables, in the writer's transaction: a
reader sees the new stamp exactly when it sees the change, and a rolled-back write leaves
the old stamp (a random value, never a counter, so no later write can reuse a stamp that
a cache saw inside an aborted transaction).

Groups: ``org`` (org_units, manager_assignments), ``individual`` (employments,
individual_goals, individual_checkins).

On SQLite a ``batch_alter_table`` that recreates one of these tables drops its triggers:
such a migration must recreate them (:func:`create_triggers`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_change_stamps'
down_revision = '0011_individual'
branch_labels = None
depends_on = None

GROUPS = {
    'org': ('org_units', 'manager_assignments'),
    'individual': ('employments', 'individual_goals', 'individual_checkins'),
}
_EVENTS = ('insert', 'update', 'delete')


def create_triggers(table: str, group: str) -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION malbot_new_stamp('{group}')")
        return
    for event in _EVENTS:
        op.execute(f"CREATE TRIGGER stamp_{table}_{event} AFTER {event.upper()} ON {table} "
                   f"BEGIN UPDATE change_stamps SET stamp = random() "
                   f"WHERE name = '{group}'; END")


def drop_triggers(table: str) -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
        return
    for event in _EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{event}")


def upgrade() -> None:
    stamps = op.create_table(
        'change_stamps',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_change_stamps')),
    )
    op.bulk_insert(stamps, [{'name': group, 'stamp': 0} for group in GROUPS])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE FUNCTION malbot_new_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE change_stamps
                   SET stamp = floor(random() * 9e18)::bigint - 4500000000000000000
                 WHERE name = TG_ARGV[0];
                RETURN NULL;
            END $$""")
    for group, tables in GROUPS.items():
        for table in tables:
            create_triggers(table, group)


def downgrade() -> None:
    for tables in GROUPS.values():
        for table in tables:
            drop_triggers(table)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS malbot_new_stamp()")
    op.drop_table('change_stamps')
