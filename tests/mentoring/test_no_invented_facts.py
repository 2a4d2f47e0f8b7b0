"""What Rounds tells a mentor about a mentee: only what was said, and all of it."""

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import readable
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


def test_a_long_goal_dense_in_markup_reaches_the_mentor_whole(journey: LocalRounds) -> None:
    goal = (GOAL + " <draft> & notes " * 200)[:3000]

    ask(journey, "U0ANA", goal)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    nudge = last_dm(journey, "U0KIM").args["blocks"]
    texts = [b["text"]["text"] for b in nudge if b["type"] == "section" and "text" in b]
    fields = [f["text"] for b in nudge for f in b.get("fields", [])]
    assert "Their request\n" + goal in "".join(readable(t) for t in texts)
    assert "Career stage\nPGY-2" in [readable(f) for f in fields]
    assert len(nudge) <= 50
