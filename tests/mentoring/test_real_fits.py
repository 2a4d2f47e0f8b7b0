"""Suggestions show only mentors who have something in common with the request."""

from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import (
    ask,
    decline_by_form,
    dm_texts,
    last_dm,
    make_mentor,
    press,
    replies_to_presses,
)

GOAL = "help with fellowship applications in pediatric cardiology"


def test_a_mentor_with_nothing_in_common_is_not_padded_in(journey: LocalRounds) -> None:
    make_mentor(journey, "U0DERM", "Dana Reyes", "dermatology")

    ask(journey, "U0ANA", GOAL)

    suggestions = dm_texts(journey, "U0ANA")[-1]
    assert "@Grace Kim" in suggestions and "@Sam Lee" in suggestions
    assert "@Dana Reyes" not in suggestions and "@Luis Ortiz" not in suggestions
    assert "Only two mentors fit this request closely" in suggestions
    assert "program organizers" in suggestions


def test_best_match_never_reaches_a_mentor_who_does_not_fit(journey: LocalRounds) -> None:
    make_mentor(journey, "U0DERM", "Dana Reyes", "dermatology")
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    for mentor in ("U0KIM", "U0LEE"):
        decline_by_form(journey, mentor, last_dm(journey, mentor))

    assert journey.fake.direct_messages("U0DERM") == []
    assert journey.fake.direct_messages("U0ORT") == []
    assert "The program organizers have been told" in dm_texts(journey, "U0ANA")[-1]


def test_when_nobody_fits_the_mentee_is_told_plainly_and_organizers_asked(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", "help choosing a dermatology residency program")

    told = dm_texts(journey, "U0ANA")[-1]
    assert "No mentor whose profile fits this request is free right now" in told
    assert "None of the mentors we asked" not in told
    assert "program organizers have been told" in told
    alert = dm_texts(journey, "U0PD")[-1]
    assert "no mentor whose profile fits the request is free" in alert
    assert "0 mentor" not in alert


def test_when_few_fit_the_mentee_may_ask_the_organizers_instead(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    card = last_dm(journey, "U0ANA")
    assert "[Ask the organizers instead]" in dm_texts(journey, "U0ANA")[-1]

    press(journey, "U0ANA", card, "request.organizers")

    assert "passed your request to the program organizers" in replies_to_presses(journey)[-1]
    assert "@Ana Ruiz would like you to find them a mentor" in dm_texts(journey, "U0PD")[-1]
    assert journey.fake.direct_messages("U0KIM") == []
    assert journey.fake.direct_messages("U0LEE") == []
