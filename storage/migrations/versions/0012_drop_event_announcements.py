"""speed-mentoring messages go through the outbox: the event's own claim table goes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0012'
down_revision: str | Sequence[str] | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('event_announcement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_announcement_event_id'))
    op.drop_table('event_announcement')


def downgrade() -> None:
    op.create_table('event_announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('round_number', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('claimed_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_announcement_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_announcement')),
    sa.UniqueConstraint('event_id', 'round_number', 'kind', 'recipient', name=op.f('uq_event_announcement_event_id_round_number_kind_recipient'))
    )
    with op.batch_alter_table('event_announcement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_announcement_event_id'), ['event_id'], unique=False)
