"""install in several workspaces: each outbox row names its workspace; Slack's OAuth stores

The slack_* tables are those of slack_sdk's SQLAlchemyInstallationStore and
SQLAlchemyOAuthStateStore, column for column (tests/storage/test_workspace_tables.py checks).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 08:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _installed_at() -> sa.Column:
    return sa.Column('installed_at', sa.DateTime(), nullable=False, server_default=sa.func.now())


def _workspace_and_bot(*, enterprise_url: bool) -> list[sa.Column]:
    """The columns slack_sdk's bot and installation tables share, in its order."""
    url = [sa.Column('enterprise_url', sa.String(200))] if enterprise_url else []
    return [
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('client_id', sa.String(32), nullable=False),
        sa.Column('app_id', sa.String(32), nullable=False),
        sa.Column('enterprise_id', sa.String(32)),
        sa.Column('enterprise_name', sa.String(200)),
        *url,
        sa.Column('team_id', sa.String(32)),
        sa.Column('team_name', sa.String(200)),
        sa.Column('bot_token', sa.String(200)),
        sa.Column('bot_id', sa.String(32)),
        sa.Column('bot_user_id', sa.String(32)),
        sa.Column('bot_scopes', sa.String(1000)),
        sa.Column('bot_refresh_token', sa.String(200)),
        sa.Column('bot_token_expires_at', sa.DateTime()),
    ]


def upgrade() -> None:
    with op.batch_alter_table('prompt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workspace_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.execute(
        "UPDATE prompt SET workspace_id = "
        "(SELECT person.workspace_id FROM person WHERE person.id = prompt.person_id) "
        "WHERE person_id IS NOT NULL"
    )
    op.create_table(
        'slack_bots',
        *_workspace_and_bot(enterprise_url=False),
        sa.Column('is_enterprise_install', sa.Boolean(), nullable=False, server_default=sa.false()),
        _installed_at(),
    )
    op.create_index('slack_bots_idx', 'slack_bots', ['client_id', 'enterprise_id', 'team_id', 'installed_at'])
    op.create_table(
        'slack_installations',
        *_workspace_and_bot(enterprise_url=True),
        sa.Column('user_id', sa.String(32), nullable=False),
        sa.Column('user_token', sa.String(200)),
        sa.Column('user_scopes', sa.String(1000)),
        sa.Column('user_refresh_token', sa.String(200)),
        sa.Column('user_token_expires_at', sa.DateTime()),
        sa.Column('incoming_webhook_url', sa.String(200)),
        sa.Column('incoming_webhook_channel', sa.String(200)),
        sa.Column('incoming_webhook_channel_id', sa.String(200)),
        sa.Column('incoming_webhook_configuration_url', sa.String(200)),
        sa.Column('is_enterprise_install', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('token_type', sa.String(32)),
        _installed_at(),
    )
    op.create_index(
        'slack_installations_idx',
        'slack_installations',
        ['client_id', 'enterprise_id', 'team_id', 'user_id', 'installed_at'],
    )
    op.create_table(
        'slack_oauth_states',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('state', sa.String(200), nullable=False),
        sa.Column('expire_at', sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('slack_oauth_states')
    op.drop_index('slack_installations_idx', table_name='slack_installations')
    op.drop_table('slack_installations')
    op.drop_index('slack_bots_idx', table_name='slack_bots')
    op.drop_table('slack_bots')
    with op.batch_alter_table('prompt', schema=None) as batch_op:
        batch_op.drop_column('workspace_id')
