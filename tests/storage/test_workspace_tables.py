from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.db import Database


def within(tables: set[str]) -> Any:
    def include(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or getattr(table, "name", name) in tables

    return include


def test_migrated_install_tables_are_those_slack_sdk_reads_and_writes(database_url: str) -> None:
    database = Database(database_url)
    installs = SQLAlchemyInstallationStore(client_id="1111.2222", engine=database.engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=database.engine)
    with database.engine.connect() as connection:
        for library in (installs.metadata, states.metadata):
            context = MigrationContext.configure(
                connection,
                opts={"include_object": within(set(library.tables)), "compare_type": True},
            )
            assert compare_metadata(context, library) == []
    database.dispose()
