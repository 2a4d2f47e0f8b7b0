"""The room's pages in a real headless Chromium, driven by the app's own FakeClock."""

import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conference.support import conference_event
from tests.events_live.support import local_rounds

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect
Page = sync_api.Page

SCREENSHOTS = Path("/tmp/rounds-screenshots")
COUNTDOWN = re.compile(r"^\d{1,2}:\d\d$")


def not_blank(png: Path) -> float:
    """The spread of the screenshot's pixel values: near zero for a blank page."""
    from matplotlib import image

    pixels = image.imread(png)
    return float(pixels[..., :3].std())


def seconds_shown(page: Page) -> int:
    minutes, seconds = page.locator("#countdown").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_board_follows_the_rounds_a_pause_and_a_network_blip(
    browser: Any, tmp_path: Path
) -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds)
        rounds.advance(timedelta(minutes=60))
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{rounds.server.url}/board/{links.board}")

        expect(page.locator("#headline")).to_have_text("Round 1 of 3")
        expect(page.locator("#countdown")).to_have_text(COUNTDOWN)
        assert 9 * 60 < seconds_shown(page) <= 10 * 60
        expect(page.locator(".table-card").first).to_contain_text("Table 1")
        expect(page.locator(".table-card").first).to_contain_text("Dr. Xu")
        expect(page.locator(".checkin-qr svg")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == "en"

        shot = tmp_path / "board.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000 and not_blank(shot) > 0.05
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOTS / "board-round-1.png")

        page.route("**/state", lambda route: route.abort())
        before_blip = seconds_shown(page)
        expect(page.locator("#connection")).to_contain_text("Reconnecting", timeout=5000)
        page.wait_for_timeout(1200)
        assert seconds_shown(page) < before_blip
        page.unroute("**/state")
        expect(page.locator("#connection")).to_have_text("", timeout=5000)

        rounds.advance(timedelta(minutes=10))
        expect(page.locator("#headline")).to_have_text("Change tables now", timeout=5000)
        expect(page.locator("#countdown-label")).to_have_text("Round 2 of 3 starts in")
        assert seconds_shown(page) <= 2 * 60

        rounds.advance(timedelta(minutes=2))
        expect(page.locator("#headline")).to_have_text("Round 2 of 3", timeout=5000)

        rounds.advance(timedelta(minutes=3))
        rounds.services.events.pause(links.event_id)
        expect(page.locator("#headline")).to_have_text("Paused", timeout=5000)
        frozen = page.locator("#countdown").inner_text()
        assert frozen == "7:00"
        page.wait_for_timeout(1500)
        assert page.locator("#countdown").inner_text() == frozen


def test_a_guest_checks_in_on_a_phone_and_sees_their_seat(browser: Any, tmp_path: Path) -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds)
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ).new_page()
        phone.goto(f"{rounds.server.url}/checkin/{links.checkin}")
        expect(phone.locator("h1")).to_have_text("Check in to Career night")

        phone.get_by_label("Your name").fill("Ada Guest")
        phone.get_by_label("Your email").fill("ada@example.org")
        phone.get_by_label("research").check()
        phone.get_by_role("button", name="Check in").click()

        expect(phone.locator(".hello")).to_contain_text("Checked in as Ada Guest")
        expect(phone.locator("#now")).to_contain_text("Round 1:")
        expect(phone.locator("#next")).to_contain_text("Round 2:")
        seat_url = phone.url
        shot = tmp_path / "seat.png"
        phone.screenshot(path=str(shot), full_page=True)
        assert not_blank(shot) > 0.05
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOTS / "seat-phone.png")

        rounds.advance(timedelta(minutes=60))
        board = rounds.services.conference.board(links.board)
        seated = [t.table for t in board.tables if "Ada Guest" in t.people]
        assert seated or "Ada Guest" in board.free
        phone.goto(seat_url)
        expect(phone.locator("#clock-title")).to_have_text("Round 1 of 3")
        if seated:
            expect(phone.locator("#now")).to_contain_text(f"Table {seated[0]}")


def test_an_attendee_taps_their_name_and_gets_their_seat_page(browser: Any) -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds, checked_in=2)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{rounds.server.url}/checkin/{links.checkin}")
        phone.get_by_role("button", name="Mentee 7").click()
        expect(phone.locator(".hello")).to_contain_text("Checked in as Mentee 7")
        expect(phone.locator("#now")).to_contain_text("Round 1:")


def test_table_cards_and_the_schedule_print_one_item_per_page(browser: Any) -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds, checked_in=8)
        page = browser.new_page()
        page.goto(f"{rounds.server.url}/board/{links.board}/cards")
        expect(page.locator(".card")).to_have_count(3)
        expect(page.locator(".card").first).to_contain_text("Dr. Xu")
        page.emulate_media(media="print")
        expect(page.locator(".print-hint")).to_be_hidden()
        cards_pdf = page.pdf(format="A4")
        assert cards_pdf.startswith(b"%PDF") and pdf_pages(cards_pdf) == 3

        page.goto(f"{rounds.server.url}/board/{links.board}/schedule")
        expect(page.locator(".round-page")).to_have_count(3)
        expect(page.locator(".round-page").first).to_contain_text("Mentee 1")
        assert pdf_pages(page.pdf(format="A4")) == 3

        page.goto(f"{rounds.server.url}/board/{links.board}/poster")
        expect(page.locator(".poster svg")).to_be_visible()
        expect(page.locator(".url")).to_contain_text(f"/checkin/{links.checkin}")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))
