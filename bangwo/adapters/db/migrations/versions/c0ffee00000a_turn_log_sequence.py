"""turn log: a sequence per conversation (logged once), the last turn kept with the state until logged

Revision ID: c0ffee00000a
Revises: c0ffee000008
Create Date: 2026-12-07 15:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c0ffee00000a'
down_revision = 'c0ffee000008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('turns') as batch:
        batch.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch.create_index('uq_turns_seq', ['user_id', 'conversation_id', 'seq'], unique=True)
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('last_turn', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('last_turn')
    with op.batch_alter_table('turns') as batch:
        batch.drop_index('uq_turns_seq')
        batch.drop_column('seq')
