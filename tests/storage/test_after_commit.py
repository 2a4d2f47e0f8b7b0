"""Follow-up work runs only when the change it follows was committed."""

import pytest
from sqlmodel import select

from storage.db import Database, after_commit
from storage.models import Person


@pytest.fixture
def database(database_url: str) -> Database:
    db = Database(database_url)
    return db


def test_work_runs_after_commit_and_sees_the_change(database: Database) -> None:
    seen: list[int] = []

    def count_people() -> None:
        with database.read() as session:
            seen.append(len(session.exec(select(Person)).all()))

    with database.write() as session:
        session.add(Person(workspace_id="T1", user_id="U1", display_name="Ada"))
        after_commit(session, count_people)
        assert seen == []
    assert seen == [1]


def test_work_is_dropped_when_the_change_rolls_back(database: Database) -> None:
    ran: list[str] = []
    with pytest.raises(ValueError), database.write() as session:
        after_commit(session, lambda: ran.append("sent"))
        raise ValueError("bad input")
    assert ran == []


def test_failing_work_does_not_undo_the_commit_or_stop_the_rest(database: Database) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("platform down")

    with database.write() as session:
        session.add(Person(workspace_id="T1", user_id="U2", display_name="Grace"))
        after_commit(session, broken)
        after_commit(session, lambda: ran.append("second"))
    assert ran == ["second"]
    with database.read() as session:
        assert session.exec(select(Person)).one().user_id == "U2"
