"""My mentoring team: a mentee's mentors by what each is for, and the kinds still missing."""

from dataclasses import dataclass

from bot.identity import PersonRef
from bot.mentoring.model import MentoringRole
from bot.replies import (
    Choice,
    Choices,
    Command,
    Divider,
    Header,
    Mention,
    Part,
    Reply,
    note,
    paragraph,
    reply,
)
from storage.db import Database
from storage.lasting import LastingRepository
from storage.people import PersonRepository

ASK_FOR_ROLE = "team.ask"
#: The kinds worth suggesting when missing; "other" is never a gap.
SUGGESTED_ROLES = tuple(role for role in MentoringRole if role is not MentoringRole.OTHER)


@dataclass(frozen=True)
class Team:
    """Mentor user ids by role, in the order the relationships began."""

    mentors: dict[MentoringRole, tuple[str, ...]]

    @property
    def gaps(self) -> tuple[MentoringRole, ...]:
        return tuple(role for role in SUGGESTED_ROLES if not self.mentors.get(role))


def role_of(value: str | None) -> MentoringRole:
    """A relationship's kind: what its request asked for, else other (cohort matches, events)."""
    try:
        return MentoringRole(value) if value else MentoringRole.OTHER
    except ValueError:
        return MentoringRole.OTHER


def mentoring_team(database: Database, ref: PersonRef) -> Team:
    with database.read() as session:
        person = PersonRepository(session).find(ref)
        if person is None or person.id is None:
            return Team({})
        rows = LastingRepository(session).team_of(person.id)
    mentors: dict[MentoringRole, list[str]] = {}
    for user_id, role in rows:
        kept = mentors.setdefault(role_of(role), [])
        if user_id not in kept:
            kept.append(user_id)
    return Team({role: tuple(users) for role, users in mentors.items()})


def team_parts(team: Team) -> tuple[Part, ...]:
    """The team as the App Home and `/mentor team` show it, with one button per gap."""
    parts: list[Part] = [Header("Your mentoring team")]
    if not team.mentors:
        parts.append(
            paragraph(
                "No mentors yet. Different mentors can help with different things: "
                "ask for the kind you need first."
            )
        )
    for role in MentoringRole:
        users = team.mentors.get(role, ())
        if users:
            spans: list[str | Mention] = [f"{role.label}: "]
            for index, user_id in enumerate(users):
                spans += [", "] if index else []
                spans.append(Mention(user_id))
            parts.append(paragraph(*spans))
    if team.gaps:
        missing = ", ".join(role.label.lower() for role in team.gaps)
        parts.append(note("No mentor yet for: ", missing, ". One click starts a request:"))
        parts.append(
            Choices(
                tuple(
                    Choice(ASK_FOR_ROLE, f"Ask for a {role.label.lower()} mentor", role.value)
                    for role in team.gaps
                )
            )
        )
    parts.append(Divider())
    return tuple(parts)


def team_reply(team: Team) -> Reply:
    parts = [part for part in team_parts(team) if not isinstance(part, Divider)]
    parts.append(note("Your App Home shows this too. Type ", Command("mentor"), " to ask."))
    return reply(*parts, summary="Your mentoring team")
