"""Persistence: SQLAlchemy models, queries, migrations and the SDK Storage."""
