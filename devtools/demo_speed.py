"""The demo's speed-mentoring chapter: an evening created, published, run round by round."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from devtools.demo import EVENT_CHANNEL, DemoContext
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.textview import call_text

_NEW_YORK = ZoneInfo("America/New_York")
SPEED_EXPERTS = (
    ("U0DRKIM", "fellowship applications", "1"),
    ("U0DRLEE", "emergency medicine careers", "2"),
    ("U0DRCHO", "research and first papers", "3"),
)
SPEED_STUDENTS = (
    ("U0CARA", "Cara Diaz"),
    ("U0DEV", "Dev Shah"),
    ("U0EVE", "Eve Moreau"),
    ("U0FINN", "Finn Walsh"),
    ("U0GIA", "Gia Romano"),
    ("U0HAL", "Hal Berg"),
)
SPEED_MENTEES = ("U0ANA", "U0BEN", *(user_id for user_id, _ in SPEED_STUDENTS))


def evening(demo: DemoContext) -> None:
    rounds, organizer = demo.rounds, "U0PD"
    for user_id, name in (*SPEED_STUDENTS, ("U0IVY", "Ivy Chen")):
        rounds.add_user(user_id, name)
    events = rounds.services.events
    demo.step(
        "Dr. Patel types /speedmentor in #events: a form opens to create the evening",
        expect="a form opens",
    )
    rounds.command(organizer, "/speedmentor", "", channel_id=EVENT_CHANNEL)
    demo.show_messages()
    demo.step(
        "She fills it in: 3 rounds of one minute, one minute to change tables",
        expect="direct message to Dr. Maya Patel",
    )
    starts = rounds.services.clock.now() + timedelta(minutes=5)
    rounds.slack.submit_view(
        organizer,
        "speedmentor_create",
        {
            block: {block: value}
            for block, value in {
                "name": {"value": "Residents' career evening"},
                "channel": {"selected_channel": EVENT_CHANNEL},
                "start_date": {"selected_date": starts.astimezone(_NEW_YORK).date().isoformat()},
                "start_time": {"selected_time": starts.astimezone(_NEW_YORK).strftime("%H:%M")},
                "timezone": {"value": "America/New_York"},
                "rounds": {"value": "3"},
                "round_minutes": {"value": "1"},
                "changeover_minutes": {"value": "1"},
                "table_min": {"value": "2"},
                "table_max": {"value": "3"},
            }.items()
        },
    )
    rounds.settle()
    demo.show_messages()
    event_id = events.find(FAKE_TEAM, EVENT_CHANNEL).event_id
    demo.step(
        "She adds three experts (the expert form, once per expert) and opens sign-up",
        expect="posted in #events",
    )
    for user_id, topic, table in SPEED_EXPERTS:
        rounds.slack.submit_view(
            organizer,
            "speedmentor_expert",
            {
                "person": {"person": {"selected_user": user_id}},
                "name": {"name": {"value": None}},
                "topic": {"topic": {"value": topic}},
                "table": {"table": {"value": table}},
                "absent_rounds": {"absent_rounds": {"value": None}},
            },
            private_metadata=str(event_id),
        )
    rounds.settle()
    demo.shown_up_to = len(rounds.fake.calls)
    rounds.command(organizer, "/speedmentor", "signup", channel_id=EVENT_CHANNEL)
    demo.show_messages()
    demo.step(
        "Eight mentees press Join and rank the topics they care about",
        expect="8 mentees signed up",
    )
    topics = [topic for _, topic, _ in SPEED_EXPERTS]
    for number, user_id in enumerate(SPEED_MENTEES):
        rounds.slack.click(user_id, "speedmentor.join", str(event_id), channel_id=EVENT_CHANNEL)
        ranked = topics[number % 3 :] + topics[: number % 3]
        rounds.slack.submit_view(
            user_id,
            "speedmentor_join",
            {
                f"rank_{rank}": {
                    f"rank_{rank}": {"selected_option": {"value": str(topics.index(t))}}
                }
                for rank, t in enumerate(ranked, 1)
            },
            private_metadata=str(event_id),
        )
    rounds.settle()
    demo.say(f"  {events.summary(event_id).mentees} mentees signed up.")
    demo.step("Dr. Patel previews the plan's figures, then publishes", expect="Published")
    rounds.command(organizer, "/speedmentor", "preview", channel_id=EVENT_CHANNEL)
    rounds.command(organizer, "/speedmentor", "publish", channel_id=EVENT_CHANNEL)
    demo.show_messages()
    demo.step(
        "Five minutes later round 1 starts: a DM for each person, one post in #events",
        expect="Round 1 of 3",
    )
    rounds.advance(timedelta(minutes=5))
    _show_some(demo)
    demo.step("Thirty seconds before the end: the channel is told", expect="posted in #events")
    rounds.advance(timedelta(seconds=30))
    demo.show_messages()
    demo.step(
        "Ben has to leave: Dr. Patel marks him absent; only people whose seat moved hear",
        expect="Ben Okafor",
    )
    rounds.command(organizer, "/speedmentor", "absent <@U0BEN|ben>", channel_id=EVENT_CHANNEL)
    demo.show_messages()
    demo.step(
        "Ivy arrives late: she is seated from round 2 and told her seats",
        expect="direct message to Ivy Chen",
    )
    rounds.command(organizer, "/speedmentor", "late <@U0IVY|ivy>", channel_id=EVENT_CHANNEL)
    demo.show_messages()
    demo.step(
        "Rounds 2 and 3 run on the clock; at the end everyone gets a feedback form",
        expect="Round 3 of 3",
    )
    # Dr. Lee's form waits for 8:00 in Los Angeles, two hours after the evening ends in New York.
    rounds.advance(timedelta(hours=2, minutes=5))
    _show_some(demo, people=("U0ANA", "U0DRKIM"))
    demo.step(
        "Ana asks Dr. Kim for a coffee chat; Dr. Patel reads the report", expect="Dr. Grace Kim"
    )
    kim_row = next(
        row for row, (user_id, *_rest) in enumerate(SPEED_EXPERTS, 1) if user_id == "U0DRKIM"
    )
    rounds.slack.click("U0ANA", f"speedmentor.followup.{kim_row}", f"{event_id}:{kim_row}")
    rounds.settle()
    demo.show_messages()
    demo.show_ack(
        organizer, rounds.command(organizer, "/speedmentor", "report", channel_id=EVENT_CHANNEL)
    )


def _show_some(demo: DemoContext, people: tuple[str, ...] = ("U0ANA", "U0DRKIM")) -> None:
    """The channel's posts and a few people's DMs since the step began; other DMs are counted."""
    owners = {channel: users[0] for users, channel in demo.rounds.fake._conversations.items()}
    others = 0
    for call in demo.rounds.fake.calls[demo.shown_up_to :]:
        if call.method != "chat.postMessage":
            continue
        channel = str(call.args.get("channel"))
        owner = owners.get(channel)
        if owner is None or owner in people:
            title = (
                f"{demo.names.get(owner, owner)}'s DM"
                if owner
                else demo._audience(call.method, call.args)
            )
            demo._box(title, call_text(call, demo.names))
        else:
            others += 1
    demo.say(f"  …and {others} more DMs, one per participant.")
    demo.shown_up_to = len(demo.rounds.fake.calls)
