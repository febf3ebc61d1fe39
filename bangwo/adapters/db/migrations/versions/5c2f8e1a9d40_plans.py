"""plans (checkout) and app_secrets

Revision ID: 5c2f8e1a9d40
Revises: 68a93c7c0cfb
Create Date: 2026-12-07 12:10:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = '5c2f8e1a9d40'
down_revision = '68a93c7c0cfb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'plans',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('created_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_user_id'), ['user_id'], unique=False)
    op.create_table(
        'app_secrets',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('value', sa.String(length=128), nullable=False),
        sa.Column('created_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_app_secrets')),
    )


def downgrade() -> None:
    op.drop_table('app_secrets')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_user_id'))
    op.drop_table('plans')
