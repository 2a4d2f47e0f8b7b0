from datetime import timedelta

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.journey import (
    ask,
    button,
    dm_texts,
    last_dm,
    names,
    press,
    replies_to_presses,
)

GOAL = "help with fellowship applications in peds cards"


def test_a_mentee_sees_the_mentors_who_fit_with_reasons(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)

    suggestions = dm_texts(journey, "U0ANA")[-1]
    assert "Mentors who fit your request" in suggestions
    assert "1. @Grace Kim — both: " in suggestions
    assert "pediatric cardiology" in suggestions.split("\n2.")[0].lower()
    assert suggestions.count("@") == 2, "Luis Ortiz shares nothing with this request"
    assert "Only two mentors fit" in suggestions
    assert "[Best match for me]" in suggestions


def test_text_after_the_command_prefills_the_goal(journey: LocalRounds) -> None:
    journey.command("U0ANA", "/mentor", GOAL)

    view = journey.fake.calls_to("views.open")[-1].args["view"]
    goal = next(b for b in view["blocks"] if b["block_id"] == "goal")
    assert goal["element"]["initial_value"] == GOAL


def test_a_short_goal_is_sent_back_with_what_to_do(journey: LocalRounds) -> None:
    answer = ask(journey, "U0ANA", "help")

    assert answer["response_action"] == "errors"
    assert "Say a little more" in answer["errors"]["goal"]
    assert journey.fake.direct_messages("U0ANA") == []


