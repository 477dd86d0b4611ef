"""An index on what each outbound message answers: the monitor looks there before it answers
a message, so that a message routed again is not answered twice.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboundmessage") as batch:
        batch.create_index("ix_outboundmessage_in_reply_to", ["in_reply_to"])


def downgrade() -> None:
    with op.batch_alter_table("outboundmessage") as batch:
        batch.drop_index("ix_outboundmessage_in_reply_to")
