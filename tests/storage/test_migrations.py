from sqlalchemy import inspect

from storage.db import Database
from storage.migrate import current_revisions, downgrade, head_revisions, upgrade


def test_migrations_build_an_empty_database_and_take_it_down_again(database_url: str) -> None:
    database = Database(database_url)

    upgrade(database)
    tables = set(inspect(database.engine).get_table_names())
    assert {"person", "processed_event", "profile", "mentoring_request", "goal", "prompt"} <= tables
    assert current_revisions(database) == head_revisions()

    downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}

    upgrade(database)
    assert current_revisions(database) == head_revisions()
    database.dispose()


def test_the_models_and_the_migrations_agree(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from storage.migrate import include_object

    database = Database(database_url)
    upgrade(database)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    database.dispose()
