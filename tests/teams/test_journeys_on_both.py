"""The journeys that exist on both platforms, played on Slack and on Teams alike."""

from datetime import timedelta

from bot.replies import Choice, Choices, Header, paragraph, reply
from tests.teams.platforms import Journey, deliver

GOAL = "help with fellowship applications in peds cards"


def test_a_mentee_asks_a_mentor_accepts_and_both_are_introduced(journey: Journey) -> None:
    journey.ask("ana", GOAL)
    suggestions = journey.texts("ana")[-1]
    assert "Mentors who fit your request" in suggestions
    assert "1. @Grace Kim" in suggestions

    seen_by_mentee = journey.press("ana", "request.best")
    nudge = journey.texts("kim")[-1]
    assert "A mentoring request" in nudge
    assert "@Ana Ruiz would like a one-off 30-minute coffee chat" in nudge
    assert GOAL in nudge
    assert "Your request was sent to @Grace Kim" in seen_by_mentee
    assert not any("Your request was sent" in t for t in journey.texts("ana"))

    seen_by_mentor = journey.press("kim", "nudge.accept")

    assert "You accepted @Ana Ruiz's request" in seen_by_mentor
    for person in ("ana", "kim"):
        intro = next(t for t in journey.texts(person) if "Meet your mentoring match" in t)
        assert "@Ana Ruiz, meet @Grace Kim" in intro
        assert GOAL in intro
    assert "@Grace Kim accepted your request" in journey.texts("ana")[-1]
    assert not any("A mentoring request" in t for t in journey.texts("lee"))


def test_a_silent_mentor_is_reminded_by_a_message_the_bot_starts(journey: Journey) -> None:
    journey.ask("ana", GOAL)
    journey.press("ana", "request.best")

    journey.advance(timedelta(hours=49))

    assert "Reminder: a mentoring request" in journey.texts("kim")[-1]
    assert "hasn't answered yet" in journey.texts("ana")[-1]


def test_once_a_request_moves_on_its_nudge_and_reminder_say_so_in_place(journey: Journey) -> None:
    journey.ask("ana", GOAL)
    journey.press("ana", "request.best")
    journey.advance(timedelta(hours=49))
    nudge, reminder = len(journey.texts("kim")) - 2, len(journey.texts("kim")) - 1
    assert "Reminder: a mentoring request" in journey.texts("kim")[reminder]

    journey.advance(timedelta(hours=24))

    now = [journey.texts_now("kim")[i] for i in (nudge, reminder)]
    assert all("we passed this request to another mentor" in text for text in now)
    assert not any("mentoring request" in text for text in now)


def test_a_check_in_prompt_reaches_each_person_with_its_buttons(journey: Journey) -> None:
    prompt = reply(
        Header("Did you meet?"),
        paragraph("It's been two weeks since your introduction."),
        Choices(
            (
                Choice("checkin.met", "Yes", "prompt:7", style="primary"),
                Choice("checkin.not_yet", "Not yet", "prompt:7"),
                Choice("checkin.wont", "Won't", "prompt:7"),
            )
        ),
    )

    for person in ("ana", "kim"):
        deliver(journey, person, prompt)

    for person in ("ana", "kim"):
        seen = journey.texts(person)[-1]
        assert "Did you meet?" in seen
        assert "[Yes] [Not yet] [Won't]" in seen


def test_a_mentee_may_ask_the_organizers_instead_of_the_few_who_fit(journey: Journey) -> None:
    journey.ask("ana", GOAL)
    assert "[Ask the organizers instead]" in journey.texts("ana")[-1]

    seen = journey.press("ana", "request.organizers")

    assert "We passed your request to the program organizers" in seen
    assert not any("A mentoring request" in t for t in journey.texts("kim"))
