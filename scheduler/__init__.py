"""APScheduler wiring, idempotent reconcile jobs and proactive delivery (outbox)."""
