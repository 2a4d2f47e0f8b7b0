"""A small, known program history: three months of requests, meetings, feedback and goals.

`rounds demo` plays it for the program report, and the tests check the report's figures
against it. Written straight into the tables, the way the request and check-in flows do.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.identity import PersonRef
from storage.db import Database
from storage.models import (
    Feedback,
    Goal,
    MentoringRequest,
    Prompt,
    Relationship,
    RequestStep,
)
from storage.seeding import SeedRepository

WORKSPACE = "T0DEMO"


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str
    mentee: bool
    stage: str
    specialty: str | None
    capacity: int = 0
    about: str = ""


MEMBERS = (
    Member("U0ANA", "Ana Ruiz", True, "pgy2", "pediatrics", about="QI project in the NICU"),
    Member("U0BEN", "Ben Okafor", True, "student", None, about="Choosing a specialty"),
    Member("U0CARA", "Cara Diaz", True, "pgy1", "internal_medicine"),
    Member("U0DEV", "Dev Shah", True, "pgy3", "emergency_medicine"),
    Member("U0DRKIM", "Dr. Grace Kim", False, "attending", "pediatrics", 2, "Peds cardiology"),
    Member("U0DRLEE", "Dr. Sam Lee", False, "faculty", "emergency_medicine", 1),
    Member("U0DRNG", "Dr. Lin Ng", False, "attending", "internal_medicine", 3),
)


class Seeder:
    """Writes rows at known times after `start`; `at(day, hour)` is the moment it uses."""

    def __init__(self, rows: SeedRepository, start: datetime) -> None:
        self.rows = rows
        self.start = start
        self.ids: dict[str, int] = {}

    def at(self, day: float, hour: float = 0) -> datetime:
        return self.start + timedelta(days=day, hours=hour)

    def person(self, member: Member) -> int:
        person = self.rows.person(PersonRef("slack", WORKSPACE, member.user_id))
        person.display_name = member.name
        person.timezone = person.timezone or "America/New_York"
        person.is_mentee = member.mentee
        person.is_mentor = not member.mentee
        person.created_at = min(person.created_at, self.start - timedelta(days=30))
        self.rows.add(person)
        assert person.id is not None
        profile = self.rows.profile(person.id)
        profile.career_stage = member.stage
        profile.specialty = member.specialty
        profile.about = member.about
        profile.capacity = member.capacity
        profile.email = f"{member.user_id.lower()}@hospital.example"
        self.rows.add(profile)
        self.ids[member.user_id] = person.id
        return person.id

    def request(self, mentee: str, day: float, goal: str) -> int:
        request = self.rows.add(
            MentoringRequest(mentee_id=self.ids[mentee], goal=goal, created_at=self.at(day))
        )
        assert request.id is not None
        self.step(request.id, "created", None, day)
        return request.id

    def step(
        self,
        request_id: int,
        kind: str,
        mentor: str | None,
        day: float,
        hour: float = 0,
        reason: str | None = None,
    ) -> None:
        mentor_id = self.ids[mentor] if mentor else None
        self.rows.add(
            RequestStep(
                request_id=request_id,
                kind=kind,
                mentor_id=mentor_id,
                reason=reason,
                at=self.at(day, hour),
            )
        )

    def close(self, request_id: int, status: str, day: float, hour: float = 0) -> None:
        request = self.rows.request(request_id)
        assert request is not None
        request.status = status
        request.closed_at = self.at(day, hour)
        self.rows.add(request)

    def relationship(
        self,
        mentor: str,
        mentee: str,
        request_id: int,
        day: float,
        hour: float = 0,
        ended: float | None = None,
    ) -> int:
        current = self.rows.open_relationship(self.ids[mentor], self.ids[mentee])
        if current is not None and ended is None:
            # The demo introduced this pair already: its history is this relationship's own.
            current.started_at = min(current.started_at, self.at(day, hour))
            relationship = self.rows.add(current)
            assert relationship.id is not None
            return relationship.id
        relationship = self.rows.add(
            Relationship(
                mentor_id=self.ids[mentor],
                mentee_id=self.ids[mentee],
                request_id=request_id,
                conversation_id=f"G{request_id:08d}",
                started_at=self.at(day, hour),
                ended_at=self.at(ended) if ended is not None else None,
            )
        )
        assert relationship.id is not None
        return relationship.id

    def prompt(
        self, kind: str, person: str, relationship_id: int, day: float, answer: str | None
    ) -> None:
        self.rows.add(
            Prompt(
                kind=kind,
                person_id=self.ids[person],
                subject_type="relationship",
                subject_id=relationship_id,
                dedupe_key=f"{kind}:{relationship_id}:{person}:{day}",
                due_at=self.at(day),
                status="answered" if answer else "sent",
                sent_at=self.at(day),
                answered_at=self.at(day, 2) if answer else None,
                answer=answer,
            )
        )

    def feedback(
        self,
        author: str,
        role: str,
        relationship_id: int,
        day: float,
        usefulness: int,
        again: bool,
        comment: str | None = None,
    ) -> None:
        self.rows.add(
            Feedback(
                author_id=self.ids[author],
                subject_type="relationship",
                subject_id=relationship_id,
                role=role,
                usefulness=usefulness,
                would_meet_again=again,
                comment=comment,
                created_at=self.at(day),
            )
        )

    def goal(
        self, person: str, relationship_id: int, text: str, day: float, done: float | None
    ) -> None:
        self.rows.add(
            Goal(
                person_id=self.ids[person],
                relationship_id=relationship_id,
                text=text,
                status="done" if done is not None else "open",
                created_at=self.at(day),
                completed_at=self.at(done) if done is not None else None,
            )
        )


def seed_program(database: Database, start: datetime) -> dict[str, int]:
    """Three months from `start`; returns each member's person id by Slack user id."""
    with SeedRepository.writing(database) as rows:
        seed = Seeder(rows, start)
        for member in MEMBERS:
            seed.person(member)
        ana = seed.request("U0ANA", 0, "Help with my QI poster abstract")
        seed.step(ana, "offered", "U0DRKIM", 0, 1)
        seed.step(ana, "accepted", "U0DRKIM", 0, 13)
        seed.close(ana, "matched", 0, 13)
        kim_ana = seed.relationship("U0DRKIM", "U0ANA", ana, 0, 13)

        ben = seed.request("U0BEN", 10, "Which specialty suits me?")
        seed.step(ben, "offered", "U0DRLEE", 10)
        seed.step(ben, "declined", "U0DRLEE", 11, reason="On leave this month")
        seed.step(ben, "offered", "U0DRKIM", 11)
        seed.step(ben, "accepted", "U0DRKIM", 12)
        seed.close(ben, "matched", 12)
        kim_ben = seed.relationship("U0DRKIM", "U0BEN", ben, 12)

        cara = seed.request("U0CARA", 40, "Personal statement for fellowship")
        seed.step(cara, "offered", "U0DRLEE", 40)
        seed.step(cara, "accepted", "U0DRLEE", 40, 6)
        seed.close(cara, "matched", 40, 6)
        lee_cara = seed.relationship("U0DRLEE", "U0CARA", cara, 40, 6, ended=70)

        dev = seed.request("U0DEV", 50, "Ultrasound research mentor")
        seed.step(dev, "offered", "U0DRKIM", 50)
        seed.step(dev, "passed_on", "U0DRKIM", 53)
        seed.step(dev, "offered", "U0DRLEE", 53)
        seed.step(dev, "suggested", "U0DRLEE", 54)
        seed.step(dev, "unmatched", None, 55)
        seed.close(dev, "unmatched", 55)

        again = seed.request("U0ANA", 80, "Residency interview practice")
        seed.step(again, "offered", "U0DRLEE", 80)

        seed.prompt("did_you_meet", "U0ANA", kim_ana, 14, "yes")
        seed.prompt("did_you_meet", "U0BEN", kim_ben, 26, "not_yet")
        seed.prompt("did_you_meet", "U0BEN", kim_ben, 40, "yes")
        seed.prompt("did_you_meet", "U0CARA", lee_cara, 54, "yes")
        seed.prompt("did_you_meet", "U0CARA", lee_cara, 68, "wont")
        seed.prompt("did_you_meet", "U0ANA", kim_ana, 60, None)
        seed.prompt("goal_checkin", "U0BEN", kim_ben, 40, "on_track")
        seed.prompt("goal_checkin", "U0CARA", lee_cara, 60, "need_help")

        seed.feedback("U0ANA", "mentee", kim_ana, 15, 5, True, "Dr Kim made my poster shine")
        seed.feedback("U0DRKIM", "mentor", kim_ana, 15, 4, True, "Ana came well prepared")
        seed.feedback("U0BEN", "mentee", kim_ben, 41, 4, True)
        seed.feedback("U0CARA", "mentee", lee_cara, 55, 3, False, "Felt rushed")

        seed.goal("U0ANA", kim_ana, "Submit the QI poster abstract", 14, done=50)
        seed.goal("U0BEN", kim_ben, "Shadow a cardiology clinic", 26, done=None)
        seed.goal("U0CARA", lee_cara, "Draft my personal statement", 45, done=100)
        return dict(seed.ids)
