"""Which recipients an outbound message reached, and which refused it for good.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Messages sent before this revision reached all their recipients or none.
    with op.batch_alter_table("outboundmessage") as batch:
        batch.add_column(sa.Column("delivered_to", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("refused", sa.JSON(), nullable=False, server_default="{}"))
    op.execute(
        sa.text("UPDATE outboundmessage SET delivered_to = recipients WHERE status = 'sent'")
    )


def downgrade() -> None:
    with op.batch_alter_table("outboundmessage") as batch:
        batch.drop_column("refused")
        batch.drop_column("delivered_to")
