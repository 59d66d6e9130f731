"""change stamps for the Delegationsbeslut section: a person's anmälda decisions

Revision ID: 0014_decision_stamps
Revises: 0013_mandate_stamps
Create Date: 2026-12-03 14:00:00

Every report step shows the Delegationsbeslut section: the decisions the manager
anmält in what the anmälan covers, the periods they confirmed "inga beslut" and the unit
whose report they answered it in. New group ``decisions``: delegated_decisions and
delegation_nil_reports (every write), and the audit entries of entity
``delegation_anmalan`` (the answered unit; other audit entries, one per saved result,
leave the stamp alone). A process cache keeps the section's reads per person and period
while the stamp is unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_decision_stamps'
down_revision = '0013_mandate_stamps'
branch_labels = None
depends_on = None

GROUP = 'decisions'
TABLES = ('delegated_decisions', 'delegation_nil_reports')
ANMALAN_ENTITY = 'delegation_anmalan'  # services.mandate.ANMALAN_ENTITY
_EVENTS = ('insert', 'update', 'delete')


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == 'postgresql')


def upgrade() -> None:
    stamps = sa.table('change_stamps', sa.column('name', sa.String),
                      sa.column('stamp', sa.BigInteger))
    op.bulk_insert(stamps, [{'name': GROUP, 'stamp': 0}])
    if _postgres():  # malbot_new_stamp() is 0012's
        for table in TABLES:
            op.execute(f"CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR "
                       f"TRUNCATE ON {table} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION malbot_new_stamp('{GROUP}')")
        # row triggers with a condition: only the anmälan's own entries
        op.execute("CREATE TRIGGER stamp_audit_anmalan_new AFTER INSERT OR UPDATE ON audit_log "
                   f"FOR EACH ROW WHEN (NEW.entity = '{ANMALAN_ENTITY}') "
                   f"EXECUTE FUNCTION malbot_new_stamp('{GROUP}')")
        op.execute("CREATE TRIGGER stamp_audit_anmalan_old AFTER UPDATE OR DELETE ON audit_log "
                   f"FOR EACH ROW WHEN (OLD.entity = '{ANMALAN_ENTITY}') "
                   f"EXECUTE FUNCTION malbot_new_stamp('{GROUP}')")
        return
    for table in TABLES:
        for event in _EVENTS:
            op.execute(f"CREATE TRIGGER stamp_{table}_{event} AFTER {event.upper()} ON {table} "
                       f"BEGIN UPDATE change_stamps SET stamp = random() "
                       f"WHERE name = '{GROUP}'; END")
    for event, row in (('insert', 'NEW'), ('update', 'NEW'), ('delete', 'OLD')):
        condition = f"{row}.entity = '{ANMALAN_ENTITY}'"
        if event == 'update':
            condition += f" OR OLD.entity = '{ANMALAN_ENTITY}'"
        op.execute(f"CREATE TRIGGER stamp_audit_anmalan_{event} AFTER {event.upper()} "
                   f"ON audit_log WHEN {condition} "
                   f"BEGIN UPDATE change_stamps SET stamp = random() "
                   f"WHERE name = '{GROUP}'; END")


def downgrade() -> None:
    if _postgres():
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS stamp_audit_anmalan_new ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS stamp_audit_anmalan_old ON audit_log")
    else:
        for table in TABLES:
            for event in _EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{event}")
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS stamp_audit_anmalan_{event}")
    op.execute(f"DELETE FROM change_stamps WHERE name = '{GROUP}'")
