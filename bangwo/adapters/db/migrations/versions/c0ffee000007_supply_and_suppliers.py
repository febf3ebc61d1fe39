"""supply_entries (imported catalog), supplier_orders and supplier_webhooks

Revision ID: c0ffee000007
Revises: 9e4c2b7d1a35
Create Date: 2026-12-07 15:00:00
"""
from alembic import op
import sqlalchemy as sa
import bangwo.adapters.db.engine


revision = 'c0ffee000007'
down_revision = '9e4c2b7d1a35'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'supply_entries',
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('updated_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'id', name=op.f('pk_supply_entries')),
    )
    op.create_table(
        'supplier_orders',
        sa.Column('order_id', sa.String(length=32), nullable=False),
        sa.Column('supplier', sa.String(length=64), nullable=False),
        sa.Column('supplier_ref', sa.String(length=96), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('updated_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('order_id', name=op.f('pk_supplier_orders')),
        sa.UniqueConstraint('supplier', 'supplier_ref', name=op.f('uq_supplier_orders_supplier')),
    )
    op.create_table(
        'supplier_webhooks',
        sa.Column('supplier', sa.String(length=64), nullable=False),
        sa.Column('webhook_id', sa.String(length=128), nullable=False),
        sa.Column('order_id', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('received_at', bangwo.adapters.db.engine.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('supplier', 'webhook_id', name=op.f('pk_supplier_webhooks')),
    )


def downgrade() -> None:
    op.drop_table('supplier_webhooks')
    op.drop_table('supplier_orders')
    op.drop_table('supply_entries')
