"""/speedmentor through the real app: organizers run the event, mentees join and give feedback."""

from datetime import timedelta
from typing import Any

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.events_live.support import (
    CHANNEL,
    EXPERTS,
    MENTEES,
    ORGANIZER,
    channel_posts,
    created_event,
    direct_messages,
    local_rounds,
)


def form(**values: Any) -> dict[str, dict[str, dict[str, Any]]]:
    return {block: {block: value} for block, value in values.items()}


def last_response(rounds: LocalRounds) -> str:
    return call_text(rounds.fake.calls_to("response_url")[-1])


def ephemeral(delivery: Any) -> str:
    from devtools.slack.textview import blocks_text

    return blocks_text(delivery.json()["blocks"])


def create_form(**overrides: dict[str, str]) -> dict[str, dict[str, dict[str, str]]]:
    fields = {
        "name": {"value": "Career night"},
        "channel": {"selected_channel": CHANNEL},
        "start_date": {"selected_date": "2026-11-24"},
        "start_time": {"selected_time": "18:00"},
        "timezone": {"value": "America/New_York"},
        "rounds": {"value": "3"},
        "round_minutes": {"value": "1"},
        "changeover_minutes": {"value": "1"},
        "table_min": {"value": "2"},
        "table_max": {"value": "4"},
    }
    return form(**(fields | overrides))


def test_only_organizers_can_create_an_event() -> None:
    with local_rounds() as rounds:
        refused = rounds.command(MENTEES[0], "/speedmentor", "", channel_id=CHANNEL)
        assert "Only organizers" in ephemeral(refused)
        assert rounds.fake.calls_to("views.open") == []

        rounds.command(ORGANIZER, "/speedmentor", "", channel_id=CHANNEL)
        opened = rounds.fake.calls_to("views.open")[-1].args["view"]
        assert opened["callback_id"] == "speedmentor_create"

        answer = rounds.slack.submit_view(
            ORGANIZER,
            "speedmentor_create",
            create_form(),
        )
        rounds.settle()
        assert answer.body == ""
        panel = direct_messages(rounds)[ORGANIZER][-1]
        assert "Career night" in panel and "[Start now]" in panel

        bad = rounds.slack.submit_view(
            ORGANIZER,
            "speedmentor_create",
            create_form(name={"value": "Bad"}, table_min={"value": "5"}),
        )
        assert bad.json()["response_action"] == "errors"
        assert "table_max" in bad.json()["errors"]


def test_mentees_join_from_the_channel_ranking_topics_and_sign_up_can_close() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.command(ORGANIZER, "/speedmentor", "signup", channel_id=CHANNEL)
        post = channel_posts(rounds)[-1]
        assert "[Join]" in post and "fellowship applications" in post

        rounds.add_user("U0NEW", "Nia New")
        rounds.slack.click("U0NEW", "speedmentor.join", str(event_id), channel_id=CHANNEL)
        rounds.settle()
        join_form = rounds.fake.calls_to("views.open")[-1].args["view"]
        assert join_form["callback_id"] == "speedmentor_join"
        options = join_form["blocks"][0]["element"]["options"]
        research = next(o["value"] for o in options if o["text"]["text"] == "research")
        rounds.slack.submit_view(
            "U0NEW",
            "speedmentor_join",
            form(rank_1={"selected_option": {"value": research}}),
            private_metadata=str(event_id),
        )
        rounds.settle()
        assert "You are signed up" in direct_messages(rounds)["U0NEW"][-1]
        assert rounds.services.events.summary(event_id).mentees == len(MENTEES) + 1

        rounds.command(ORGANIZER, "/speedmentor", "close-signup", channel_id=CHANNEL)
        rounds.slack.click("U0LATE2", "speedmentor.join", str(event_id), channel_id=CHANNEL)
        rounds.settle()
        assert "Sign-up for Career night is closed" in last_response(rounds)


