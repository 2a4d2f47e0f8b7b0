from collections.abc import Sequence
from dataclasses import replace

from bot.bootstrap import Services
from bot.checkins import checkins_home_section
from bot.identity import PersonRef
from bot.lasting.team import mentoring_team, team_parts
from bot.mentoring.overview import mentoring_section, overview
from bot.people import Member
from bot.replies import (
    Choice,
    Choices,
    Command,
    Divider,
    Fields,
    Header,
    Part,
    Reply,
    Strong,
    note,
    paragraph,
    reply,
)
from bot.reports.personal import personal_summary, personal_summary_parts

REPORT_ACTION = "report.send"
ROLE_LABELS = {"mentee": "Mentee", "mentor": "Mentor", "organizer": "Organizer"}


def home_for(services: Services, ref: PersonRef, member: Member) -> Reply:
    """The App Home with every feature's section for this person (one line per feature)."""
    today = services.clock.now().date()
    mentoring = overview(services.database, ref)
    # Someone already introduced takes part in that role, whatever their profile says so far.
    member = replace(
        member,
        is_mentee=member.is_mentee or bool(mentoring.mentors),
        is_mentor=member.is_mentor or bool(mentoring.mentees),
    )
    team = team_parts(mentoring_team(services.database, ref)) if member.is_mentee else ()
    sections = [
        personal_summary_parts(personal_summary(services.database, ref)),
        # The team lists a mentee's mentors by kind, so they are not listed a second time.
        mentoring_section(replace(mentoring, mentors=()) if team else mentoring, today),
        team,
        checkins_home_section(
            services.checkins,
            services.goals,
            member,
            member.timezone or services.settings.DEFAULT_TIMEZONE,
            own_workspace_only=services.settings.installs_by_oauth,
        ),
        organizer_section(member),
    ]
    return home_page(member, sections)


def organizer_section(member: Member) -> tuple[Part, ...]:
    if not member.is_organizer:
        return ()
    return (
        Header("Program"),
        paragraph("The program report: participation, matching, meetings, feedback and load."),
        Choices((Choice(REPORT_ACTION, "Send me the report (last 90 days)"),)),
        Divider(),
    )


def home_page(member: Member, sections: Sequence[Sequence[Part]] = ()) -> Reply:
    """The App Home: who you are in Rounds and what you can do next."""
    roles = ", ".join(ROLE_LABELS[role] for role in member.roles) or "Not set up yet"
    parts: list[Part] = [
        Header("Rounds"),
        paragraph("Hello, ", Strong(member.display_name or "there"), "."),
        Fields((("Your roles", roles), ("Time zone", member.timezone or "unknown"))),
        Divider(),
    ]
    if not (member.is_mentee or member.is_mentor):
        parts.append(
            paragraph(
                "You are not set up as a mentor or mentee yet. Type ",
                Command("mentor profile"),
                " to join, or ",
                Command("mentor"),
                " to ask for a mentor.",
            )
        )
    for section in sections:
        parts.extend(section)
    parts.append(Choices((Choice("profile.open", "Edit your profile"),)))
    parts.append(note("Type ", Command("mentor help"), " for everything Rounds can do."))
    return reply(*parts, summary="Your Rounds home")
