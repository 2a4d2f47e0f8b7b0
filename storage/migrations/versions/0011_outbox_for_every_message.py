"""the prompt table becomes the outbox for every message: groups, channels, updates, payloads

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('prompt', schema=None) as batch_op:
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('group_person_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('update_of', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('urgency', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default='quiet_hours'))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('conversation_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.create_index(batch_op.f('ix_prompt_update_of'), ['update_of'], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM prompt WHERE person_id IS NULL")
    with op.batch_alter_table('prompt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompt_update_of'))
        for column in ('message_id', 'conversation_id', 'payload', 'urgency', 'update_of', 'channel_id', 'group_person_ids'):
            batch_op.drop_column(column)
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
