"""The check-ins section of the App Home: goals, mentees' goals, and prompt figures."""

from bot.checkins.goals import Goals
from bot.checkins.service import CheckIns
from bot.people import Member
from bot.replies import Divider, Fields, Header, Mention, Part, note, paragraph

STATUS_LABELS = (
    ("sent", "Sent"),
    ("pending", "Waiting"),
    ("sending", "Sending"),
    ("failed", "Failed"),
    ("skipped", "Not needed any more"),
)


def checkins_home_section(checkins: CheckIns, goals: Goals, member: Member) -> tuple[Part, ...]:
    """Your goals (mentees, and anyone who set some), your mentees' goals (mentors), and for
    organizers how many check-in prompts went out and which failed."""
    parts: list[Part] = []
    if member.is_mentee or goals.list(member.ref):
        parts.extend(goals.goal_parts(member.ref))
    parts.extend(goals.mentee_parts(member.ref))
    if member.is_organizer:
        parts.extend(_prompt_figures(checkins))
    return (*parts, Divider()) if parts else ()


def _prompt_figures(checkins: CheckIns) -> tuple[Part, ...]:
    overview = checkins.overview()
    parts: list[Part] = [
        Header("Check-in prompts"),
        Fields(tuple((label, str(overview.counts.get(key, 0))) for key, label in STATUS_LABELS)),
    ]
    for failure in overview.failures:
        retrying = " (will retry)" if failure.status == "pending" else ""
        parts.append(
            paragraph(
                f"{failure.kind.replace('_', ' ')} to ",
                Mention(failure.user_id),
                f", due {failure.due_at:%b %-d %H:%M} UTC: {failure.reason}{retrying}",
            )
        )
    if overview.failures:
        parts.append(note("A failed prompt stays listed here with the reason Slack gave."))
    return tuple(parts)
