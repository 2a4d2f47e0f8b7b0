"""Goals and the recurring check-ins of an ongoing mentoring relationship."""

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from tests.checkins.helpers import MENTEE, MENTOR, days, dms, prompt_ids, ref, relationship


def ephemeral_text(rounds: LocalRounds, user_id: str, text: str) -> str:
    return blocks_text(rounds.command(user_id, "/mentor", text).json()["blocks"])


def test_goals_are_added_listed_and_completed(rounds: LocalRounds) -> None:
    added = ephemeral_text(rounds, MENTEE, "goals add Submit my QI abstract *by Friday*")
    assert "Goal added." in added
    assert "Submit my QI abstract *by Friday*" in added
    assert "[Done] [Update]" in added

    goal_id = rounds.services.goals.list(ref(MENTEE))[0].id
    rounds.slack.click(MENTEE, "goal_done", str(goal_id), channel_id="C1")
    rounds.settle()

    (updated,) = rounds.fake.calls_to("response_url")
    assert "Marked done. Well done!" in call_text(updated)
    assert "(done)" in call_text(updated)


def test_someone_else_cannot_complete_your_goal(rounds: LocalRounds) -> None:
    ephemeral_text(rounds, MENTEE, "goals add Learn to read an echo")
    goal_id = rounds.services.goals.list(ref(MENTEE))[0].id

    rounds.slack.click("U0BEN", "goal_done", str(goal_id), channel_id="C1")
    rounds.settle()

    assert "not one of yours" in str(rounds.fake.calls_to("response_url")[0].args)
    assert rounds.services.goals.list(ref(MENTEE))[0].status == "open"


def test_the_goal_form_refuses_a_past_date_and_saves_an_update(rounds: LocalRounds) -> None:
    ephemeral_text(rounds, MENTEE, "goals add Present at grand rounds")
    goal_id = rounds.services.goals.list(ref(MENTEE))[0].id
    rounds.slack.click(MENTEE, "goal_update", str(goal_id), channel_id="C1")
    rounds.settle()
    view = rounds.fake.calls_to("views.open")[-1].args["view"]

    def submit(picked: str) -> dict[str, object]:
        values = {
            "goal_text": {"value": {"value": "Present my case at grand rounds"}},
            "goal_date": {"value": {"selected_date": picked}},
        }
        answer = rounds.slack.submit_view(MENTEE, "goal_form", values, view["private_metadata"])
        rounds.settle()
        return answer.json() or {}

    assert submit("2020-01-01")["errors"] == {
        "goal_date": "Pick a target date from today on, or leave it empty."
    }
    assert submit("2027-02-01") == {}
    (goal,) = rounds.services.goals.list(ref(MENTEE))
    assert (goal.text, str(goal.target_date)) == ("Present my case at grand rounds", "2027-02-01")


def test_weekly_check_ins_need_help_tells_the_mentor_at_once(rounds: LocalRounds) -> None:
    ephemeral_text(rounds, MENTEE, "goals add Submit my QI abstract")
    relationship_id = relationship(rounds, ongoing=True, every_weeks=1)
    rounds.services.checkins.start_relationship_checkins(relationship_id)

    rounds.advance(days(6))
    assert dms(rounds, MENTEE) == []
    rounds.advance(days(1))

    to_mentee = dms(rounds, MENTEE)
    assert any("Check-in on your goal: Submit my QI abstract" in text for text in to_mentee)
    assert any("How is mentoring with @U0DRKIM going?" in text for text in to_mentee)
    assert ["How is mentoring with @U0ANA going?" in text for text in dms(rounds, MENTOR)] == [True]

    (checkin,) = prompt_ids(rounds, MENTEE, "goal_checkin")
    rounds.slack.click(MENTEE, "prompt_need_help", str(checkin), channel_id="D1")
    rounds.settle()

    alert = dms(rounds, MENTOR)[-1]
    assert "@U0ANA asked for help with a goal: Submit my QI abstract" in alert
    assert "I've let <@U0DRKIM> know" in str(rounds.fake.calls_to("response_url")[-1].args)


def test_a_done_goal_is_not_checked_on_again_and_an_ended_relationship_stops(
    rounds: LocalRounds,
) -> None:
    ephemeral_text(rounds, MENTEE, "goals add Finish my research elective")
    relationship_id = relationship(rounds, ongoing=True, every_weeks=1)
    rounds.services.checkins.start_relationship_checkins(relationship_id)
    rounds.advance(days(7))
    (checkin,) = prompt_ids(rounds, MENTEE, "goal_checkin")

    rounds.slack.click(MENTEE, "prompt_done", str(checkin))
    rounds.settle()
    rounds.advance(days(7))

    assert len(prompt_ids(rounds, MENTEE, "goal_checkin")) == 1
    assert len(prompt_ids(rounds, MENTEE, "checkin")) == 2
    rounds.services.checkins.stop_for_relationship(relationship_id)
    rounds.advance(days(14))
    assert len(prompt_ids(rounds, MENTEE, "checkin")) == 2
    assert rounds.services.goals.list(ref(MENTEE))[0].status == "done"


def test_the_app_home_shows_goals_to_their_owner_and_mentor(rounds: LocalRounds) -> None:
    ephemeral_text(rounds, MENTEE, "goals add Submit my QI abstract")
    relationship_id = relationship(rounds, ongoing=True)
    rounds.services.checkins.start_relationship_checkins(relationship_id)

    rounds.open_home(MENTEE)
    rounds.open_home(MENTOR)

    homes = {c.args["user_id"]: call_text(c) for c in rounds.fake.calls_to("views.publish")}
    assert "Your goals" in homes[MENTEE] and "Submit my QI abstract" in homes[MENTEE]
    assert "Your mentees' goals" in homes[MENTOR]
    assert "@U0ANA: Submit my QI abstract" in homes[MENTOR]


def test_organizers_see_failed_prompts_in_the_app_home(rounds: LocalRounds) -> None:
    relationship_id = relationship(rounds, ongoing=True)
    rounds.services.checkins.start_relationship_checkins(relationship_id)
    rounds.fake.fail("chat.postMessage", error="account_inactive", times=1)

    rounds.advance(days(7))
    rounds.open_home("U0PD")

    home = call_text(rounds.fake.calls_to("views.publish")[-1])
    assert "Messages from Rounds" in home
    assert "Sent 1" in home and "Failed 1" in home
    assert "account_inactive" in home
