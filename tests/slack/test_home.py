from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Relationship
from storage.people import PersonRepository


def published_home(rounds: LocalRounds, user_id: str) -> str:
    calls = [c for c in rounds.fake.calls_to("views.publish") if c.args["user_id"] == user_id]
    assert calls, f"no App Home was published for {user_id}"
    return call_text(calls[-1])


def test_the_home_tab_says_who_you_are_in_rounds(rounds: LocalRounds) -> None:
    rounds.open_home("U0ANA")

    home = published_home(rounds, "U0ANA")
    assert "Hello, Ana Ruiz." in home
    assert "Not set up yet" in home
    assert "/mentor profile" in home


def test_a_mentee_introduced_before_filling_in_a_profile_is_shown_as_a_mentee(
    rounds: LocalRounds,
) -> None:
    # What an introduction leaves behind when the mentee never opened the profile form.
    with rounds.services.database.write() as session:
        people = PersonRepository(session)
        kim, ana = (
            people.get_or_create(PersonRef.slack(FAKE_TEAM, u)) for u in ("U0DRKIM", "U0ANA")
        )
        session.add(Relationship(mentor_id=kim.id, mentee_id=ana.id, format="ongoing"))

    rounds.open_home("U0ANA")

    home = published_home(rounds, "U0ANA")
    assert "Not set up yet" not in home and "not set up as a mentor or mentee" not in home
    assert "Your roles Mentee\n" in home.replace(":", "")
    assert "Your mentoring team" in home and "Other @U0DRKIM" in home.replace(":", "")


def test_an_organizer_sees_their_role(rounds: LocalRounds) -> None:
    rounds.open_home("U0PD")

    assert "Organizer" in published_home(rounds, "U0PD")


def test_a_name_with_slack_markup_is_shown_literally(rounds: LocalRounds) -> None:
    rounds.add_user("U0EVE", "<!channel> *Eve* <@U0ANA>")

    rounds.open_home("U0EVE")

    raw = str(rounds.fake.calls_to("views.publish")[-1].args)
    assert "<!channel>" not in raw and "<@U0ANA>" not in raw
    assert "Hello, <!channel> *Eve* <@U0ANA>." in published_home(rounds, "U0EVE")


def test_the_home_is_still_published_after_slack_rate_limits_the_bot(rounds: LocalRounds) -> None:
    rounds.fake.rate_limit("views.publish", retry_after=1, times=1)

    rounds.open_home("U0ANA")

    assert "Hello, Ana Ruiz." in published_home(rounds, "U0ANA")


def test_the_home_is_still_published_after_a_slack_server_error(rounds: LocalRounds) -> None:
    rounds.fake.server_error("views.publish", status=503, times=1)

    rounds.open_home("U0ANA")

    assert "Hello, Ana Ruiz." in published_home(rounds, "U0ANA")
