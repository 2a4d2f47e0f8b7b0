"""The availability part of the profile form: windows, meeting length, video link, feeds."""

from urllib.parse import urlsplit

from bot.meetings import Availability, AvailabilityForm
from bot.meetings.messages import feed_line
from bot.meetings.model import ALLOWED_MINUTES, DEFAULT_MINUTES
from bot.meetings.windows import windows_text
from bot.replies import note
from handlers.slack.render import mrkdwn
from handlers.slack.views.inputs import Block, Submission, input_block, static_select, text_input

MINUTE_CHOICES = tuple((str(m), f"{m} minutes") for m in ALLOWED_MINUTES)


def _feed_status(availability: Availability, zone: str) -> list[Block]:
    lines = []
    for feed in availability.feeds:
        host = urlsplit(feed.url).hostname or "calendar"
        lines.append(mrkdwn(note(f"{host}: ", *feed_line(feed, zone)).spans))
    if not lines:
        return []
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": "\n".join(lines)}]}]


def availability_blocks(availability: Availability, zone: str) -> list[Block]:
    return [
        {"type": "header", "text": {"type": "plain_text", "text": "When you can meet"}},
        input_block(
            "meeting_windows",
            "Usual times (your time zone)",
            text_input(windows_text(availability.windows), max_length=300),
            optional=True,
            hint="For example: Tue/Thu after 16:00; Mon 7:00-8:00. Empty: weekdays 9:00-17:00.",
        ),
        input_block(
            "meeting_minutes",
            "Meeting length",
            static_select(MINUTE_CHOICES, str(availability.minutes), "Choose"),
            optional=True,
        ),
        input_block(
            "video_link",
            "Video link for chats",
            text_input(availability.video_link, max_length=500),
            optional=True,
            hint="Your Zoom, Teams or Meet room; it goes into every calendar invite.",
        ),
        input_block(
            "calendar_feeds",
            "Calendar feeds (ICS)",
            text_input(
                "\n".join(f.url for f in availability.feeds), multiline=True, max_length=3000
            ),
            optional=True,
            hint="Private iCal addresses from Outlook, Google, Amion or QGenda, one a line. "
            "Rounds reads only when you are busy.",
        ),
        *_feed_status(availability, zone),
    ]


def read_availability(submission: Submission) -> AvailabilityForm:
    minutes = submission.choice("meeting_minutes")
    return AvailabilityForm(
        windows=submission.text("meeting_windows"),
        minutes=int(minutes) if minutes else DEFAULT_MINUTES,
        video_link=submission.text("video_link"),
        feeds=tuple(line for line in submission.text("calendar_feeds").splitlines()),
    )
