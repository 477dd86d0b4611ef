"""Private chat addresses (Teams personal chats).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "chat_address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", AutoString(length=16), nullable=False),
        sa.Column("user_key", AutoString(length=255), nullable=False),
        sa.Column("conversation_id", AutoString(length=512), nullable=False),
        sa.Column("service_url", AutoString(length=512), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "user_key"),
    )


def downgrade() -> None:
    op.drop_table("chat_address")
