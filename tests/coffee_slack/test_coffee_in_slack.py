from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.clock import FakeClock
from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM, Call
from devtools.slack.harness import BOT_TOKEN, LocalRounds
from devtools.slack.textview import blocks_text, call_text
from storage.coffee import CoffeeRepository
from storage.models import Profile
from storage.people import PersonRepository
from storage.prompts import PromptRepository

ORGANIZER = "U0PD"
MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 9:00 in New York
RESIDENTS = "C0RESIDENTS"
MEMBERS = ("U0ANA", "U0BEN", "U0CY", "U0DEE", "U0EVE")
NAMES = {
    "U0ANA": "Ana Ruiz",
    "U0BEN": "Ben Okafor",
    "U0CY": "Cy Dunn",
    "U0DEE": "Dee Park",
    "U0EVE": "Eve Stone",
    ORGANIZER: "Maya Patel",
}


@pytest.fixture
def rounds() -> Iterator[LocalRounds]:
    with LocalRounds(clock=FakeClock(MONDAY), organizers=(ORGANIZER,), COFFEE_SEED=0) as local:
        for user_id, name in NAMES.items():
            local.add_user(user_id, name)
        local.fake.channel_members[RESIDENTS] = [*MEMBERS, "UROUNDSBOT"]
        yield local
        assert local.fake.block_errors == [], "the app sent Block Kit that Slack would reject"


def choice(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def set_up(
    rounds: LocalRounds,
    channel: str = RESIDENTS,
    user: str = ORGANIZER,
    **chosen: str,
) -> None:
    rounds.command(user, "/coffee", channel_id=channel)
    fields = {
        "cadence": "weekly",
        "weekday": "2",
        "hour": "9",
        "timezone": "America/New_York",
        "group_size": "2",
        "mode": "anyone",
        **chosen,
    }
    values = {name: {name: choice(value)} for name, value in fields.items()}
    rounds.slack.submit_view(user, "coffee_setup", values, private_metadata=channel)
    rounds.settle()


def said(delivery: Any) -> str:
    return blocks_text(delivery.json()["blocks"], NAMES)


def conversation(rounds: LocalRounds, *users: str) -> str:
    client = WebClient(token=BOT_TOKEN, base_url=rounds.fake.api_url)
    return str(client.conversations_open(users=",".join(sorted(users)))["channel"]["id"])


def posts_to(rounds: LocalRounds, *users: str) -> list[Call]:
    channel = users[0] if users[0].startswith("C") else conversation(rounds, *users)
    return [c for c in rounds.fake.calls_to("chat.postMessage") if c.args["channel"] == channel]


def texts_to(rounds: LocalRounds, *users: str) -> list[str]:
    return [call_text(c, NAMES) for c in posts_to(rounds, *users)]


def introductions(rounds: LocalRounds) -> list[str]:
    return [
        call_text(c, NAMES)
        for c in rounds.fake.calls_to("chat.postMessage")
        if str(c.args["channel"]).startswith("G")
    ]


def button(call: Call, action_id: str) -> str:
    for block in call.args["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button")


def last_response(rounds: LocalRounds) -> str:
    return call_text(rounds.fake.calls_to("response_url")[-1], NAMES)


def test_an_organizer_sets_up_rounds_from_a_prefilled_modal(rounds: LocalRounds) -> None:
    rounds.command(ORGANIZER, "/coffee", channel_id=RESIDENTS)
    modal = rounds.fake.calls_to("views.open")[-1].args["view"]
    assert modal["callback_id"] == "coffee_setup"
    initial = {b["block_id"]: b["element"]["initial_option"]["value"] for b in modal["blocks"]}
    assert initial["timezone"] == "America/New_York" and initial["group_size"] == "2"

    set_up(rounds, cadence="biweekly", group_size="3")

    announced = texts_to(rounds, RESIDENTS)
    assert "every two weeks on wednesday at 09:00" in announced[-1].lower()
    assert "Wednesday 25 November at 09:00" in texts_to(rounds, ORGANIZER)[-1]
    rounds.command(ORGANIZER, "/coffee", channel_id=RESIDENTS)
    again = rounds.fake.calls_to("views.open")[-1].args["view"]
    prefilled = {b["block_id"]: b["element"]["initial_option"]["value"] for b in again["blocks"]}
    assert prefilled["cadence"] == "biweekly" and prefilled["group_size"] == "3"


def test_only_organizers_may_set_up_or_run_rounds(rounds: LocalRounds) -> None:
    refused = rounds.command("U0ANA", "/coffee", channel_id=RESIDENTS)
    run = rounds.command("U0ANA", "/coffee", "run-now", channel_id=RESIDENTS)
    rounds.slack.submit_view("U0ANA", "coffee_setup", {}, private_metadata=RESIDENTS)

    assert "Only organizers can run coffee chats" in said(refused)
    assert "Only organizers" in said(run)
    assert rounds.fake.calls_to("views.open") == []
    assert texts_to(rounds, RESIDENTS) == []


def test_an_invalid_form_is_sent_back_with_what_to_fix(rounds: LocalRounds) -> None:
    values = {
        "cadence": {"cadence": choice("weekly")},
        "weekday": {"weekday": choice("9")},
        "hour": {"hour": choice("9")},
        "timezone": {"timezone": choice("Mars/Base")},
        "group_size": {"group_size": choice("2")},
        "mode": {"mode": choice("anyone")},
    }

    answer = rounds.slack.submit_view(ORGANIZER, "coffee_setup", values, RESIDENTS).json()

    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"weekday", "timezone"}


