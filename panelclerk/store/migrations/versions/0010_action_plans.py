"""Action plans and their RAG ratings (Cambridgeshire 7.4).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan", AutoString(length=80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agency_key", AutoString(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("rag", AutoString(length=16), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan", "number"),
    )
    op.create_index("ix_action_item_plan", "action_item", ["plan"])
    op.create_index("ix_action_item_referral_id", "action_item", ["referral_id"])
    op.create_index("ix_action_item_agency_key", "action_item", ["agency_key"])


def downgrade() -> None:
    for column in ("agency_key", "referral_id", "plan"):
        op.drop_index(f"ix_action_item_{column}", "action_item")
    op.drop_table("action_item")
