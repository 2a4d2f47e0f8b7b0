"""The coffee-chat modals: set-up, pausing yourself, and your never-pair list."""

from datetime import date
from typing import Any

from bot.coffee.cadence import CADENCE_LABELS, CADENCES, WEEKDAY_NAMES
from bot.coffee.messages import MODE_LABELS, ProgramSettings
from bot.coffee.rounds import validate_settings
from handlers.slack.views.inputs import Block, Submission, input_block, modal, option, plain

SETUP_VIEW = "coffee_setup"
PAUSE_VIEW = "coffee_pause"
NEVER_VIEW = "coffee_never"
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "UTC",
)


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> Block:
    """A select that always has an answer: the current one, else the first option."""
    rendered = [option(value, text) for value, text in options]
    initial = next((option for option in rendered if option["value"] == chosen), rendered[0])
    element = {"type": "static_select", "options": rendered, "initial_option": initial}
    return input_block(name, label, element)


def setup_view(channel_id: str, current: ProgramSettings) -> dict[str, Any]:
    """The /coffee modal, filled in with the channel's current settings."""
    zones = list(COMMON_ZONES)
    if current.timezone not in zones:
        zones.insert(0, current.timezone)
    blocks = [
        _select(
            "cadence",
            "How often",
            [(cadence, CADENCE_LABELS[cadence]) for cadence in CADENCES],
            current.cadence,
        ),
        _select(
            "weekday",
            "On",
            [(str(day), name) for day, name in enumerate(WEEKDAY_NAMES)],
            str(current.weekday),
        ),
        _select(
            "hour", "At", [(str(hour), f"{hour:02d}:00") for hour in range(24)], str(current.hour)
        ),
        _select("timezone", "Time zone", [(zone, zone) for zone in zones], current.timezone),
        _select(
            "group_size",
            "Group size",
            [("2", "Pairs"), ("3", "Groups of three")],
            str(current.group_size),
        ),
        _select("mode", "Who meets whom", list(MODE_LABELS.items()), current.mode),
    ]
    return modal(SETUP_VIEW, "Coffee chats", blocks, "Save", metadata=channel_id)


def read_setup(submission: Submission) -> tuple[ProgramSettings | None, dict[str, str]]:
    """Settings from the modal's state, or the problems to show next to its fields."""

    def chosen(name: str) -> str:
        return submission.choice(name) or ""

    numbers: dict[str, int] = {}
    problems: dict[str, str] = {}
    for name in ("weekday", "hour", "group_size"):
        try:
            numbers[name] = int(chosen(name))
        except ValueError:
            problems[name] = "Pick one of the options."
    if problems:
        return None, problems
    settings = ProgramSettings(
        cadence=chosen("cadence"),  # type: ignore[arg-type]  # checked by validate_settings
        weekday=numbers["weekday"],
        hour=numbers["hour"],
        timezone=chosen("timezone"),
        group_size=numbers["group_size"],
        mode=chosen("mode"),  # type: ignore[arg-type]  # checked by validate_settings
    )
    problems = validate_settings(settings)
    return (None if problems else settings), problems


def pause_view(program_id: int, suggested: date) -> dict[str, Any]:
    picker = {
        "type": "input",
        "block_id": "until",
        "label": plain("No introductions up to and including"),
        "element": {
            "type": "datepicker",
            "action_id": "date",
            "initial_date": suggested.isoformat(),
        },
    }
    return modal(PAUSE_VIEW, "Pause coffee chats", [picker], "Save", metadata=str(program_id))


def read_pause(view: dict[str, Any]) -> date | None:
    """The day picked in the pause modal, or None when it is missing or unreadable."""
    picked = view["state"]["values"].get("until", {}).get("date", {}).get("selected_date")
    try:
        return date.fromisoformat(str(picked))
    except ValueError:
        return None


def never_view(current: list[str]) -> dict[str, Any]:
    element: Block = {"type": "multi_users_select"}
    if current:
        element["initial_users"] = current
    blocks = [
        input_block(
            "people", "People you never want in your coffee-chat group", element, optional=True
        ),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": "Only you can see this list. Nobody is told."}],
        },
    ]
    return modal(NEVER_VIEW, "Never pair me with", blocks, "Save")
