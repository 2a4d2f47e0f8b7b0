"""domain events

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('domain_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('occurred_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('claimed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_by', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_domain_event'))
    )
    with op.batch_alter_table('domain_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_domain_event_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_domain_event_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('domain_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_domain_event_status'))
        batch_op.drop_index(batch_op.f('ix_domain_event_occurred_at'))

    op.drop_table('domain_event')
