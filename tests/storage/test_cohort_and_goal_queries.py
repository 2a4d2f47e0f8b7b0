"""The queries behind cohort drafts and goals, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime, timedelta

import pytest

from storage.cohort import CohortRepository, DraftStatus
from storage.db import Database
from storage.goals import GoalRepository, GoalStatus
from storage.models import Goal, Person, Profile, Relationship

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture
def database(database_url: str) -> Database:
    db = Database(database_url)
    return db


def add_person(database: Database, user_id: str, workspace: str = "T1", **flags: bool) -> int:
    with database.write() as session:
        person = Person(workspace_id=workspace, user_id=user_id, display_name=user_id, **flags)
        session.add(person)
        session.flush()
        assert person.id is not None
        return person.id


def relate(database: Database, mentor_id: int, mentee_id: int, *, ended: bool = False) -> int:
    with database.write() as session:
        relationship = Relationship(
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            started_at=NOW - timedelta(days=mentee_id),
            ended_at=NOW if ended else None,
        )
        session.add(relationship)
        session.flush()
        assert relationship.id is not None
        return relationship.id


def test_unmatched_mentees_are_those_of_the_workspace_without_an_open_relationship(
    database: Database,
) -> None:
    mentor = add_person(database, "UMENTOR", is_mentor=True)
    with_profile = add_person(database, "UANA", is_mentee=True)
    without_profile = add_person(database, "UBEN", is_mentee=True)
    matched = add_person(database, "UCAL", is_mentee=True)
    add_person(database, "UDEE", workspace="T2", is_mentee=True)
    relate(database, mentor, matched)
    relate(database, mentor, without_profile, ended=True)
    with database.write() as session:
        session.add(Profile(person_id=with_profile, about="fellowship applications"))

    with CohortRepository.reading(database) as cohort:
        rows = cohort.unmatched_mentees("T1")

    assert [(p.user_id, profile.about if profile else None) for p, profile in rows] == [
        ("UANA", "fellowship applications"),
        ("UBEN", None),
    ]


def test_a_new_draft_supersedes_only_the_open_drafts_of_its_workspace(database: Database) -> None:
    with CohortRepository.writing(database) as cohort:
        first = cohort.replace_open_drafts("T1", None, [[1, 2]], NOW)
        other_workspace = cohort.replace_open_drafts("T2", None, [], NOW)
        second = cohort.replace_open_drafts("T1", None, [], NOW)

    with CohortRepository.reading(database) as cohort:
        statuses = {
            i: getattr(cohort.draft(i), "status", None) for i in (first, other_workspace, second)
        }
    assert statuses == {
        first: DraftStatus.SUPERSEDED,
        other_workspace: DraftStatus.DRAFT,
        second: DraftStatus.DRAFT,
    }


def test_a_mentor_sees_each_current_mentees_open_goals_of_that_relationship(
    database: Database,
) -> None:
    mentor = add_person(database, "UMENTOR", is_mentor=True)
    ana, ben, cal = (add_person(database, u, is_mentee=True) for u in ("UANA", "UBEN", "UCAL"))
    with_ana = relate(database, mentor, ana)
    relate(database, mentor, ben)
    relate(database, mentor, cal, ended=True)
    with database.write() as session:
        session.add(Goal(person_id=ana, relationship_id=with_ana, text="Apply", created_at=NOW))
        session.add(
            Goal(
                person_id=ana,
                relationship_id=with_ana,
                text="Poster",
                status=GoalStatus.DONE,
                created_at=NOW,
            )
        )
        session.add(Goal(person_id=ben, relationship_id=None, text="Read", created_at=NOW))

    with GoalRepository.reading(database) as goals:
        shown = [
            (user, [g.text for g in rows]) for user, rows in goals.open_goals_of_mentees(mentor)
        ]

    # Ben's relationship started earlier (see relate), so he comes first.
    assert shown == [("UBEN", []), ("UANA", ["Apply"])]


def test_a_new_goal_belongs_to_the_mentees_newest_open_relationship(database: Database) -> None:
    older_mentor = add_person(database, "UOLD", is_mentor=True)
    newer_mentor = add_person(database, "UNEW", is_mentor=True)
    mentee = add_person(database, "UANA", is_mentee=True)
    with database.write() as session:
        session.add(Relationship(mentor_id=older_mentor, mentee_id=mentee, started_at=NOW))
        newer = Relationship(
            mentor_id=newer_mentor, mentee_id=mentee, started_at=NOW + timedelta(days=1)
        )
        session.add(newer)
        session.flush()
        newest_id = newer.id

    with GoalRepository.writing(database) as goals:
        person = goals.people.get(mentee)
        assert person is not None
        goal = goals.add_for_mentee(person, "Apply", None, NOW)

    assert goal.relationship_id == newest_id
