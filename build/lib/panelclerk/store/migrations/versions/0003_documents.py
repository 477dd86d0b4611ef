"""Generated documents; the agenda pack's confirmation status.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=64), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("filename", AutoString(length=255), nullable=False),
        sa.Column("content_type", AutoString(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("kind", "referral_id", "meeting_id"):
        op.create_index(f"ix_document_{column}", "document", [column])
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(
            sa.Column("agenda_status", AutoString(length=24), nullable=False,
                      server_default="open")
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("agenda_status")
    for column in ("kind", "referral_id", "meeting_id"):
        op.drop_index(f"ix_document_{column}", "document")
    op.drop_table("document")