def test_accepting_introduces_mentor_and_mentee(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")
    assert "A mentoring request" in call_text(nudge, names(journey))
    assert "Your request was sent to @Grace Kim" in replies_to_presses(journey)[-1]

    press(journey, "U0KIM", nudge, "nudge.accept")

    group = journey.fake.messages_in(journey.fake.conversation_with("U0ANA", "U0KIM"))
    intro = call_text(group[0], names(journey))
    assert "Meet your mentoring match" in intro
    assert GOAL in intro
    assert "Which programs, and what makes each a fit" in intro
    assert "Next step" in intro
    assert "@Grace Kim accepted your request" in dm_texts(journey, "U0ANA")[-1]
    assert "You accepted @Ana Ruiz's request" in replies_to_presses(journey)[-1]


def test_choosing_a_particular_mentor_sends_it_to_them(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    suggestions = last_dm(journey, "U0ANA")
    second = [
        e
        for b in suggestions.args["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == "request.choose"
    ][1]["value"]

    press(journey, "U0ANA", suggestions, "request.choose", second)

    nudged = [u for u in ("U0KIM", "U0LEE", "U0ORT") if journey.fake.direct_messages(u)]
    assert nudged == ["U0LEE"]


def test_a_decline_passes_the_request_to_the_next_mentor(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    offer = button(last_dm(journey, "U0KIM"), "nudge.decline")

    journey.slack.submit_view(
        "U0KIM",
        "decline_request",
        {
            "reason": {"reason": {"value": "on service"}},
            "unavailable_until": {"unavailable_until": {"selected_date": None}},
        },
        private_metadata=f"{offer}:D0000001:1.0",
    )
    journey.settle()

    assert "A mentoring request" in dm_texts(journey, "U0LEE")[-1]
    ana = dm_texts(journey, "U0ANA")
    assert any("@Grace Kim can't take this on right now" in t for t in ana)
    assert "on service" not in "".join(ana)
    assert "Your request was sent to @Sam Lee" in ana[-1]


def test_declining_as_unavailable_pauses_the_mentor(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    offer = button(last_dm(journey, "U0KIM"), "nudge.decline")
    until = (journey.services.clock.now() + timedelta(days=30)).date().isoformat()

    journey.slack.submit_view(
        "U0KIM",
        "decline_request",
        {
            "reason": {"reason": {"value": ""}},
            "unavailable_until": {"unavailable_until": {"selected_date": until}},
        },
        private_metadata=f"{offer}:D0000001:1.0",
    )
    journey.settle()
    ask(journey, "U0BEN", GOAL)

    assert "Grace Kim" not in dm_texts(journey, "U0BEN")[-1]


def test_suggesting_a_colleague_sends_it_to_them_and_tells_the_mentee(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    offer = button(last_dm(journey, "U0KIM"), "nudge.suggest")

    journey.slack.submit_view(
        "U0KIM",
        "suggest_colleague",
        {"colleague": {"colleague": {"selected_user": "U0ORT"}}},
        private_metadata=f"{offer}:D0000001:1.0",
    )
    journey.settle()

    assert "@Grace Kim suggested you for this one" in dm_texts(journey, "U0ORT")[-1]
    assert (
        "@Grace Kim suggested a colleague who may fit better, so we asked @Luis Ortiz"
        in dm_texts(journey, "U0ANA")[-1]
    )


def test_a_silent_mentor_is_reminded_then_the_request_moves_on(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    journey.advance(timedelta(hours=47))
    assert len(journey.fake.direct_messages("U0KIM")) == 1
    journey.advance(timedelta(hours=2))
    assert "Reminder: a mentoring request" in dm_texts(journey, "U0KIM")[-1]
    assert (
        "@Grace Kim hasn't answered yet, so we sent a friendly reminder"
        in dm_texts(journey, "U0ANA")[-1]
    )

    journey.advance(timedelta(hours=24))
    assert "we passed this request to another mentor" in dm_texts(journey, "U0KIM")[-1]
    assert "A mentoring request" in dm_texts(journey, "U0LEE")[-1]
    assert "@Grace Kim hasn't been able to answer in time" in "".join(dm_texts(journey, "U0ANA"))


def test_when_every_mentor_times_out_organizers_are_alerted_and_the_mentee_told(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    journey.advance(timedelta(days=12))

    alert = dm_texts(journey, "U0PD")[-1]
    assert "A request needs a person" in alert and "@Ana Ruiz" in alert
    assert "2 mentors could not take it on" in alert, "only the two who fit were asked"
    assert "The program organizers have been told" in dm_texts(journey, "U0ANA")[-1]


def test_only_the_mentor_asked_may_answer_the_nudge(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")

    press(journey, "U0LEE", nudge, "nudge.accept")

    assert "This button is for @Grace Kim, so nothing changed" in replies_to_presses(journey)[-1]
    assert journey.fake.calls_to("response_url")[-1].args["replace_original"] is False
    assert journey.fake.conversation_with("U0ANA", "U0LEE") is None


def test_a_double_press_accepts_once(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")

    press(journey, "U0KIM", nudge, "nudge.accept")
    press(journey, "U0KIM", nudge, "nudge.accept")

    group = journey.fake.messages_in(journey.fake.conversation_with("U0ANA", "U0KIM"))
    assert len(group) == 1
    assert "already been accepted" in replies_to_presses(journey)[-1]


def test_cancelling_tells_the_mentor_no_action_is_needed(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    suggestions = last_dm(journey, "U0ANA")
    press(journey, "U0ANA", suggestions, "request.best")

    press(journey, "U0ANA", suggestions, "request.cancel")

    assert "withdrew their request" in dm_texts(journey, "U0KIM")[-1]
    journey.advance(timedelta(days=5))
    assert len(journey.fake.direct_messages("U0KIM")) == 2


def test_tips_lists_every_practice(journey: LocalRounds) -> None:
    shown = journey.command("U0KIM", "/mentor", "tips").json()

    text = str(shown["blocks"])
    assert "Listen first" in text and "Give and ask for feedback" in text


def test_only_the_mentor_asked_may_open_the_decline_or_suggest_form(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")
    forms_before = len(journey.fake.calls_to("views.open"))

    press(journey, "U0LEE", nudge, "nudge.decline")
    press(journey, "U0ANA", nudge, "nudge.suggest")

    assert len(journey.fake.calls_to("views.open")) == forms_before
    refusals = replies_to_presses(journey)[-2:]
    assert all("This button is for @Grace Kim, so nothing changed" in r for r in refusals)
