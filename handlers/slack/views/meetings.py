"""The form for proposing one's own time to meet."""

from datetime import UTC, datetime

from handlers.slack.views.inputs import Block, Submission, input_block, modal

PROPOSE_VIEW = "meeting_propose"


def propose_modal(meeting_id: int) -> Block:
    picker: Block = {"type": "datetimepicker"}
    return modal(
        PROPOSE_VIEW,
        "Propose a time",
        [input_block("when", "When (your time zone)", picker)],
        "Propose",
        str(meeting_id),
    )


def read_proposal(submission: Submission) -> datetime | None:
    element = submission.values.get("when", {}).get("when", {})
    value = element.get("selected_date_time")
    return datetime.fromtimestamp(int(value), UTC) if value else None
