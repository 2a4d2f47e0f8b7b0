"""A published conference-mode event with some attendees checked in, on the real app."""

from bot.events.conference import ConferenceLinks
from devtools.slack.harness import LocalRounds
from tests.events_live.support import created_event


def conference_event(rounds: LocalRounds, checked_in: int = 6) -> ConferenceLinks:
    """Created, board links issued, the first mentees checked in at the door, then published."""
    conference = rounds.services.conference
    event_id = created_event(rounds)
    links = conference.issue_links(event_id)
    people = conference.checkin_page(links.checkin).people
    by_name = {name: mentee_id for mentee_id, name, _ in people}
    for number in range(1, checked_in + 1):
        conference.check_in(links.checkin, by_name[f"Mentee {number}"])
    rounds.services.events.publish(event_id)
    return links
