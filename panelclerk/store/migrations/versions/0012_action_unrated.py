"""A new action is "unrated" until someone rates it, never green by default; the actions
already held that nobody ever rated (no rate_action in the audit log) say so too.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_item") as batch:
        batch.alter_column("rag", existing_type=sa.String(length=16), server_default="unrated")
    connection = op.get_bind()
    audit = sa.table("auditentry", sa.column("action", sa.String), sa.column("details", sa.JSON))
    rated = {
        str((details or {}).get("action"))
        for (details,) in connection.execute(
            sa.select(audit.c.details).where(audit.c.action == "rate_action")
        ).all()
    }
    item = sa.table(
        "action_item",
        sa.column("id", sa.Integer),
        sa.column("plan", sa.String),
        sa.column("number", sa.Integer),
        sa.column("rag", sa.String),
    )
    greens = connection.execute(
        sa.select(item.c.id, item.c.plan, item.c.number).where(item.c.rag == "green")
    ).all()
    for row_id, plan, number in greens:
        if f"{plan}/{number}" not in rated:
            connection.execute(item.update().where(item.c.id == row_id).values(rag="unrated"))


def downgrade() -> None:
    op.get_bind().execute(sa.text("UPDATE action_item SET rag = 'green' WHERE rag = 'unrated'"))
    with op.batch_alter_table("action_item") as batch:
        batch.alter_column("rag", existing_type=sa.String(length=16), server_default=None)
