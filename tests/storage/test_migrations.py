from sqlalchemy import inspect, text

from storage.db import Database
from storage.migrate import current_revisions, downgrade, head_revision, script_heads, upgrade


def test_migrations_build_an_empty_database_and_take_it_down_again(empty_database_url: str) -> None:
    database = Database(empty_database_url)

    upgrade(database)
    tables = set(inspect(database.engine).get_table_names())
    assert {"person", "processed_event", "profile", "mentoring_request", "goal", "prompt"} <= tables
    assert current_revisions(database) == {head_revision()}

    downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}

    upgrade(database)
    assert current_revisions(database) == {head_revision()}
    database.dispose()


def test_the_migration_history_has_exactly_one_head() -> None:
    assert len(script_heads()) == 1, f"several Alembic heads {script_heads()}: add a merge revision"


def test_a_database_on_an_old_branch_upgrades_in_place_to_the_one_head(
    empty_database_url: str,
) -> None:
    database = Database(empty_database_url)
    upgrade(database, "0005")
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (platform, workspace_id, user_id, display_name, is_mentee,"
                " is_mentor, is_organizer, created_at)"
                " VALUES ('slack', 'T1', 'U1', 'Ada', true, false, false, CURRENT_TIMESTAMP)"
            )
        )

    upgrade(database)

    assert current_revisions(database) == {head_revision()}
    with database.engine.connect() as connection:
        names = connection.execute(text("SELECT display_name FROM person")).scalars().all()
    assert names == ["Ada"]
    database.dispose()


def test_the_models_and_the_migrations_agree(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from storage.migrate import include_object

    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    database.dispose()


def test_replicas_starting_together_upgrade_a_fresh_database_once(empty_database_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    replicas = [Database(empty_database_url) for _ in range(2)]
    together = Barrier(len(replicas))

    def start(database: Database) -> None:
        together.wait()
        upgrade(database)

    with ThreadPoolExecutor(len(replicas)) as pool:
        for started in [pool.submit(start, database) for database in replicas]:
            started.result(timeout=120)

    assert current_revisions(replicas[0]) == {head_revision()}
    with replicas[0].engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1
    for database in replicas:
        database.dispose()
