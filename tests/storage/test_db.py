import threading
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import select

from bot.identity import PersonRef
from storage.db import Database
from storage.models import Person
from storage.people import PersonRepository


def test_sqlite_connections_use_wal_foreign_keys_a_busy_timeout_and_secure_delete(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'r.db'}")
    with database.read() as session:
        pragma = lambda name: session.connection().execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("secure_delete") == 1


def test_concurrent_read_then_write_transactions_all_succeed(database_url: str) -> None:
    database = Database(database_url)
    errors: list[BaseException] = []

    def rename(n: int) -> None:
        try:
            for round_ in range(10):
                with database.write() as session:
                    person = PersonRepository(session).get_or_create(PersonRef.slack("T1", "U1"))
                    person.display_name = f"writer {n} round {round_}"
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=rename, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with database.read() as session:
        assert len(session.exec(select(Person)).all()) == 1
    database.dispose()


def test_a_failed_action_leaves_nothing_half_written(database_url: str) -> None:
    database = Database(database_url)

    try:
        with database.write() as session:
            PersonRepository(session).get_or_create(PersonRef.slack("T1", "U1"))
            raise RuntimeError("the second half of the action failed")
    except RuntimeError:
        pass

    with database.read() as session:
        assert PersonRepository(session).find(PersonRef.slack("T1", "U1")) is None
    database.dispose()


def test_times_come_back_aware_and_in_utc(database_url: str) -> None:
    database = Database(database_url)
    moment = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    with database.write() as session:
        session.add(Person(workspace_id="T1", user_id="U1", created_at=moment))
    with database.read() as session:
        assert PersonRepository(session).find(PersonRef.slack("T1", "U1")).created_at == moment  # type: ignore[union-attr]
    database.dispose()


def test_text_with_a_nul_character_is_stored_without_it(database_url: str) -> None:
    database = Database(database_url)
    with database.write() as session:
        session.add(Person(workspace_id="T1", user_id="U1", display_name="Ana\x00 Ruiz"))
    with database.read() as session:
        person = PersonRepository(session).find(PersonRef.slack("T1", "U1"))
    assert person is not None and person.display_name == "Ana Ruiz"
    database.dispose()
