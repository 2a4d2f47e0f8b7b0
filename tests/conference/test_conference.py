"""Conference mode through the real app: links for organizers only, revocable; seats known at
publishing; no-shows freed as round 1 starts; the two-week survey in the report."""

import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from bot.events.conference import LinkNotFound
from bot.events.live import SURVEY_ACTION
from bot.replies import Reply
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from handlers.slack.render import message_payload
from tests.conference.support import conference_event
from tests.events_live.support import (
    CHANNEL,
    EXPERTS,
    MENTEES,
    ORGANIZER,
    created_event,
    direct_messages,
    local_rounds,
)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def last_response(rounds: LocalRounds) -> str:
    return call_text(rounds.fake.calls_to("response_url")[-1])


def test_only_an_organizer_gets_the_room_links_and_they_open_the_board() -> None:
    with local_rounds() as rounds:
        created_event(rounds)
        refused = rounds.command(MENTEES[0], "/speedmentor", "board", channel_id=CHANNEL)
        assert "Only organizers" in str(refused.json())

        rounds.command(ORGANIZER, "/speedmentor", "board", channel_id=CHANNEL)
        answer = last_response(rounds)
        assert "Room board" in answer and "Check-in poster" in answer
        board_url = next(
            word.strip("<>|").split("|")[0]
            for word in str(rounds.fake.calls_to("response_url")[-1].args).split()
            if "/board/" in word
        )
        path = board_url[board_url.index("/board/") :].rstrip("'\",)")
        assert status_of(f"{rounds.server.url}{path.split('|')[0]}") == 200


def test_revoked_links_stop_working_and_new_ones_replace_old_ones() -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds)
        base = rounds.server.url
        assert status_of(f"{base}/board/{links.board}/state") == 200

        fresh = rounds.services.conference.issue_links(links.event_id)
        assert status_of(f"{base}/board/{links.board}/state") == 404
        assert status_of(f"{base}/checkin/{links.checkin}") == 404
        assert status_of(f"{base}/board/{fresh.board}") == 200

        rounds.services.conference.revoke_links(links.event_id)
        assert status_of(f"{base}/board/{fresh.board}") == 404
        assert status_of(f"{base}/board/{'x' * 43}") == 404
        with pytest.raises(LinkNotFound):
            rounds.services.conference.board(links.checkin)


def test_publishing_in_conference_mode_sends_each_person_their_whole_evening_in_one_dm() -> None:
    with local_rounds() as rounds:
        conference_event(rounds, checked_in=8)
        dms = direct_messages(rounds)
        assert set(dms) == set(MENTEES) | {user for user, *_ in EXPERTS}
        assert all(len(messages) == 1 for messages in dms.values())
        itinerary = dms[MENTEES[0]][0]
        assert "round by round" in itinerary
        assert all(f"Round {n}:" in itinerary for n in (1, 2, 3))

        rounds.advance(timedelta(minutes=60))
        ping = direct_messages(rounds)[MENTEES[0]][1]
        assert ping.startswith("Round 1 of 3") and len(ping) < 160


def test_no_shows_are_freed_as_round_1_starts_and_only_those_checked_in_sit_down() -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds, checked_in=5)
        before = rounds.services.conference.board(links.board)
        assert any("Mentee 8" in table.people for table in before.tables)

        rounds.advance(timedelta(minutes=60))
        board = rounds.services.conference.board(links.board)
        seated = {name for table in board.tables for name in table.people}
        assert seated | set(board.free) == {f"Mentee {n}" for n in range(1, 6)}
        report = call_text_of(rounds.services.events.report(links.event_id))
        assert "No-shows 3" in report


def test_the_two_week_survey_goes_out_once_and_its_answers_are_counted_in_the_report() -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds, checked_in=8)
        events = rounds.services.events
        rounds.advance(timedelta(minutes=60 + 3 * 10 + 2 * 2))
        assert rounds.services.conference.board(links.board).phase == "ended"

        rounds.advance(timedelta(days=13))
        assert not any(
            "Two weeks since" in m for ms in direct_messages(rounds).values() for m in ms
        )
        rounds.advance(timedelta(days=1))
        surveyed = [u for u, ms in direct_messages(rounds).items() if "Two weeks since" in ms[-1]]
        assert set(MENTEES) <= set(surveyed)

        rounds.slack.click(MENTEES[0], f"{SURVEY_ACTION}.useful.yes", str(links.event_id))
        rounds.slack.click(MENTEES[0], f"{SURVEY_ACTION}.followed.yes", str(links.event_id))
        rounds.slack.click(MENTEES[1], f"{SURVEY_ACTION}.useful.no", str(links.event_id))
        rounds.settle()
        stranger = rounds.slack.click(
            "U0NOBODY", f"{SURVEY_ACTION}.useful.yes", str(links.event_id)
        )
        rounds.settle()
        assert stranger.status == 200
        assert "for people who took part" in last_response(rounds)

        report = call_text_of(events.report(links.event_id))
        assert "Two weeks on 2 answered" in report
        assert "Found it useful 1 of 2" in report
        assert "Followed up since 1 of 1" in report

        events.send_survey(links.event_id)
        again = [u for u, ms in direct_messages(rounds).items() if "Two weeks since" in ms[-1]]
        assert sum("Two weeks since" in m for m in direct_messages(rounds)[MENTEES[0]]) == 1
        assert again == surveyed


def call_text_of(reply: Reply) -> str:
    return blocks_text(message_payload(reply)["blocks"])


def test_the_board_follows_extend_and_skip_and_shows_no_guest_email() -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds)
        conference, events = rounds.services.conference, rounds.services.events
        conference.check_in_guest(links.checkin, "Ada Guest", "ada@example.org")
        rounds.advance(timedelta(minutes=62))
        assert conference.board(links.board).seconds_left == 8 * 60

        events.extend(links.event_id, 5)
        assert conference.board(links.board).seconds_left == 13 * 60

        events.skip(links.event_id)
        rounds.advance(timedelta(minutes=13))
        board = conference.board(links.board)
        assert (board.phase, board.round_number) == ("changeover", 3)

        base = rounds.server.url
        with urllib.request.urlopen(f"{base}/board/{links.board}/state") as response:
            state = response.read().decode()
            assert response.headers["Referrer-Policy"] == "no-referrer"
        with urllib.request.urlopen(f"{base}/checkin/{links.checkin}") as response:
            page = response.read().decode()
        assert "Ada Guest" in page
        assert "ada@example.org" not in state and "ada@example.org" not in page


def test_a_no_show_who_arrives_late_is_seated_from_the_next_round() -> None:
    with local_rounds() as rounds:
        links = conference_event(rounds, checked_in=5)
        conference = rounds.services.conference
        rounds.advance(timedelta(minutes=60))
        late = {name: key for key, name, _ in conference.checkin_page(links.checkin).people}

        seat = conference.seat(conference.check_in(links.checkin, late["Mentee 8"]))
        assert seat.now is not None and seat.now.table is None
        assert seat.next is not None and seat.next.round_number == 2
        rounds.advance(timedelta(minutes=12))
        board = conference.board(links.board)
        assert "Mentee 8" in {name for table in board.tables for name in table.people}
