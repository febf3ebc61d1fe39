"""topups and topup_refunds: wallet top-ups at the payment provider and refunds to card

Revision ID: c0ffee000008
Revises: c0ffee000007
Create Date: 2026-12-07 14:45:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = 'c0ffee000008'
down_revision = 'c0ffee000007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    moment = bangwo.adapters.db.engine.AwareDateTime(timezone=True)
    op.create_table(
        'topups',
        sa.Column('reference', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('amount_fen', sa.BigInteger(), nullable=False),
        sa.Column('ledger_key', sa.String(length=160), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('provider_id', sa.String(length=64), nullable=False),
        sa.Column('qr_code', sa.String(length=512), nullable=False),
        sa.Column('refunded_fen', sa.BigInteger(), nullable=False),
        sa.Column('created_at', moment, nullable=False),
        sa.Column('updated_at', moment, nullable=False),
        sa.PrimaryKeyConstraint('reference', name=op.f('pk_topups')),
        sa.UniqueConstraint('ledger_key', name=op.f('uq_topups_ledger_key')),
    )
    op.create_index(op.f('ix_topups_user_id'), 'topups', ['user_id'], unique=False)
    op.create_table(
        'topup_refunds',
        sa.Column('request_id', sa.String(length=64), nullable=False),
        sa.Column('reference', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('amount_fen', sa.BigInteger(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', moment, nullable=False),
        sa.Column('updated_at', moment, nullable=False),
        sa.PrimaryKeyConstraint('request_id', name=op.f('pk_topup_refunds')),
    )
    op.create_index(op.f('ix_topup_refunds_reference'), 'topup_refunds', ['reference'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_topup_refunds_reference'), table_name='topup_refunds')
    op.drop_table('topup_refunds')
    op.drop_index(op.f('ix_topups_user_id'), table_name='topups')
    op.drop_table('topups')