def test_heads_up_skip_button_works_only_for_its_member(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=1))  # Tuesday 9:00: the day before

    heads_up = posts_to(rounds, "U0ANA")[-1]
    assert "Tomorrow's coffee-chat round" in call_text(heads_up, NAMES)
    skip = button(heads_up, "coffee_skip")
    rounds.slack.click("U0BEN", "coffee_skip", skip)
    rounds.settle()
    assert "This button is for @Ana Ruiz" in last_response(rounds)
    rounds.slack.click("U0ANA", "coffee_skip", skip)
    rounds.settle()
    assert "you skip the round on Wednesday 25 November" in last_response(rounds)
    rounds.slack.click("U0ANA", "coffee_skip", skip)
    rounds.settle()
    assert "already skipping" in last_response(rounds)

    rounds.advance(timedelta(days=1))

    intros = introductions(rounds)
    assert len(intros) == 2
    assert not any("Ana Ruiz" in intro for intro in intros)
    rounds.slack.click("U0ANA", "coffee_skip", skip)
    rounds.settle()
    assert "already started" in last_response(rounds)


def test_pause_until_opens_a_date_picker_for_that_member_only(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=1))
    pause = button(posts_to(rounds, "U0BEN")[-1], "coffee_pause_open")

    rounds.slack.click("U0ANA", "coffee_pause_open", pause)
    rounds.settle()
    assert "This button is for @Ben Okafor" in last_response(rounds)
    rounds.slack.click("U0BEN", "coffee_pause_open", pause)
    rounds.settle()
    picker = rounds.fake.calls_to("views.open")[-1].args["view"]
    too_soon = {"until": {"date": {"type": "datepicker", "selected_date": "2026-11-20"}}}
    refused = rounds.slack.submit_view(
        "U0BEN", "coffee_pause", too_soon, picker["private_metadata"]
    )
    later = {"until": {"date": {"type": "datepicker", "selected_date": "2026-12-10"}}}
    rounds.slack.submit_view("U0BEN", "coffee_pause", later, picker["private_metadata"])
    rounds.settle()
    rounds.advance(timedelta(days=1))

    assert refused.json()["errors"] == {"until": "Pick a date after today."}
    assert "Paused until Thursday 10 December" in texts_to(rounds, "U0BEN")[-1]
    assert not any("Ben Okafor" in intro for intro in introductions(rounds))


def test_a_member_who_leaves_between_heads_up_and_round_is_not_paired(
    rounds: LocalRounds,
) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=1))
    assert "Tomorrow's coffee-chat round" in texts_to(rounds, "U0CY")[-1]

    rounds.fake.channel_members[RESIDENTS].remove("U0CY")
    rounds.slack.event({"type": "member_left_channel", "user": "U0CY", "channel": RESIDENTS})
    rounds.settle()
    rounds.advance(timedelta(days=1))

    intros = introductions(rounds)
    assert intros and not any("Cy Dunn" in intro for intro in intros)
    assert sum(intro.count("@") for intro in intros) >= 4


def test_an_odd_number_makes_a_group_of_three_and_leaves_nobody_out(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=2))

    intros = introductions(rounds)
    assert len(intros) == 2
    for user in MEMBERS:
        assert sum(NAMES[user] in intro.split("To get you started")[0] for intro in intros) == 1
    assert "Coffee chat: meet each other" in intros[0]


