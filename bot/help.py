"""What each command can do, in the words a busy clinician needs."""

from bot.replies import Command, Header, Reply, bullet_list, note, paragraph, reply

CommandHelp = tuple[tuple[str, str], ...]

MENTOR_HELP: CommandHelp = (
    ("/mentor", "ask for a mentor: say what you want help with and meet the best fit"),
    ("/mentor profile", "set up or edit your mentor or mentee profile"),
    ("/mentor team", "your mentors by what each is for, and one-click asks for the rest"),
    ("/mentor goals", "list, add and complete your goals"),
    ("/mentor tips", "tips for a good mentoring conversation"),
    ("/mentor end", "close a mentoring relationship"),
    ("/mentor my-data", "get a copy of everything Rounds holds about you"),
    ("/mentor forget-me", "delete your personal data from Rounds"),
    (
        "/mentor cohort",
        "match every mentee without a mentor at once, preview, publish (organizers)",
    ),
    ("/mentor evaluators", "mark who evaluates whom, so mentoring stays apart (organizers)"),
    ("/mentor report", "program report (organizers)"),
    ("/mentor help", "this list"),
)
COFFEE_HELP: CommandHelp = (
    ("/coffee", "set up coffee-chat rounds in this channel (organizers)"),
    ("/coffee status", "when the next round is, and how the last one went"),
    ("/coffee pause · resume · skip-next · stop · run-now", "run the rounds (organizers)"),
    ("/coffee never", "people you never want to be paired with (private)"),
    ("/coffee leave · join", "leave this channel's rounds, or come back"),
    ("/coffee help", "this list"),
)
SPEEDMENTOR_HELP: CommandHelp = (
    ("/speedmentor", "create a speed-mentoring event (organizers)"),
    ("/speedmentor list · status", "your events, and one event's control panel with buttons"),
    ("/speedmentor experts · import-experts · import-mentees", "who comes (form or CSV)"),
    ("/speedmentor signup · close-signup", "post the Join button in the channel, then close it"),
    ("/speedmentor preview · publish", "check the plan's figures, then publish it"),
    ("/speedmentor start · pause · resume · extend 5 · skip · end", "run it on the day"),
    ("/speedmentor absent @name · late @name", "re-seat only the rounds not yet started"),
    ("/speedmentor board · revoke-links", "room board, QR check-in and printables (secret links)"),
    ("/speedmentor report · export", "attendance and feedback; the plan as CSV and HTML"),
    ("/speedmentor ... #3", "pick event 3 instead of the newest in this channel"),
    ("/speedmentor help", "this list"),
)
COMMAND_HELP = {
    "/mentor": (
        "Rounds matches residents and students with mentors for short, focused conversations.",
        MENTOR_HELP,
    ),
    "/coffee": (
        "Coffee-chat rounds introduce channel members to each other every few weeks.",
        COFFEE_HELP,
    ),
    "/speedmentor": (
        "Speed-mentoring events seat small groups of mentees with an expert, then rotate.",
        SPEEDMENTOR_HELP,
    ),
}


def _typed(usage: str) -> Command:
    # The table keeps Slack's spelling (its keys are the manifest's commands); each platform
    # draws the Command span in its own words.
    return Command(usage.removeprefix("/"))


def command_help(command: str, unknown: str | None = None) -> Reply:
    """Help for a slash command; names the sub-command that was not understood, if any."""
    intro, lines = COMMAND_HELP[command]
    opening = (
        paragraph("I don't know “", unknown, "”. Here is what ", _typed(command), " can do:")
        if unknown
        else paragraph(intro)
    )
    return reply(
        Header(f"{command} help"),
        opening,
        *bullet_list((_typed(usage), f" — {what}") for usage, what in lines),
        note("Questions about the program? Ask your program director."),
        summary=f"{command} help",
    )
