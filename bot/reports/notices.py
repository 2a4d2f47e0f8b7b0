"""What organizers and members are told around reports and their own data."""

from bot.replies import Choice, Choices, Header, Mention, Reply, Strong, note, paragraph, reply

FORGET_CONFIRM = "privacy.forget.confirm"
FORGET_KEEP = "privacy.forget.keep"


def organizers_only() -> Reply:
    return reply(
        paragraph(
            "The program report is for program organizers. If you run a mentoring program, "
            "ask whoever set up Rounds to add you as an organizer."
        ),
        summary="The program report is for organizers",
    )


def bad_period(problem: str) -> Reply:
    return reply(
        paragraph(problem),
        note("For example: /mentor report 2026-01-01, or /mentor report 2026-01-01 2026-03-31."),
        summary=problem,
    )


def report_coming(period: str) -> Reply:
    return reply(
        paragraph(
            "Preparing the program report for ",
            Strong(period),
            ": it will arrive in a direct message from Rounds with its charts and a CSV.",
        ),
        summary="Preparing the program report",
    )


def delivery_failed(what: str) -> Reply:
    return reply(
        paragraph(f"Sorry, Slack would not take the {what}. Please try again in a minute."),
        summary=f"The {what} could not be delivered",
    )


def my_data_coming() -> Reply:
    return reply(
        paragraph(
            "Gathering everything Rounds holds about you; a JSON file will arrive in a "
            "direct message from Rounds."
        ),
        summary="Preparing your data",
    )


def my_data_ready() -> Reply:
    return reply(
        Header("Your data in Rounds"),
        paragraph(
            "Attached is everything Rounds holds about you. Feedback others gave you is "
            "included only as totals, as it is everywhere in Rounds."
        ),
        note("To delete it, type /mentor forget-me."),
        summary="Your data in Rounds",
    )


def nothing_held() -> Reply:
    return reply(
        paragraph("Rounds holds nothing about you."), summary="Rounds holds nothing about you"
    )


def confirm_forget(user_id: str) -> Reply:
    return reply(
        Header("Delete your data from Rounds?"),
        paragraph(
            "This deletes your profile, your name and Slack id, your goals, what you wrote in "
            "requests and feedback, and ends any mentoring relationship you are in. It cannot "
            "be undone."
        ),
        paragraph(
            "What stays: numbers already counted, such as how many requests and meetings the "
            "program had, with nothing that points to you."
        ),
        note("Want a copy first? Type /mentor my-data before you delete."),
        Choices(
            (
                Choice(FORGET_CONFIRM, "Delete my data", user_id, "danger"),
                Choice(FORGET_KEEP, "Keep my data", user_id),
            )
        ),
        summary="Delete your data from Rounds?",
    )


def forgotten() -> Reply:
    return reply(
        paragraph(
            "Done: Rounds has deleted your personal data. If you use Rounds again, you will "
            "start afresh."
        ),
        summary="Your data has been deleted",
    )


def kept() -> Reply:
    return reply(paragraph("Nothing was deleted."), summary="Nothing was deleted")


def not_your_button(user_id: str) -> Reply:
    return reply(
        paragraph(
            "This button is for ",
            Mention(user_id),
            ". To delete your own data, type /mentor forget-me.",
        ),
        summary="This button is for someone else",
    )
