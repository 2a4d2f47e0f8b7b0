"""Journeys through the real Teams agent: activities in over HTTP, cards out at the connector."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.messaging import DeliveryFailed
from bot.replies import Choice, Choices, Time, paragraph, reply
from devtools.teams.harness import LocalTeams, TeamsUser, find_action
from devtools.teams.textview import card_text
from handlers.teams.actions import Answer, Press
from storage.models import Relationship, TeamsConversation
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney

GOAL = "help with fellowship applications in peds cards"


@pytest.fixture
def cohort(teams: LocalTeams) -> LocalTeams:
    populate(TeamsJourney(teams))
    return teams


def nudged(teams: LocalTeams) -> dict[str, object]:
    TeamsJourney(teams).ask("ana", GOAL)
    teams.press("ana", teams.last_card("ana"), "request.best")
    return teams.last_card("kim")


def relationships(teams: LocalTeams) -> list[Relationship]:
    with teams.services.database.read() as session:
        return list(session.exec(select(Relationship)).all())


def test_the_mentor_command_opens_the_request_form_prefilled(cohort: LocalTeams) -> None:
    cohort.say("ana", "mentor help with my fellowship personal statement")

    form = cohort.last_card("ana")
    goal = next(e for e in form["body"] if e.get("id") == "goal")
    assert goal["value"] == "help with my fellowship personal statement"
    assert find_action(form, "request.submit")["title"] == "Find mentors"


def test_a_short_goal_comes_back_with_what_to_do_and_what_was_typed(cohort: LocalTeams) -> None:
    cohort.say("ana", "mentor")

    answer = cohort.press(
        "ana", cohort.last_card("ana"), "request.submit", {"goal": "help", "format": "ongoing"}
    )

    form = answer["value"]
    assert "Say a little more" in card_text(form)
    assert {e["id"]: e.get("value") for e in form["body"] if "id" in e}["format"] == "ongoing"
    assert not any("Mentors who fit" in text for text in cohort.texts("ana"))


def test_only_the_mentor_asked_may_accept(cohort: LocalTeams) -> None:
    nudge = nudged(cohort)

    answer = cohort.press("lee", nudge, "nudge.accept")

    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert answer["value"] == "This button is for @Grace Kim, so nothing changed."
    assert relationships(cohort) == []


def test_a_double_press_accepts_once_and_says_so(cohort: LocalTeams) -> None:
    nudge = nudged(cohort)
    cohort.press("kim", nudge, "nudge.accept")

    again = cohort.press("kim", nudge, "nudge.accept")

    assert again["value"] == "This request has already been accepted."
    assert len(relationships(cohort)) == 1
    intros = [t for t in cohort.texts("ana") if "Meet your mentoring match" in t]
    assert len(intros) == 1


def test_declining_in_the_form_passes_the_request_on(cohort: LocalTeams) -> None:
    nudge = nudged(cohort)
    yesterday = (cohort.services.clock.now() - timedelta(days=1)).date().isoformat()

    refused = cohort.press("kim", nudge, "nudge.decline", {"unavailable_until": yesterday})
    assert "Pick a date after today" in refused["value"]
    assert not any("A mentoring request" in t for t in cohort.texts("lee"))

    answer = cohort.press(
        "kim", nudge, "nudge.decline", {"reason": "on nights", "unavailable_until": ""}
    )

    assert "Thanks for letting us know" in card_text(answer["value"])
    assert "A mentoring request" in cohort.texts("lee")[-1]
    assert "can't take this on right now" in "\n".join(cohort.texts("ana"))


def test_suggesting_a_colleague_from_the_people_picker(cohort: LocalTeams) -> None:
    nudge = nudged(cohort)
    lee = cohort.users["lee"]

    answer = cohort.press("kim", nudge, "nudge.suggest", {"colleague": lee.aad_object_id})

    assert "We've asked @Sam Lee" in card_text(answer["value"])
    assert "@Grace Kim suggested you for this one" in cohort.texts("lee")[-1]
    assert "@Grace Kim suggested a colleague" in cohort.texts("ana")[-1]


def test_a_forged_button_value_is_refused_politely(cohort: LocalTeams) -> None:
    nudge = nudged(cohort)

    answer = cohort.press("kim", nudge, "nudge.accept", value="not-a-request")

    assert answer["value"] == "That button is out of date, so nothing changed."
    assert relationships(cohort) == []


def test_a_check_in_action_is_one_registration_away(cohort: LocalTeams) -> None:
    pressed: list[Press] = []

    @cohort.rounds.actions.on("checkin.met")
    def met(press: Press) -> Answer:
        pressed.append(press)
        return Answer(replace=reply(paragraph("Thanks, noted.")))

    kim = cohort.users["kim"]
    prompt = reply(paragraph("Did you meet?"), Choices((Choice("checkin.met", "Yes", "prompt:7"),)))
    cohort.services.messenger.send_direct(kim.ref, prompt)

    answer = cohort.press("kim", cohort.last_card("kim"), "checkin.met")

    assert card_text(answer["value"]) == "Thanks, noted."
    assert pressed == [Press(kim.ref, "checkin.met", "prompt:7", {})]


def test_someone_who_never_wrote_to_the_bot_is_reached_in_a_chat_it_opens(
    cohort: LocalTeams,
) -> None:
    newcomer = cohort.add_user("ortiz", "Luis Ortiz", installed=False)
    cohort.services.people.remember(newcomer.ref, "Luis Ortiz", None)

    sent = cohort.services.messenger.send_direct(newcomer.ref, reply(paragraph("Welcome")))

    created = [p for p in cohort.connector.posted if p.kind == "create"]
    assert created[-1].activity["members"][0]["aadObjectId"] == newcomer.aad_object_id
    assert cohort.texts("ortiz") == ["Welcome"]
    again = cohort.services.messenger.send_direct(newcomer.ref, reply(paragraph("Again")))
    assert again.conversation_id == sent.conversation_id
    assert len([p for p in cohort.connector.posted if p.kind == "create"]) == 1


def test_nobody_in_the_tenant_has_the_app_so_delivery_fails_plainly(teams: LocalTeams) -> None:
    stranger = TeamsUser("nobody", "No Body")

    with pytest.raises(DeliveryFailed, match="not opened Rounds in Teams"):
        teams.services.messenger.send_direct(stranger.ref, reply(paragraph("Hello")))


def test_a_chat_teams_refuses_fails_that_delivery_only(
    cohort: LocalTeams, caplog: pytest.LogCaptureFixture
) -> None:
    nudge = nudged(cohort)
    cohort.connector.fail(cohort.users["ana"].personal_chat, 403)

    with caplog.at_level(logging.WARNING):
        answer = cohort.press("kim", nudge, "nudge.accept")

    assert "You accepted @Ana Ruiz's request" in card_text(answer["value"])
    assert len(relationships(cohort)) == 1
    assert any("Meet your mentoring match" in t for t in cohort.texts("kim"))
    assert "Teams answered 403" in caplog.text
    assert GOAL not in caplog.text


def test_help_tips_and_unknown_words(cohort: LocalTeams) -> None:
    cohort.say("ana", "help")
    assert "mentor tips — tips for a good mentoring conversation" in cohort.texts("ana")[-1]
    assert "profile" not in cohort.texts("ana")[-1]

    cohort.say("ana", "mentor tips")
    assert "Tips for a good mentoring conversation" in cohort.texts("ana")[-1]

    cohort.say("ana", "profile")
    assert "I don't know “profile”" in cohort.texts("ana")[-1]

    cohort.say("ana", "end")
    assert "no open mentoring relationships" in cohort.texts("ana")[-1]


def test_ending_and_reflecting_in_teams(cohort: LocalTeams) -> None:
    cohort.press("kim", nudged(cohort), "nudge.accept")

    cohort.say("ana", "end")
    form = cohort.last_card("ana")
    relationship = next(e for e in form["body"] if e.get("id") == "relationship")
    closed = cohort.press(
        "ana",
        form,
        "relationship.end",
        {"relationship": relationship["choices"][0]["value"], "reason": "goal_reached"},
    )

    assert "Your mentoring with @Grace Kim is closed" in card_text(closed["value"])
    ended = cohort.last_card("kim")
    assert "Your mentoring with @Ana Ruiz is closed" in card_text(ended)
    thanks = cohort.press("kim", ended, "relationship.reflect", {"reflection": "Great chat."})
    assert "Your reflection is saved, in confidence" in card_text(thanks["value"])


def test_people_are_kept_by_tenant_and_object_id_with_their_chat(cohort: LocalTeams) -> None:
    ana = cohort.users["ana"]

    with cohort.services.database.read() as session:
        chat = session.exec(select(TeamsConversation)).first()
    member = cohort.services.people.find(ana.ref)

    assert member is not None and member.display_name == "Ana Ruiz"
    assert ana.ref.platform == "teams" and len(ana.ref.workspace_id) == 32
    assert chat is not None and chat.conversation_id == ana.personal_chat
    assert chat.teams_user_id == ana.teams_id


def test_the_teams_journey_keeps_its_records_on_either_database(
    database_url: str, clock: FakeClock
) -> None:
    with LocalTeams(database_url=database_url, clock=clock) as teams:
        populate(TeamsJourney(teams))
        teams.press("kim", nudged(teams), "nudge.accept")

        assert len(relationships(teams)) == 1
        assert any("Meet your mentoring match" in t for t in teams.texts("kim"))


def test_a_sender_time_zone_is_learned_from_the_activity_or_its_client_info(
    cohort: LocalTeams,
) -> None:
    ana, kim = cohort.users["ana"], cohort.users["kim"]

    cohort.post(cohort._activity(ana, type="message", text="help", localTimezone="Asia/Tokyo"))
    client_info = {"type": "clientInfo", "locale": "en-GB", "timezone": "Europe/London"}
    cohort.post(cohort._activity(kim, type="message", text="help", entities=[client_info]))
    cohort.settle()

    zones = [cohort.services.people.find(user.ref) for user in (ana, kim)]
    assert [member.timezone if member else None for member in zones] == [
        "Asia/Tokyo",
        "Europe/London",
    ]


def test_a_time_reaches_each_reader_in_their_own_zone_by_name(cohort: LocalTeams) -> None:
    ana = cohort.users["ana"]
    cohort.post(cohort._activity(ana, type="message", text="help", localTimezone="Asia/Tokyo"))
    nine_in_new_york = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    message = reply(paragraph("Next round: ", Time(nine_in_new_york, "America/New_York")))

    cohort.services.messenger.send_direct(ana.ref, message)
    cohort.services.messenger.send_direct(cohort.users["kim"].ref, message)

    assert cohort.texts("ana")[-1] == "Next round: 23:00 (Asia/Tokyo)"
    assert cohort.texts("kim")[-1] == "Next round: 09:00 (America/New_York)"
