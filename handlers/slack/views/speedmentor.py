"""Forms for speed-mentoring events: create, add an expert, paste a CSV, join, feedback."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.events.live import EventProblem, EventSettings
from bot.scheduling import resolve_zone
from handlers.slack.views.inputs import (
    Block,
    Submission,
    date_picker,
    input_block,
    modal,
    number_input,
    plain,
    radio,
    static_select,
    text_input,
    users_select,
)

CREATE = "speedmentor_create"
EXPERT = "speedmentor_expert"
CSV = "speedmentor_csv"
JOIN = "speedmentor_join"
FEEDBACK = "speedmentor_feedback"
RANKS = 3
CSV_HINTS = {
    "experts": "Columns: expert_id,name,topic,table[,absent_rounds]. "
    "A Slack member ID as expert_id gets DMs; other ids are guests.",
    "mentees": "Columns: mentee_id,name[,ranked_topics] with topics best first, separated by ';'. "
    "A Slack member ID as mentee_id gets DMs.",
}


def create_modal(channel_id: str, timezone: str, today: date) -> Block:
    blocks = [
        input_block("name", "Event name", text_input(max_length=150)),
        input_block(
            "channel",
            "Channel",
            {"type": "channels_select", "initial_channel": channel_id}
            if channel_id.startswith("C")
            else {"type": "channels_select"},
        ),
        input_block("start_date", "Date", date_picker(today)),
        input_block("start_time", "Start time", {"type": "timepicker", "initial_time": "18:00"}),
        input_block("timezone", "Time zone", text_input(timezone, max_length=64)),
        input_block("rounds", "Rounds", number_input(6, 1, 20)),
        input_block("round_minutes", "Minutes per round", number_input(10, 1, 120)),
        input_block("changeover_minutes", "Minutes to change tables", number_input(2, 0, 60)),
        input_block("table_min", "Smallest group at a table", number_input(2, 1, 30)),
        input_block("table_max", "Largest group at a table", number_input(5, 1, 30)),
    ]
    return modal(CREATE, "New speed-mentoring event", blocks, "Create")


def read_create(submission: Submission) -> EventSettings:
    """The form's values; raises EventProblem naming the field when a value is unusable."""
    day = submission.day("start_date")
    chosen_time = _raw(submission, "start_time").get("selected_time")
    if day is None or not chosen_time:
        raise EventProblem("Choose a date and a start time.", "start_time")
    zone_name = submission.text("timezone")
    zone = resolve_zone(zone_name)
    starts = datetime.combine(day, time.fromisoformat(str(chosen_time)), tzinfo=zone)
    numbers = {
        name: submission.number(name)
        for name in ("rounds", "round_minutes", "changeover_minutes", "table_min", "table_max")
    }
    missing = [name for name, value in numbers.items() if value is None]
    if missing:
        raise EventProblem("Enter a whole number.", missing[0])
    return EventSettings(
        name=submission.text("name"),
        channel_id=str(_raw(submission, "channel").get("selected_channel") or ""),
        starts_at=starts,
        timezone=zone_name,
        rounds=numbers["rounds"] or 0,
        round_minutes=numbers["round_minutes"] or 0,
        changeover_minutes=numbers["changeover_minutes"] or 0,
        table_min=numbers["table_min"] or 0,
        table_max=numbers["table_max"] or 0,
    )


def _raw(submission: Submission, block_id: str) -> dict[str, object]:
    element: dict[str, object] = submission.values.get(block_id, {}).get(block_id, {})
    return element


def expert_modal(event_id: int, event_name: str, added: str = "") -> Block:
    blocks: list[Block] = []
    if added:
        blocks.append({"type": "section", "text": plain(added)})
    blocks += [
        input_block(
            "person",
            "Expert in this workspace",
            users_select([], multi=False),
            optional=True,
            hint="Leave empty for a guest without Slack, and type their name below.",
        ),
        input_block("name", "Name shown to mentees", text_input(max_length=200), optional=True),
        input_block("topic", "Topic", text_input(max_length=200)),
        input_block("table", "Table", text_input(max_length=40), hint="A number or a label."),
        input_block(
            "absent_rounds",
            "Rounds they miss",
            text_input(max_length=60),
            optional=True,
            hint="For example: 1, 4",
        ),
    ]
    return modal(EXPERT, f"Experts: {event_name}", blocks, "Add expert", str(event_id))


def read_absent_rounds(submission: Submission) -> frozenset[int]:
    parts = [p.strip() for p in submission.text("absent_rounds").replace(";", ",").split(",")]
    if not all(p.isdigit() and int(p) >= 1 for p in parts if p):
        raise EventProblem("List round numbers separated by commas, like 1, 4.", "absent_rounds")
    return frozenset(int(p) for p in parts if p)


def csv_modal(event_id: int, kind: str) -> Block:
    blocks = [
        input_block(
            "csv",
            f"Paste the {kind} CSV",
            text_input(multiline=True, max_length=3000),
            hint=CSV_HINTS[kind],
        )
    ]
    return modal(CSV, f"Import {kind}", blocks, "Import", f"{event_id}:{kind}")


def join_modal(event_id: int, event_name: str, topics: Sequence[str]) -> Block:
    choices = [(str(index), topic) for index, topic in enumerate(topics)]
    labels = ("Your first choice", "Second choice", "Third choice")
    blocks = [
        input_block(
            f"rank_{rank}",
            labels[rank - 1],
            static_select(choices, None, "Choose a topic"),
            optional=rank > 1,
        )
        for rank in range(1, min(RANKS, len(topics)) + 1)
    ]
    return modal(JOIN, f"Join {event_name}", blocks, "Join", str(event_id))


def read_join(submission: Submission, topics: Sequence[str]) -> list[str]:
    picked = [submission.choice(f"rank_{rank}") for rank in range(1, RANKS + 1)]
    return [
        topics[int(index)] for index in picked if index is not None and int(index) < len(topics)
    ]


def feedback_modal(event_id: int, event_name: str) -> Block:
    scale = [
        (str(n), f"{n}" + {1: " — not useful", 5: " — very useful"}.get(n, "")) for n in range(1, 6)
    ]
    blocks = [
        input_block("usefulness", "How useful was it for you?", radio(scale, None)),
        input_block(
            "again",
            "Would you come again?",
            radio([("yes", "Yes"), ("no", "No")], None),
            optional=True,
        ),
        input_block(
            "comment",
            "Anything the organizers should know?",
            text_input(multiline=True, max_length=2000),
            optional=True,
            hint="Confidential: organizers only see totals.",
        ),
    ]
    return modal(FEEDBACK, f"Feedback: {event_name}", blocks, "Send", str(event_id))


def default_day(now: datetime) -> date:
    return (now + timedelta(days=7)).date()
