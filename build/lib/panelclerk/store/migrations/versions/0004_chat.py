"""Chat: applied events, a thread per referral, the chat outbox.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "chat_event",
        sa.Column("key", AutoString(length=255), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "chat_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("channel", AutoString(length=255), nullable=False),
        sa.Column("ts", AutoString(length=255), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "referral_id"),
    )
    op.create_index("ix_chat_thread_referral_id", "chat_thread", ["referral_id"])
    op.create_table(
        "chat_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("kind", AutoString(length=32), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("target", AutoString(length=255), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("posted_ts", AutoString(length=255), nullable=True),
        sa.Column("last_error", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("platform", "referral_id", "status"):
        op.create_index(f"ix_chat_message_{column}", "chat_message", [column])


def downgrade() -> None:
    for column in ("platform", "referral_id", "status"):
        op.drop_index(f"ix_chat_message_{column}", "chat_message")
    op.drop_table("chat_message")
    op.drop_index("ix_chat_thread_referral_id", "chat_thread")
    op.drop_table("chat_thread")
    op.drop_table("chat_event")
