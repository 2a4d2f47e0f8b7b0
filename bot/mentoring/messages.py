"""What each person reads at each step of a request. All text literal; names as mentions."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.matching.readings import Ambiguity
from bot.mentoring.model import EndReason, Format
from bot.mentoring.practices import load_practices
from bot.replies import (
    Choice,
    Choices,
    Command,
    Divider,
    Fields,
    Header,
    Mention,
    Part,
    Reply,
    Span,
    Strong,
    bullet_list,
    counted,
    note,
    paragraph,
    reply,
)

CHOOSE = "request.choose"
BEST_MATCH = "request.best"
ASK_ORGANIZERS = "request.organizers"
CANCEL = "request.cancel"
ACCEPT = "nudge.accept"
SUGGEST = "nudge.suggest"
DECLINE = "nudge.decline"
END = "relationship.end"
REFLECT = "relationship.reflect"


@dataclass(frozen=True)
class Candidate:
    person_id: int
    user_id: str
    reasons: tuple[str, ...]


_FEW = {1: "Only one mentor fits", 2: "Only two mentors fit"}


def suggestions(
    request_id: int,
    candidates: Sequence[Candidate],
    goal: str,
    wanted: int = 3,
    readings: Sequence[Ambiguity] = (),
) -> Reply:
    """`wanted`: how many we show when enough fit; fewer are said to be fewer. `readings`:
    abbreviations of the goal read in one sense that nothing around them settled."""
    parts: list[Part] = [
        Header("Mentors who fit your request"),
        paragraph("Your request: ", goal),
        *(note(reading_line(r)) for r in readings),
        Divider(),
    ]
    for rank, candidate in enumerate(candidates, start=1):
        why = " · ".join(candidate.reasons) or "free to take this on"
        parts.append(paragraph(f"{rank}. ", Mention(candidate.user_id), " — ", why))
    choices = [
        Choice(
            CHOOSE,
            "Ask this mentor" if len(candidates) == 1 else f"Ask #{rank}",
            f"{request_id}:{c.person_id}",
        )
        for rank, c in enumerate(candidates, start=1)
    ]
    choices.append(Choice(BEST_MATCH, "Best match for me", str(request_id), style="primary"))
    if len(candidates) < wanted:
        choices.append(Choice(ASK_ORGANIZERS, "Ask the organizers instead", str(request_id)))
    choices.append(Choice(CANCEL, "Cancel request", str(request_id)))
    if len(candidates) < wanted:
        few = _FEW.get(len(candidates), f"Only {counted(len(candidates), 'mentor')} fit")
        parts.append(
            paragraph(
                few,
                " this request closely right now. If they can't take it on, we pass it to the "
                "program organizers, who will find someone with you.",
            )
        )
    parts.append(Choices(tuple(choices)))
    parts.append(note("We ask one mentor at a time and tell you at every step."))
    return reply(*parts, summary="Mentors who fit your request")


def reading_line(reading: Ambiguity) -> str:
    """How the suggestions name an unsettled abbreviation: "Reading MS as multiple sclerosis —
    did you mean mitral stenosis or medical student?"."""
    others = " or ".join(reading.others)
    return f"Reading {reading.term} as {reading.chosen} — did you mean {others}?"


def sent_to(mentor_user_id: str, suggested_by: str | None = None) -> Reply:
    if suggested_by:
        return reply(
            paragraph(
                Mention(suggested_by),
                " suggested a colleague who may fit better, so we asked ",
                Mention(mentor_user_id),
                ". We'll tell you when they answer.",
            ),
            summary="Your request went to a suggested colleague",
        )
    return reply(
        paragraph(
            "Your request was sent to ",
            Mention(mentor_user_id),
            ". We'll tell you when they answer.",
        ),
        summary="Your request was sent",
    )


def mentee_reminded(mentor_user_id: str) -> Reply:
    return reply(
        paragraph(Mention(mentor_user_id), " hasn't answered yet, so we sent a friendly reminder."),
        summary="We reminded your mentor",
    )


def moved_on(previous_user_id: str, why: str) -> Reply:
    return reply(
        paragraph(Mention(previous_user_id), " ", why), summary="Your mentor couldn't answer"
    )


