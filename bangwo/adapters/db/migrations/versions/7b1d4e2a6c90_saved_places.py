"""saved places: a person's own names for places (家, 公司...)

Revision ID: 7b1d4e2a6c90
Revises: 00aa5d0fafab
Create Date: 2026-12-07 12:45:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = '7b1d4e2a6c90'
down_revision = '00aa5d0fafab'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_places',
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('label', sa.String(length=16), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.Column('city', sa.String(length=32), nullable=False),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lng', sa.Float(), nullable=True),
        sa.Column('updated_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('user_id', 'label', name=op.f('pk_saved_places')),
    )


def downgrade() -> None:
    op.drop_table('saved_places')
