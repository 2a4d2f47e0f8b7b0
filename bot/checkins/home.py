"""The check-ins section of the App Home: goals, mentees' goals, and prompt figures."""

from bot.checkins.goals import Goals
from bot.checkins.service import CheckIns
from bot.outbox import outbox_parts
from bot.people import Member
from bot.replies import Divider, Part


def checkins_home_section(
    checkins: CheckIns, goals: Goals, member: Member, zone: str, own_workspace_only: bool = False
) -> tuple[Part, ...]:
    """Your goals (mentees, and anyone who set some), your mentees' goals (mentors), and for
    organizers how many messages went out and which failed (times in ``zone``, the reader's;
    with ``own_workspace_only``, those of the organizer's workspace)."""
    parts: list[Part] = []
    if member.is_mentee or goals.list(member.ref):
        parts.extend(goals.goal_parts(member.ref))
    parts.extend(goals.mentee_parts(member.ref))
    if member.is_organizer:
        workspace = member.ref.workspace_id if own_workspace_only else None
        parts.extend(outbox_parts(checkins.overview(workspace_id=workspace), zone))
    return (*parts, Divider()) if parts else ()
