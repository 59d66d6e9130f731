"""change stamps for a card step's reads: delegationsordningar, people, goals, economy

Revision ID: 0013_mandate_stamps
Revises: 0012_change_stamps
Create Date: 2026-12-03 10:00:00

Every report step shows the Delegationsbeslut section, which needs who holds which point:
the managers' assignments (group ``org``), the delegationsordningar and the job-title
table (new group ``delegation``: delegation_orders, delegation_points,
delegation_role_titles) and the people's names and job titles (new group ``people``).
The step also reads the unit's goals (new group ``goals``: the goals table) and its
budget and utfall (new group ``economy``: economy_lines, written by imports). Process
caches keep them while these stamps are unchanged.

``people`` is stamped by inserts, deletes and updates *of name or title* only: the bot
writes a person's locale, Teams id or reachability often, and those say nothing about the
mandate.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_mandate_stamps'
down_revision = '0012_change_stamps'
branch_labels = None
depends_on = None

DELEGATION_TABLES = ('delegation_orders', 'delegation_points', 'delegation_role_titles')
WHOLE_TABLES = {**{t: 'delegation' for t in DELEGATION_TABLES}, 'goals': 'goals',
                'economy_lines': 'economy'}
PEOPLE_COLUMNS = ('name', 'title')


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == 'postgresql')


def _sqlite_trigger(name: str, event: str, table: str, group: str) -> None:
    op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
               f"BEGIN UPDATE change_stamps SET stamp = random() "
               f"WHERE name = '{group}'; END")


def upgrade() -> None:
    stamps = sa.table('change_stamps', sa.column('name', sa.String),
                      sa.column('stamp', sa.BigInteger))
    op.bulk_insert(stamps, [{'name': 'delegation', 'stamp': 0},
                            {'name': 'people', 'stamp': 0}, {'name': 'goals', 'stamp': 0},
                            {'name': 'economy', 'stamp': 0}])
    columns = ', '.join(PEOPLE_COLUMNS)
    if _postgres():  # malbot_new_stamp() is 0012's
        for table, group in WHOLE_TABLES.items():
            op.execute(f"CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR "
                       f"TRUNCATE ON {table} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION malbot_new_stamp('{group}')")
        op.execute(f"CREATE TRIGGER stamp_people AFTER INSERT OR UPDATE OF {columns} OR "
                   "DELETE OR TRUNCATE ON people FOR EACH STATEMENT "
                   "EXECUTE FUNCTION malbot_new_stamp('people')")
        return
    for table, group in WHOLE_TABLES.items():
        for event in ('insert', 'update', 'delete'):
            _sqlite_trigger(f"stamp_{table}_{event}", event.upper(), table, group)
    _sqlite_trigger("stamp_people_insert", "INSERT", "people", "people")
    _sqlite_trigger("stamp_people_delete", "DELETE", "people", "people")
    _sqlite_trigger("stamp_people_update", f"UPDATE OF {columns}", "people", "people")


def downgrade() -> None:
    if _postgres():
        for table in (*WHOLE_TABLES, 'people'):
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
    else:
        for table in WHOLE_TABLES:
            for event in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{event}")
        for event in ('insert', 'delete', 'update'):
            op.execute(f"DROP TRIGGER IF EXISTS stamp_people_{event}")
    op.execute("DELETE FROM change_stamps WHERE name IN "
               "('delegation', 'people', 'goals', 'economy')")
