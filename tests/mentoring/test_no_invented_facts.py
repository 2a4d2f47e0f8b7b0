"""What Rounds tells a mentor about a mentee is only what someone actually said."""

from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import ask, dm_texts, last_dm, press

GOAL = "help with fellowship applications in peds cards"


def test_a_resident_without_a_profile_is_not_given_a_career_stage(journey: LocalRounds) -> None:
    journey.add_user("U0NEW", "Noor Haddad")

    ask(journey, "U0NEW", GOAL)
    suggestions = dm_texts(journey, "U0NEW")[-1]
    press(journey, "U0NEW", last_dm(journey, "U0NEW"), "request.best")
    nudge = dm_texts(journey, "U0KIM")[-1]

    assert "Career stage not given" in nudge
    for text in (suggestions, nudge):
        assert "PGY" not in text
        assert "for a " not in text and "same career stage" not in text


def test_a_resident_who_gave_a_stage_is_described_by_it(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    assert "attending for a PGY-2" in dm_texts(journey, "U0KIM")[-1]
