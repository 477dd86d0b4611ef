"""The child's fingerprint on each referral, so that a second referral of the same child is
found by an index (and the fingerprints of referrals already held).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from panelclerk.workflow.forms import child_fingerprint

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("child_key", sa.String(length=64), nullable=True))
        batch.create_index("ix_referral_child_key", ["child_key"])
    referral = sa.table(
        "referral", sa.column("id", sa.Integer), sa.column("form", sa.JSON), sa.column("child_key")
    )
    connection = op.get_bind()
    for row_id, form in connection.execute(sa.select(referral.c.id, referral.c.form)).all():
        key = child_fingerprint((form or {}).get("child.name"), (form or {}).get("child.date_of_birth"))
        if key:
            connection.execute(
                referral.update().where(referral.c.id == row_id).values(child_key=key)
            )


def downgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.drop_index("ix_referral_child_key")
        batch.drop_column("child_key")
