from devtools.slack.fake_api import Call
from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import ask, decline_by_form, last_dm, press, replies_to_presses

GOAL = "help with fellowship applications in peds cards"


def _nudged(journey: LocalRounds) -> Call:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    return last_dm(journey, "U0KIM")


def test_decline_on_an_accepted_request_answers_without_opening_the_form(
    journey: LocalRounds,
) -> None:
    nudge = _nudged(journey)
    press(journey, "U0KIM", nudge, "nudge.accept")
    forms_before = len(journey.fake.calls_to("views.open"))

    press(journey, "U0KIM", nudge, "nudge.decline")
    press(journey, "U0KIM", nudge, "nudge.suggest")

    assert len(journey.fake.calls_to("views.open")) == forms_before
    answers = replies_to_presses(journey)[-2:]
    assert all("already been accepted" in a for a in answers), answers


def test_decline_on_a_request_passed_to_another_mentor_answers_without_a_form(
    journey: LocalRounds,
) -> None:
    nudge = _nudged(journey)
    decline_by_form(journey, "U0KIM", nudge)
    forms_before = len(journey.fake.calls_to("views.open"))

    press(journey, "U0KIM", nudge, "nudge.decline")

    assert len(journey.fake.calls_to("views.open")) == forms_before
    assert "This request has moved on" in replies_to_presses(journey)[-1]
