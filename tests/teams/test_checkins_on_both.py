"""Check-ins after an introduction, played on Slack and on Teams alike."""

from datetime import timedelta

from tests.teams.platforms import Journey, services_of

GOAL = "help with fellowship applications in peds cards"


def introduce(journey: Journey, format: str = "one_off") -> None:
    journey.ask("ana", GOAL, format)
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")


def asked_did_you_meet(journey: Journey, key: str) -> list[str]:
    return [t for t in journey.texts(key) if "Did you meet" in t]


def test_both_are_asked_did_you_meet_and_not_yet_asks_again_once(journey: Journey) -> None:
    introduce(journey)
    journey.advance(timedelta(days=3))
    assert asked_did_you_meet(journey, "ana") == []

    journey.advance(timedelta(days=2))

    (to_mentee,) = asked_did_you_meet(journey, "ana")
    (to_mentor,) = asked_did_you_meet(journey, "kim")
    assert "Did you meet @Grace Kim?" in to_mentee
    assert "Did you meet @Ana Ruiz?" in to_mentor
    assert "[Yes, we met] [Not yet, remind me in 3 days] [It won't happen]" in to_mentee

    assert "I'll ask again in 3 days" in journey.press("ana", "prompt_not_yet")
    again = journey.press("ana", "prompt_not_yet")
    assert "You already answered: not yet. Nothing changed." in again

    journey.advance(timedelta(days=3, hours=1))
    assert len(asked_did_you_meet(journey, "ana")) == 2
    assert len(asked_did_you_meet(journey, "kim")) == 1


def test_only_the_person_asked_may_answer(journey: Journey) -> None:
    introduce(journey)
    journey.advance(timedelta(days=5))

    refused = journey.press("ana", "prompt_wont", by="kim")

    assert "This button is for @Ana Ruiz." in refused
    assert "I won't ask about this one again" in journey.press("ana", "prompt_wont")


def test_need_help_on_a_goal_check_in_tells_the_mentor(journey: Journey) -> None:
    introduce(journey, "ongoing")
    services_of(journey).goals.add(journey.ref("ana"), "Submit my QI abstract")

    journey.advance(timedelta(weeks=2, hours=1))

    check_in = next(t for t in journey.texts("ana") if "Check-in on your goal" in t)
    assert "Submit my QI abstract" in check_in
    assert "Need help tells @Grace Kim right away." in check_in
    assert "I've let @Grace Kim know" in journey.press("ana", "prompt_need_help")
    alert = journey.texts("kim")[-1]
    assert "@Ana Ruiz asked for help with a goal: Submit my QI abstract" in alert
    assert "You already answered: need help" in journey.press("ana", "prompt_need_help")
    assert sum("asked for help" in t for t in journey.texts("kim")) == 1