def accepted_for_mentee(mentor_user_id: str, together: bool = True) -> Reply:
    where = (
        "We've started a group conversation for the two of you: say hello there."
        if together
        else "We've sent you both an introduction: message them directly to say hello."
    )
    return reply(
        paragraph(Mention(mentor_user_id), " accepted your request. "),
        paragraph(where),
        summary="Your mentor accepted",
    )


def _next_step(format: Format, mentor_user_id: str, together: bool) -> tuple[str | Span, ...]:
    if format is Format.ONE_OFF:
        return (", ",)
    return (", reply here to ",) if together else (", message ", Mention(mentor_user_id), " to ")


def introduction(
    mentor_user_id: str,
    mentee_user_id: str,
    goal: str,
    format: Format,
    topics: Sequence[str],
    together: bool = True,
) -> Reply:
    """`together`: both read it in one shared conversation (else each gets a copy)."""
    agenda = load_practices().agenda_for(topics)
    next_step = (
        "pick one of the times Rounds sent you (they fit both your weeks), or agree on another"
        if format is Format.ONE_OFF
        else "set up a first meeting and agree how often you'll meet"
    )
    return reply(
        Header("Meet your mentoring match"),
        paragraph(
            Mention(mentee_user_id),
            ", meet ",
            Mention(mentor_user_id),
            ". ",
            Mention(mentor_user_id),
            " has agreed to ",
            format.label,
            ".",
        ),
        Fields((("The goal", goal), ("Format", format.label))),
        paragraph(Strong("A suggested agenda for your first conversation")),
        *bullet_list((item,) for item in agenda),
        paragraph(
            Strong("Next step: "),
            Mention(mentee_user_id),
            *_next_step(format, mentor_user_id, together),
            next_step,
            ".",
        ),
        note("We'll check in with you both afterwards."),
        summary="Meet your mentoring match",
    )


def organizers_asked() -> Reply:
    return reply(
        paragraph(
            "We passed your request to the program organizers. They will find someone with "
            "you and get in touch personally."
        ),
        summary="Your request went to the program organizers",
    )


def unmatched_for_mentee(asked: int) -> Reply:
    """`asked`: how many mentors were asked; none when nobody who fits is free."""
    nobody = (
        "None of the mentors we asked can take this on right now."
        if asked
        else "No mentor whose profile fits this request is free right now."
    )
    return reply(
        paragraph(
            nobody,
            " The program organizers have been told and will get in touch with you personally. "
            "Your request stays on file; you can also try ",
            Command("mentor"),
            " again with different wording.",
        ),
        summary="Your request is with the program organizers",
    )


def wished_mentor_unavailable(mentor_user_id: str) -> Reply:
    return reply(
        paragraph(
            Mention(mentor_user_id),
            " can't take on a coffee chat right now. The program organizers have been told and "
            "will get in touch to help you find someone. You can also try ",
            Command("mentor"),
            " to see other mentors.",
        ),
        summary="Your coffee chat request is with the program organizers",
    )


def cancelled_for_mentee() -> Reply:
    return reply(
        paragraph(
            "Your request is cancelled. Type ",
            Command("mentor"),
            " whenever you'd like to ask again.",
        ),
        summary="Cancelled",
    )


def already_handled(what: str) -> Reply:
    return reply(paragraph(what), summary=what)


def not_for_you(owner_user_id: str) -> Reply:
    return reply(
        paragraph("This button is for ", Mention(owner_user_id), ", so nothing changed."),
        summary="Not your button",
    )


def tips_page() -> Reply:
    practices = load_practices()
    return reply(
        Header("Tips for a good mentoring conversation"),
        *bullet_list((Strong(tip.title), " — ", tip.text) for tip in practices.tips),
        summary="Mentoring tips",
    )


def ended(other_user_id: str, reason: EndReason, relationship_id: int) -> Reply:
    return reply(
        paragraph(
            "Your mentoring with ",
            Mention(other_user_id),
            f" is closed ({reason.label.lower()}). Thank you for the time you gave it.",
        ),
        paragraph("Would you share a two-line reflection? It stays confidential."),
        Choices((Choice(REFLECT, "Write a reflection", str(relationship_id)),)),
        summary="Your mentoring relationship is closed",
    )
