"""Old home of the scheduler's leadership, now :mod:`services.leadership` (kept for callers)."""

from services.leadership import (
    ADVISORY_LOCK_KEY,
    LEASE_NAME,
    Leader,
    LeaseLeader,
    PostgresLeader,
    holder_id,
    holder_is_gone,
    make_leader,
)

__all__ = ["ADVISORY_LOCK_KEY", "LEASE_NAME", "Leader", "LeaseLeader", "PostgresLeader",
           "holder_id", "holder_is_gone", "make_leader"]
