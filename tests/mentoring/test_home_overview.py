from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.journey import ask, last_dm, names, press


def home(journey: LocalRounds, user_id: str) -> str:
    journey.open_home(user_id)
    published = [c for c in journey.fake.calls_to("views.publish") if c.args["user_id"] == user_id]
    return call_text(published[-1], names(journey))


def test_a_mentor_met_through_two_requests_is_listed_once(journey: LocalRounds) -> None:
    for goal in (
        "fellowship applications in pediatric cardiology",
        "research abstract for a pediatric cardiology fellowship",
    ):
        ask(journey, "U0ANA", goal)
        press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
        press(journey, "U0KIM", last_dm(journey, "U0KIM"), "nudge.accept")

    anas, kims = home(journey, "U0ANA"), home(journey, "U0KIM")

    assert "Other: @Grace Kim\n" in anas + "\n"
    assert anas.count("@Grace Kim") == 1
    assert "Mentees: 2 of 2 — @Ana Ruiz\n" in kims + "\n"