def test_never_pair_list_is_private_and_honoured(rounds: LocalRounds) -> None:
    rounds.fake.channel_members[RESIDENTS] = ["U0ANA", "U0BEN", "U0CY", "U0DEE"]
    set_up(rounds)
    rounds.command("U0ANA", "/coffee", "never", channel_id=RESIDENTS)
    modal = rounds.fake.calls_to("views.open")[-1].args["view"]
    assert modal["callback_id"] == "coffee_never"
    picked = {"people": {"people": {"type": "multi_users_select", "selected_users": ["U0BEN"]}}}
    rounds.slack.submit_view("U0ANA", "coffee_never", picked)
    rounds.settle()
    assert "Only you can see it" in texts_to(rounds, "U0ANA")[-1]

    for _ in range(3):
        rounds.advance(timedelta(days=7))

    pairs = [intro.split("To get you started")[0] for intro in introductions(rounds)]
    assert len(pairs) == 6
    assert not any("Ana Ruiz" in pair and "Ben Okafor" in pair for pair in pairs)
    everything_else = [call_text(c, NAMES) for c in rounds.fake.calls if c.method != "views.open"]
    assert not any("never" in text.lower() and "Ben" in text for text in everything_else)
    rounds.command("U0ANA", "/coffee", "never", channel_id=RESIDENTS)
    reopened = rounds.fake.calls_to("views.open")[-1].args["view"]
    assert reopened["blocks"][0]["element"]["initial_users"] == ["U0BEN"]


def test_cross_level_mode_gives_each_group_one_attending(rounds: LocalRounds) -> None:
    stages = {
        "U0ANA": "pgy2",
        "U0BEN": "student",
        "U0CY": "attending",
        "U0DEE": "pgy1",
        "U0EVE": "faculty",
    }
    with rounds.services.database.write() as session:
        people = PersonRepository(session)
        for user, stage in stages.items():
            found = people.get_or_create(PersonRef.slack("T0DEMO", user))
            assert found.id is not None
            session.add(Profile(person_id=found.id, career_stage=stage))
    set_up(rounds, mode="cross_level", group_size="3")
    rounds.advance(timedelta(days=2))

    intros = [intro.split("To get you started")[0] for intro in introductions(rounds)]
    assert len(intros) == 2
    for intro in intros:
        assert ("Cy Dunn" in intro) != ("Eve Stone" in intro)
        assert "(leads this chat)" in intro


def test_several_channels_run_with_their_own_settings(rounds: LocalRounds) -> None:
    rounds.fake.channel_members["C0FACULTY"] = ["U0CY", "U0EVE", "U0DEE"]
    set_up(rounds)
    set_up(rounds, channel="C0FACULTY", weekday="4", group_size="3", cadence="monthly")

    residents = said(rounds.command("U0ANA", "/coffee", "status", channel_id=RESIDENTS))
    faculty = said(rounds.command("U0EVE", "/coffee", "status", channel_id="C0FACULTY"))
    rounds.advance(timedelta(days=2))

    assert "Wednesday 25 November" in residents and "pairs" in residents
    assert "Friday 4 December" in faculty and "groups of three" in faculty
    assert len(introductions(rounds)) == 2  # residents only; faculty meet in December


def test_organizer_pauses_skips_resumes_and_runs_a_round_now(rounds: LocalRounds) -> None:
    set_up(rounds)
    skip = said(rounds.command(ORGANIZER, "/coffee", "skip-next", channel_id=RESIDENTS))
    rounds.advance(timedelta(days=2))
    assert "will be skipped" in skip
    assert introductions(rounds) == []
    assert "Wednesday 2 December" in said(
        rounds.command(ORGANIZER, "/coffee", "status", channel_id=RESIDENTS)
    )

    pause = said(rounds.command(ORGANIZER, "/coffee", "pause", channel_id=RESIDENTS))
    rounds.advance(timedelta(days=7))
    assert "paused" in pause and introductions(rounds) == []
    assert not any("Tomorrow's" in text for text in texts_to(rounds, "U0ANA"))

    resume = said(rounds.command(ORGANIZER, "/coffee", "resume", channel_id=RESIDENTS))
    assert "resumed" in resume
    rounds.command(ORGANIZER, "/coffee", "run-now", channel_id=RESIDENTS)
    assert "Round 1 is out: 5 people introduced in 2 groups" in last_response(rounds)
    assert len(introductions(rounds)) == 2
    rounds.command(ORGANIZER, "/coffee", "run-now", channel_id=RESIDENTS)
    assert "Another can run from" in last_response(rounds)

    status = said(rounds.command("U0BEN", "/coffee", "status", channel_id=RESIDENTS))
    assert "Round 1" in status and "5 people in 2 groups" in status
    stop = said(rounds.command(ORGANIZER, "/coffee", "stop", channel_id=RESIDENTS))
    rounds.advance(timedelta(days=30))
    assert "stopped" in stop and len(introductions(rounds)) == 2


def test_a_retried_round_job_makes_no_second_round(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=2))
    job = rounds.services.tasks["coffee.round"]

    job(1)
    job(1)
    rounds.settle()

    assert len(introductions(rounds)) == 2
    ids = {
        job.job_id for job in rounds.services.scheduler.jobs() if job.job_id.startswith("coffee:")
    }
    assert ids == {"coffee:1:headsup", "coffee:1:round"}


