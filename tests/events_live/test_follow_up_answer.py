"""A follow-up wish after an event gets one honest answer, whether or not the expert can help."""

from datetime import timedelta

from bot.profiles import ProfileForm
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.events_live.support import (
    EXPERTS,
    MENTEES,
    ORGANIZER,
    START,
    created_event,
    direct_messages,
    local_rounds,
    ref,
)

ZANE = EXPERTS[2][0]
AWAY = (START + timedelta(days=30)).date()


def _met_and_asked(rounds: LocalRounds) -> tuple[str, list[str]]:
    """MENTEES[0] presses "Ask Dr. Zane for a coffee chat" after the event."""
    events = rounds.services.events
    event_id = created_event(rounds)
    events.publish(event_id)
    rounds.advance(timedelta(hours=2))
    before = len(direct_messages(rounds)[MENTEES[0]])
    zane_row = events.summary(event_id).experts
    rounds.slack.click(MENTEES[0], f"speedmentor.followup.{zane_row}", f"{event_id}:{zane_row}")
    rounds.settle()
    rounds.advance(timedelta(minutes=1))
    answer = call_text(rounds.fake.calls_to("response_url")[-1])
    return answer, direct_messages(rounds)[MENTEES[0]][before:]


def test_a_follow_up_the_expert_can_take_says_we_asked_them_once() -> None:
    with local_rounds() as rounds:
        answer, news = _met_and_asked(rounds)

        assert "Dr. Zane" in answer and "introduce you" not in answer
        assert len(news) == 1, news
        assert "sent to" in news[0] and f"@{ZANE}" in news[0]
        assert "None of the mentors" not in " ".join(news)


def test_a_follow_up_the_expert_cannot_take_says_so_once_and_tells_the_organizers() -> None:
    with local_rounds() as rounds:
        rounds.services.profiles.save(ref(ZANE), ProfileForm(is_mentor=True, paused_until=AWAY))

        answer, news = _met_and_asked(rounds)

        assert "introduce you" not in answer
        assert len(news) == 1, news
        assert f"@{ZANE} can't take on a coffee chat right now" in news[0]
        assert "organizers" in news[0]
        assert "None of the mentors we asked" not in news[0]
        alert = direct_messages(rounds)[ORGANIZER][-1]
        assert f"coffee chat with @{ZANE}" in alert
        assert "mentor(s)" not in alert and " 0 " not in alert
