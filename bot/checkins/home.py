"""The check-ins section of the App Home: goals, mentees' goals, and prompt figures."""

from bot.checkins.goals import Goals
from bot.checkins.service import CheckIns
from bot.outbox import outbox_parts
from bot.people import Member
from bot.replies import Divider, Part


def checkins_home_section(checkins: CheckIns, goals: Goals, member: Member) -> tuple[Part, ...]:
    """Your goals (mentees, and anyone who set some), your mentees' goals (mentors), and for
    organizers how many messages went out and which failed."""
    parts: list[Part] = []
    if member.is_mentee or goals.list(member.ref):
        parts.extend(goals.goal_parts(member.ref))
    parts.extend(goals.mentee_parts(member.ref))
    if member.is_organizer:
        parts.extend(_prompt_figures(checkins))
    return (*parts, Divider()) if parts else ()


def _prompt_figures(checkins: CheckIns) -> tuple[Part, ...]:
    return outbox_parts(checkins.overview())