def test_an_organizer_publishes_runs_and_reads_the_report_from_slack() -> None:
    with local_rounds() as rounds:
        created_event(rounds, round_minutes=1, changeover=1)
        preview = rounds.command(ORGANIZER, "/speedmentor", "preview", channel_id=CHANNEL)
        assert preview.status == 200
        assert "Topic wishes met" in last_response(rounds)
        rounds.command(ORGANIZER, "/speedmentor", "publish", channel_id=CHANNEL)
        assert "Published: Career night" in last_response(rounds)

        rounds.command(ORGANIZER, "/speedmentor", "start", channel_id=CHANNEL)
        assert "Round 1 of 3 — table" in direct_messages(rounds)[MENTEES[0]][0]
        rounds.command(ORGANIZER, "/speedmentor", f"absent <@{MENTEES[1]}|m2>", channel_id=CHANNEL)
        assert "marked absent from round 2" in last_response(rounds)

        rounds.advance(timedelta(minutes=10))
        dms = direct_messages(rounds)
        assert "Give feedback" in dms[MENTEES[0]][-1]
        expert_row = next(
            b["elements"][0]["value"]
            for c in rounds.fake.calls_to("chat.postMessage")
            for b in c.args.get("blocks", [])
            if b["type"] == "actions"
            and b["elements"][0]["action_id"].startswith("speedmentor.followup.")
        )

        rounds.slack.click(MENTEES[0], "speedmentor.feedback", expert_row.split(":")[0])
        rounds.settle()
        assert rounds.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == (
            "speedmentor_feedback"
        )
        for _ in range(2):
            rounds.slack.submit_view(
                MENTEES[0],
                "speedmentor_feedback",
                form(
                    usefulness={"selected_option": {"value": "5"}},
                    again={"selected_option": {"value": "yes"}},
                    comment={"value": "Loved it"},
                ),
                private_metadata=expert_row.split(":")[0],
            )
            rounds.settle()
        assert "already sent feedback" in direct_messages(rounds)[MENTEES[0]][-1]

        action = f"speedmentor.followup.{expert_row.split(':')[1]}"
        rounds.slack.click(MENTEES[0], action, expert_row)
        rounds.settle()
        assert "for a coffee chat" in last_response(rounds)
        rounds.slack.click(MENTEES[0], action, expert_row)
        rounds.settle()
        assert "You already asked" in last_response(rounds)
        rounds.slack.click(EXPERTS[0][0], action, expert_row)
        rounds.settle()
        assert "for the mentees who met" in last_response(rounds)

        report = ephemeral(rounds.command(ORGANIZER, "/speedmentor", "report", channel_id=CHANNEL))
        assert "Rounds held 3 of 3" in report
        assert "Mentees 8 attended of 8 registered" in report
        assert "Feedback 1 answer, usefulness 5.0 of 5" in report
        assert "Follow-ups requested 1" in report
        assert "Loved it" not in report


def test_only_organizers_press_the_control_buttons_and_exports_arrive_as_files() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.command(ORGANIZER, "/speedmentor", "publish", channel_id=CHANNEL)
        rounds.slack.click(MENTEES[0], "speedmentor.control.start", str(event_id))
        rounds.settle()
        assert "Only organizers" in last_response(rounds)
        rounds.slack.click(ORGANIZER, "speedmentor.control.start", str(event_id))
        rounds.settle()
        assert "Round 1 of Career night has started" in last_response(rounds)
        rounds.slack.click(ORGANIZER, "speedmentor.control.pause", str(event_id))
        rounds.settle()
        assert "paused" in channel_posts(rounds)[-1]

        rounds.command(ORGANIZER, "/speedmentor", "export", channel_id=CHANNEL)
        completed = rounds.fake.calls_to("files.completeUploadExternal")
        assert len(completed) == 1
        assert len(rounds.fake.calls_to("files.getUploadURLExternal")) == 2
        assert "in your DM" in last_response(rounds)


def test_help_lists_what_an_organizer_can_do_on_the_day() -> None:
    with local_rounds() as rounds:
        text = ephemeral(rounds.command(ORGANIZER, "/speedmentor", "help"))
        assert "absent @name" in text and "extend 5" in text
