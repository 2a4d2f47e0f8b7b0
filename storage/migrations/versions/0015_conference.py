"""conference mode: secret event links, check-in at the door, stored Slack conversations

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-03 08:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0015'
down_revision: str | Sequence[str] | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('event_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_link_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['event_mentee.id'], name=op.f('fk_event_link_mentee_id_event_mentee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_event_link_token_hash'))
    )
    with op.batch_alter_table('event_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_link_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_link_mentee_id'), ['mentee_id'], unique=False)
    op.create_table('event_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('checked_in_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_attendance_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['event_mentee.id'], name=op.f('fk_event_attendance_mentee_id_event_mentee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendance')),
    sa.UniqueConstraint('event_id', 'mentee_id', name=op.f('uq_event_attendance_event_id_mentee_id'))
    )
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendance_event_id'), ['event_id'], unique=False)
    op.create_table('event_conference',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('checkin_opened_at', storage.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('no_shows_freed_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('survey_sent_at', storage.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_conference_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_conference'))
    )
    op.create_table('slack_conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('users', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_conversation')),
    sa.UniqueConstraint('workspace_id', 'users', name=op.f('uq_slack_conversation_workspace_id_users'))
    )


def downgrade() -> None:
    op.drop_table('slack_conversation')
    op.drop_table('event_conference')
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendance_event_id'))
    op.drop_table('event_attendance')
    with op.batch_alter_table('event_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_link_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_event_link_event_id'))
    op.drop_table('event_link')
