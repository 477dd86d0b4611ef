"""Inbound messages, mailbox cursors, agenda submissions, outbox attachments.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "inbound_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox_key", AutoString(length=512), nullable=False),
        sa.Column("message_id", AutoString(length=998), nullable=True),
        sa.Column("content_hash", AutoString(length=64), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("sender", AutoString(length=320), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=32), nullable=False),
        sa.Column("outcome", AutoString(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reference", AutoString(length=32), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("released_at", UTCDateTime(), nullable=True),
        sa.Column("released_by", AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["duplicate_of"], ["inbound_message.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mailbox_key"),
    )
    for column in ("content_hash", "message_id", "outcome", "reference"):
        op.create_index(f"ix_inbound_message_{column}", "inbound_message", [column])

    op.create_table(
        "mailbox_state",
        sa.Column("key", AutoString(length=128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("agendaitem") as batch_op:
        batch_op.add_column(sa.Column("title", AutoString(), nullable=True))
        batch_op.add_column(sa.Column("submitted_by", AutoString(length=320), nullable=True))
        batch_op.add_column(
            sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("inbound_id", sa.Integer(), nullable=True))
        batch_op.alter_column("referral_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            "fk_agendaitem_inbound_id", "inbound_message", ["inbound_id"], ["id"]
        )
    with op.batch_alter_table("outboundmessage") as batch_op:
        batch_op.add_column(sa.Column("in_reply_to", AutoString(length=998), nullable=True))
        batch_op.add_column(
            sa.Column("attachments", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("outboundmessage") as batch_op:
        batch_op.drop_column("attachments")
        batch_op.drop_column("in_reply_to")
    with op.batch_alter_table("agendaitem") as batch_op:
        batch_op.drop_constraint("fk_agendaitem_inbound_id", type_="foreignkey")
        batch_op.alter_column("referral_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("inbound_id")
        batch_op.drop_column("late")
        batch_op.drop_column("submitted_by")
        batch_op.drop_column("title")
    op.drop_table("mailbox_state")
    for column in ("content_hash", "message_id", "outcome", "reference"):
        op.drop_index(f"ix_inbound_message_{column}", "inbound_message")
    op.drop_table("inbound_message")
