"""Persistence: SQLModel tables, engine, unit of work, audit log. Depends on workflow only."""
