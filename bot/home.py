from typing import TYPE_CHECKING

from bot.checkins import checkins_home_section
from bot.people import Member
from bot.replies import Divider, Fields, Header, Part, Reply, Strong, note, paragraph, reply

if TYPE_CHECKING:
    from bot.bootstrap import Services

ROLE_LABELS = {"mentee": "Mentee", "mentor": "Mentor", "organizer": "Organizer"}


def home_page(member: Member, services: "Services | None" = None) -> Reply:
    """The App Home: who you are in Rounds and what you can do next."""
    roles = ", ".join(ROLE_LABELS[role] for role in member.roles) or "Not set up yet"
    parts: list[Part] = [
        Header("Rounds"),
        paragraph("Hello, ", Strong(member.display_name or "there"), "."),
        Fields((("Your roles", roles), ("Time zone", member.timezone or "unknown"))),
        Divider(),
    ]
    if services is not None:
        parts.extend(checkins_home_section(services.checkins, services.goals, member))
    if not (member.is_mentee or member.is_mentor):
        parts.append(
            paragraph(
                "You are not set up as a mentor or mentee yet. Type ",
                Strong("/mentor profile"),
                " to join, or ",
                Strong("/mentor"),
                " to ask for a mentor.",
            )
        )
    parts.append(note("Type /mentor help for everything Rounds can do."))
    return reply(*parts, summary="Your Rounds home")
