"""Attempts at reading a message, counted in the store before it is read.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "mail_attempt",
        sa.Column("mailbox_key", AutoString(length=512), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_fault", AutoString(length=255), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("mailbox_key"),
    )


def downgrade() -> None:
    op.drop_table("mail_attempt")
