import json
from datetime import timedelta
from functools import cache
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, Table
from sqlalchemy import select as core_select
from sqlmodel import select

from bot.identity import PersonRef
from bot.privacy import blank_old_free_text, export_person, forget_person
from bot.replies import plain_text, reply
from bot.reports import build_report
from bot.reports.personal import personal_summary, personal_summary_parts
from bot.reports.sample import WORKSPACE
from storage.db import Database
from storage.models import Feedback, Goal, MentoringRequest, Person, Relationship
from tests.reports.conftest import END, START

ANA = PersonRef("slack", WORKSPACE, "U0ANA")
KIM = PersonRef("slack", WORKSPACE, "U0DRKIM")
ANAS_WORDS = (
    "U0ANA",
    "Ana Ruiz",
    "u0ana@hospital.example",
    "QI project in the NICU",
    "Help with my QI poster abstract",
    "Residency interview practice",
    "Dr Kim made my poster shine",
    "Ana came well prepared",
    "Submit the QI poster abstract",
)


def every_value(database: Database) -> list[str]:
    """Every value in every table of the database, as text."""
    values = []
    with database.engine.connect() as connection:
        for table in _tables(database):
            for row in connection.execute(core_select(table)):
                for value in row:
                    if isinstance(value, bytes):
                        values.append(value.decode("latin-1"))
                    elif value is not None:
                        values.append(json.dumps(value, default=str, ensure_ascii=False))
    return values


# Reflecting costs far more than reading a small database, and a property test reads the same
# database once per example; none of them adds a table.
@cache
def _tables(database: Database) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(database.engine)
    return metadata.sorted_tables


def home_text(database: Database, ref: PersonRef) -> str:
    return plain_text(reply(*personal_summary_parts(personal_summary(database, ref))))


def test_a_mentor_sees_their_score_only_once_three_mentees_rated_them(
    database: Database, program: dict[str, int]
) -> None:
    assert "Mentees rate your help" not in home_text(database, KIM)
    assert "appears once at least 3 mentees" in home_text(database, KIM)

    with database.write() as session:
        session.add(Relationship(id=99, mentor_id=program["U0DRKIM"], mentee_id=program["U0DEV"]))
        session.flush()
        session.add(
            Feedback(
                author_id=program["U0DEV"],
                subject_type="relationship",
                subject_id=99,
                role="mentee",
                usefulness=3,
            )
        )

    assert "Mentees rate your help 4.0 out of 5 on average (3 people)." in home_text(database, KIM)


def test_several_answers_from_one_mentee_are_still_one_person(
    database: Database, program: dict[str, int]
) -> None:
    with database.write() as session:
        for _ in range(3):
            session.add(
                Feedback(
                    author_id=program["U0ANA"],
                    subject_type="relationship",
                    subject_id=1,
                    role="mentee",
                    usefulness=1,
                )
            )

    assert "Mentees rate your help" not in home_text(database, KIM)


def test_the_personal_summary_counts_meetings_goals_and_people(
    database: Database, program: dict[str, int]
) -> None:
    ana = personal_summary(database, ANA)
    kim = personal_summary(database, KIM)

    assert ana is not None and kim is not None
    assert (ana.meetings, ana.people_met, ana.goals_done) == (1, 1, 1)
    assert (kim.meetings, kim.mentees_helped, kim.mentee_goals_reached) == (2, 2, 1)


def test_my_data_holds_everything_about_the_person_and_only_totals_of_others_feedback(
    database: Database, program: dict[str, int]
) -> None:
    data = export_person(database, ANA, END)

    assert data is not None
    text = json.dumps(data)
    assert data["person"]["user_id"] == "U0ANA"
    assert data["profile"]["email"] == "u0ana@hospital.example"
    assert [r["goal"] for r in data["requests"]] == [
        "Help with my QI poster abstract",
        "Residency interview practice",
    ]
    assert [s["kind"] for s in data["requests"][0]["steps"]] == ["created", "offered", "accepted"]
    assert data["relationships"][0]["with"] == "Dr. Grace Kim"
    assert [g["text"] for g in data["goals"]] == ["Submit the QI poster abstract"]
    assert len(data["messages_to_you"]) == 2
    assert [f["comment"] for f in data["feedback_you_gave"]] == ["Dr Kim made my poster shine"]
    assert "Ana came well prepared" not in text  # what her mentor wrote about her

    kims = export_person(database, KIM, END)
    assert kims is not None
    assert kims["feedback_about_you"] == {"people": 2, "mean_usefulness": None}
    assert "Felt rushed" not in json.dumps(kims)
    assert {s["kind"] for s in kims["offers_to_you"]} >= {"offered", "accepted", "passed_on"}


def test_someone_unknown_has_nothing_to_export_or_forget(database: Database) -> None:
    assert export_person(database, ANA, END) is None
    assert forget_person(database, ANA, END) is False


def test_forget_me_leaves_no_personal_data_in_any_table(
    database: Database, program: dict[str, int]
) -> None:
    before = build_report(database, START, END)

    assert forget_person(database, ANA, END)

    leftovers = [v for v in every_value(database) for word in ANAS_WORDS if word in v]
    assert leftovers == []
    after = build_report(database, START, END)
    assert after.requests == before.requests
    assert after.meetings == before.meetings
    assert after.feedback.responses == before.feedback.responses
    assert after.feedback.mean_usefulness == before.feedback.mean_usefulness
    assert export_person(database, ANA, END) is None
    assert forget_person(database, ANA, END) is False


def test_forget_me_ends_what_was_still_going(database: Database, program: dict[str, int]) -> None:
    forget_person(database, ANA, END)

    with database.read() as session:
        requests = session.exec(
            select(MentoringRequest).where(MentoringRequest.mentee_id == program["U0ANA"])
        ).all()
        relationships = session.exec(
            select(Relationship).where(Relationship.mentee_id == program["U0ANA"])
        ).all()
    assert [r.status for r in requests] == ["matched", "cancelled"]
    assert all(r.closed_at is not None for r in requests)
    assert all(r.ended_at is not None for r in relationships)


@settings(max_examples=15)
@given(words=st.text(min_size=1, max_size=60))
def test_no_free_text_of_a_forgotten_person_survives(database: Database, words: str) -> None:
    comment = f"Forgettable: {words}"
    with database.write() as session:
        person = Person(workspace_id=WORKSPACE, user_id=f"U0{uuid4().hex[:8].upper()}")
        session.add(person)
        session.flush()
        assert person.id is not None
        session.add(Goal(person_id=person.id, text=comment))
        session.add(
            Feedback(
                author_id=person.id,
                subject_type="event",
                subject_id=1,
                role="mentee",
                usefulness=4,
                comment=comment,
            )
        )
        ref = PersonRef("slack", WORKSPACE, person.user_id)

    forget_person(database, ref, END)

    assert [v for v in every_value(database) if comment in v or ref.user_id in v] == []


def test_retention_blanks_only_old_free_text(database: Database, program: dict[str, int]) -> None:
    now = START + timedelta(days=75)

    assert blank_old_free_text(database, now, 0) == 0
    blanked = blank_old_free_text(database, now, 2)

    with database.read() as session:
        comments = {f.comment for f in session.exec(select(Feedback)).all()}
        goals = {g.text for g in session.exec(select(Goal)).all()}
    # Two months before mid-March is mid-January: January's comments go, February's stay.
    assert comments == {None, "Felt rushed"}
    assert "Shadow a cardiology clinic" in goals  # still open
    assert blanked >= 3
    assert blank_old_free_text(database, now, 2) == 0
