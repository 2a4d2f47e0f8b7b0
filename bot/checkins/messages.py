"""What check-in prompts and their answers say."""

from datetime import date

from bot.replies import (
    Choice,
    Choices,
    Mention,
    Part,
    Reply,
    Span,
    Strong,
    note,
    paragraph,
    reply,
)

ANSWER_ACTION_PREFIX = "prompt_"
CONFIDENTIAL = (
    "Your answers are confidential: no one sees your individual rating, and organizers see "
    "only totals."
)
USEFULNESS_LABELS = ("1 · not useful", "2", "3", "4", "5 · very useful")


def answer_action(answer: str) -> str:
    return f"{ANSWER_ACTION_PREFIX}{answer}"


def _choice(answer: str, label: str, prompt_id: int, primary: bool = False) -> Choice:
    return Choice(answer_action(answer), label, str(prompt_id), "primary" if primary else None)


def goal_line(text: str, target_date: date | None) -> tuple[str | Span, ...]:
    if target_date is None:
        return (Strong(text),)
    return (Strong(text), f" (by {target_date:%b %-d, %Y})")


def _with(others: tuple[str, ...]) -> tuple[str | Span, ...]:
    spans: list[str | Span] = []
    for index, user_id in enumerate(others):
        if index:
            spans.append(" and " if index == len(others) - 1 else ", ")
        spans.append(Mention(user_id))
    return tuple(spans)


def did_you_meet(prompt_id: int, others: tuple[str, ...]) -> Reply:
    question: tuple[str | Span, ...] = (
        ("Did you meet ", *_with(others), "?") if others else ("Did your meeting happen?",)
    )
    return reply(
        paragraph(*question),
        note("A one-click answer helps your program see what works."),
        Choices(
            (
                _choice("yes", "Yes, we met", prompt_id, primary=True),
                _choice("not_yet", "Not yet, remind me in 3 days", prompt_id),
                _choice("wont", "It won't happen", prompt_id),
            )
        ),
        summary="Did you meet?",
    )


def goal_checkin(prompt_id: int, goal: str, target_date: date | None, mentor: str | None) -> Reply:
    parts: list[Part] = [
        paragraph("Check-in on your goal: ", *goal_line(goal, target_date)),
        paragraph("How is it going?"),
        Choices(
            (
                _choice("on_track", "On track", prompt_id, primary=True),
                _choice("need_help", "Need help", prompt_id),
                _choice("done", "Done", prompt_id),
            )
        ),
    ]
    if mentor:
        parts.insert(2, note("Need help tells ", Mention(mentor), " right away."))
    return reply(*parts, summary="Check-in on your goal")


def relationship_checkin(prompt_id: int, other: str, every_weeks: int) -> Reply:
    period = "week" if every_weeks == 1 else f"{every_weeks} weeks"
    return reply(
        paragraph("How is mentoring with ", Mention(other), " going?"),
        note(f"I ask both of you every {period}. ", CONFIDENTIAL),
        Choices((_choice("feedback", "Share how it's going", prompt_id, primary=True),)),
        summary="How is mentoring going?",
    )


def help_alert(mentee: str, goal: str, target_date: date | None) -> Reply:
    return reply(
        paragraph(Mention(mentee), " asked for help with a goal: ", *goal_line(goal, target_date)),
        paragraph("A quick message to them would go a long way."),
        summary="Your mentee asked for help with a goal",
    )


def feedback_reopen(prompt_id: int, intro: str) -> Reply:
    return reply(
        paragraph(intro),
        Choices((_choice("feedback", "Share feedback", prompt_id, primary=True),)),
        summary=intro,
    )


def answered(text: str, *extra: str | Span) -> Reply:
    return reply(paragraph(text, *extra), summary=text)


def not_yours(owner: str) -> Reply:
    return reply(paragraph("This button is for ", Mention(owner), "."), summary="Not your button")


def already_answered(answer_label: str) -> Reply:
    text = f"You already answered: {answer_label}. Nothing changed."
    return reply(paragraph(text), summary=text)


def gone() -> Reply:
    text = "This question has moved on; there is nothing to answer any more."
    return reply(paragraph(text), summary=text)


def help_requested(mentor: str, later: bool) -> Reply:
    if later:
        told = paragraph(
            "It is outside working hours for ", Mention(mentor), ": I'll tell them first thing."
        )
    else:
        told = paragraph("I've let ", Mention(mentor), " know you'd like help with this goal.")
    return reply(told, summary="Your mentor will know you'd like help")
