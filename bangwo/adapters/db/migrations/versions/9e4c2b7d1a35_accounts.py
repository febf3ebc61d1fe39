"""accounts: phone sign-in, one-time login codes, invite codes

Revision ID: 9e4c2b7d1a35
Revises: 7b1d4e2a6c90
Create Date: 2026-12-07 13:05:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = '9e4c2b7d1a35'
down_revision = '7b1d4e2a6c90'
branch_labels = None
depends_on = None


def upgrade() -> None:
    moment = bangwo.adapters.db.engine.AwareDateTime(timezone=True)
    op.create_table(
        'login_codes',
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', moment, nullable=False),
        sa.Column('expires_at', moment, nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('used_at', moment, nullable=True),
        sa.PrimaryKeyConstraint('phone', name=op.f('pk_login_codes')),
    )
    op.create_table(
        'phone_accounts',
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=True),
        sa.Column('invite_code', sa.String(length=32), nullable=True),
        sa.Column('created_at', moment, nullable=False),
        sa.PrimaryKeyConstraint('phone', name=op.f('pk_phone_accounts')),
        sa.UniqueConstraint('user_id', name=op.f('uq_phone_accounts_user_id')),
    )
    op.create_table(
        'invite_codes',
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('inviter_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', moment, nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_invite_codes')),
        sa.UniqueConstraint('inviter_id', name=op.f('uq_invite_codes_inviter_id')),
    )


def downgrade() -> None:
    op.drop_table('invite_codes')
    op.drop_table('phone_accounts')
    op.drop_table('login_codes')
