"""The safeguarding partners' sign-offs (Working Together 2023).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "sign_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("person_key", AutoString(length=64), nullable=False),
        sa.Column("review_type", AutoString(length=64), nullable=False),
        sa.Column("methodology", AutoString(length=64), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("lead_reviewer", AutoString(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_off_referral_id", "sign_off", ["referral_id"])


def downgrade() -> None:
    op.drop_index("ix_sign_off_referral_id", "sign_off")
    op.drop_table("sign_off")
