"""A held or quarantined message attached to a referral or dismissed by the Business
Manager: who did it, when, and the reason, kept with the message (never deleted).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("inbound_message") as batch:
        batch.add_column(sa.Column("attached_to", AutoString(length=32), nullable=True))
        batch.add_column(sa.Column("attached_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("attached_by", AutoString(length=64), nullable=True))
        batch.add_column(sa.Column("attached_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("dismissed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("dismissed_by", AutoString(length=64), nullable=True))
        batch.add_column(sa.Column("dismissed_reason", sa.Text(), nullable=True))
        batch.create_index("ix_inbound_message_attached_to", ["attached_to"])


def downgrade() -> None:
    with op.batch_alter_table("inbound_message") as batch:
        batch.drop_index("ix_inbound_message_attached_to")
        for name in (
            "dismissed_reason",
            "dismissed_by",
            "dismissed_at",
            "attached_reason",
            "attached_by",
            "attached_at",
            "attached_to",
        ):
            batch.drop_column(name)
