"""geocode_cache (answers of an online geocoder)

Revision ID: 00aa5d0fafab
Revises: 5c2f8e1a9d40
Create Date: 2026-12-07 12:40:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = '00aa5d0fafab'
down_revision = '5c2f8e1a9d40'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'geocode_cache',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('provider', sa.String(length=16), nullable=False),
        sa.Column('operation', sa.String(length=16), nullable=False),
        sa.Column('query', sa.String(length=400), nullable=False),
        sa.Column('places', sa.JSON(), nullable=False),
        sa.Column('created_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_geocode_cache')),
    )


def downgrade() -> None:
    op.drop_table('geocode_cache')
