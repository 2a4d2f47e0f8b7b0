"""The demo's conference chapter: a room board on the projector, QR check-in, a screenshot."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.events.conference.messages import room_urls
from bot.events.live import EventSettings, ExpertEntry
from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM

if TYPE_CHECKING:
    from devtools.demo import DemoContext

EXPERTS = (
    ("U0DRKIM", "Dr. Grace Kim", "fellowship applications", "1"),
    ("U0DRLEE", "Dr. Sam Lee", "emergency medicine careers", "2"),
    ("U0DRCHO", "Dr. Min Cho", "research and first papers", "3"),
)
ATTENDEES = ("Ana Ruiz", "Ben Okafor", "Cara Diaz", "Dev Shah", "Eve Novak", "Finn Roy")
SCREENSHOT = Path(tempfile.gettempdir()) / "rounds-demo-board.png"


def room_board(demo: DemoContext) -> None:
    rounds = demo.rounds
    events, conference = rounds.services.events, rounds.services.conference
    organizer = PersonRef.slack(FAKE_TEAM, "U0PD")
    starts = rounds.services.clock.now() + timedelta(minutes=10)
    settings = EventSettings(
        "Conference speed-mentoring", "C0EVENTS", starts, "America/New_York", 3, 8, 2, 2, 3
    )
    event_id = events.create(organizer, settings).event_id
    for user_id, name, topic, label in EXPERTS:
        expert = PersonRef.slack(FAKE_TEAM, user_id)
        events.add_expert(event_id, ExpertEntry(name, topic, label, expert))
    topics = ";".join(topic for _, _, topic, _ in EXPERTS)
    csv_rows = "\n".join(f"guest-{n},{name},{topics}" for n, name in enumerate(ATTENDEES, 1))
    events.import_mentees(event_id, "mentee_id,name,ranked_topics\n" + csv_rows, FAKE_TEAM)
    demo.step(
        "Dr. Patel types /speedmentor board: secret links for the projector, the poster and "
        "the table cards",
        expect="Room board:",
    )
    links = conference.issue_links(event_id)
    urls = room_urls(links, rounds.server.url)
    demo.say(f"  Room board: {urls.board}")
    demo.say(f"  Check-in (the QR code on the board and poster): {urls.checkin}")
    demo.say(f"  Printables: {urls.cards} · {urls.schedule} · {urls.poster}")
    demo.step(
        "Attendees scan the QR code and tap their names; one guest outside Slack types hers",
        expect="checked in",
    )
    by_name = {
        name: mentee_id for mentee_id, name, _ in conference.checkin_page(links.checkin).people
    }
    for name in ATTENDEES[:5]:
        conference.check_in(links.checkin, by_name[name])
    seat = conference.check_in_guest(links.checkin, "Gail Park", "gail@example.org")
    events.publish(event_id)
    demo.say(
        f"  5 attendees and 1 guest checked in; Finn did not come. Gail's seat page: "
        f"{rounds.server.url}/seat/{seat}"
    )
    demo.step(
        "Round 1 starts: Finn's seat is freed, and the board counts down", expect="Screenshot"
    )
    rounds.advance(timedelta(minutes=10))
    board = conference.board(links.board)
    for table in board.tables:
        demo.say(f"  Table {table.table} · {table.expert}: {', '.join(table.people)}")
    demo.say(f"  Screenshot of the board: {screenshot(urls.board)}")


def screenshot(url: str) -> str:
    """A PNG of the board in headless Chromium, or why there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "(none: Playwright is not installed; uv sync installs it with the dev tools)"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return "(none: no Chromium here; apt-get install -y chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.wait_for_selector(".table-card")
        page.screenshot(path=str(SCREENSHOT))
        browser.close()
    return str(SCREENSHOT)
