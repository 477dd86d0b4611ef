"""Alembic environment: the engine comes from the caller (store.engine.migrate)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from panelclerk.store import tables  # noqa: F401  (registers the tables)

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # the alembic CLI: DATABASE_URL or the default file
    import os

    from panelclerk.store.engine import make_engine

    engine = make_engine(os.environ.get("DATABASE_URL", "sqlite:///var/panelclerk.db"))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