def test_a_slack_storm_during_a_round_introduces_every_group_once_and_loses_nothing(
    rounds: LocalRounds, retry_waits: list[float]
) -> None:
    newcomers = {"U0FAY": "Fay Lin", "U0GUS": "Gus Hale", "U0HAL": "Hal Ames", "U0IDA": "Ida Roy"}
    for user_id, name in newcomers.items():
        rounds.add_user(user_id, name)
    everyone = sorted({NAMES[user] for user in MEMBERS} | set(newcomers.values()))
    rounds.fake.channel_members[RESIDENTS] = [*MEMBERS, *newcomers, "UROUNDSBOT"]
    set_up(rounds)
    rounds.advance(timedelta(days=1))
    for method in ("chat.postMessage", "conversations.open"):
        rounds.fake.rate_limit(method, retry_after=5, times=20)
        rounds.fake.server_error(method, status=500, times=20)

    rounds.advance(timedelta(days=1))
    during_the_storm = len(introductions(rounds))
    for _ in range(6):
        rounds.advance(timedelta(hours=1))

    names = {**NAMES, **newcomers}
    intros = [
        call_text(c, names).split("To get you started")[0]
        for c in rounds.fake.calls_to("chat.postMessage")
        if str(c.args["channel"]).startswith("G")
    ]
    assert during_the_storm < 4, "the storm should have held some introductions back"
    assert len(intros) == 4
    assert sorted(name for intro in intros for name in everyone if name in intro) == everyone
    with rounds.services.database.read() as session:
        groups = CoffeeRepository(session).groups(1)
        states = PromptRepository(session).counts()
    delivered = [c.args["channel"] for c in rounds.fake.calls_to("chat.postMessage")]
    assert len(groups) == 4
    assert all(delivered.count(group.conversation_id) == 1 for group in groups)
    assert set(states) == {"sent", "pending"}
    assert states["pending"] == len(everyone), 'each person is asked "Did you meet?" later'
    assert retry_waits, "Slack's Retry-After was honoured"


def asked_did_you_meet(rounds: LocalRounds, user: str) -> list[str]:
    return [text for text in texts_to(rounds, user) if "Did you meet" in text]


def test_after_a_round_each_member_is_asked_about_their_own_group(rounds: LocalRounds) -> None:
    set_up(rounds, group_size="3")
    rounds.advance(timedelta(days=2))
    assert asked_did_you_meet(rounds, "U0ANA") == []

    rounds.advance(timedelta(days=5))
    for user in MEMBERS:
        (question,) = asked_did_you_meet(rounds, user)
        (intro,) = [i for i in introductions(rounds) if NAMES[user] in i.split("To get")[0]]
        partners = [n for u, n in NAMES.items() if u in MEMBERS and u != user and n in intro]
        assert partners and all(name in question for name in partners)
        assert NAMES[user] not in question


def test_no_did_you_meet_once_the_rounds_are_stopped(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.advance(timedelta(days=2))
    assert len(introductions(rounds)) == 2

    rounds.command(ORGANIZER, "/coffee", "stop", channel_id=RESIDENTS)
    rounds.advance(timedelta(days=7))
    assert all(asked_did_you_meet(rounds, user) == [] for user in MEMBERS)


def test_the_next_round_is_shown_on_each_readers_own_clock(rounds: LocalRounds) -> None:
    set_up(rounds)

    shown = str(posts_to(rounds, ORGANIZER)[-1].args["blocks"])
    wednesday_nine = int(datetime(2026, 11, 25, 14, 0, tzinfo=UTC).timestamp())
    assert (
        f"<!date^{wednesday_nine}^{{date_long_pretty}} at {{time}}"
        "|Wednesday 25 November at 09:00 (America/New_York)>"
    ) in shown


def test_an_organizer_in_tokyo_who_only_types_coffee_gets_a_form_in_their_zone(
    rounds: LocalRounds,
) -> None:
    rounds.add_user("U0AKI", "Aki Tanaka", tz="Asia/Tokyo")
    with rounds.services.database.write() as session:
        PersonRepository(session).get_or_create(
            PersonRef.slack(FAKE_TEAM, "U0AKI")
        ).is_organizer = True

    rounds.command("U0AKI", "/coffee", channel_id="C0TOKYO")

    modal = rounds.fake.calls_to("views.open")[-1].args["view"]
    initial = {b["block_id"]: b["element"]["initial_option"]["value"] for b in modal["blocks"]}
    assert initial["timezone"] == "Asia/Tokyo"
