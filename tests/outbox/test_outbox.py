"""The outbox, with plain data: what leaves, when, to whom, and how often."""

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from bot.identity import PersonRef
from bot.messaging import Attachment, DeliveryFailed, RecordingMessenger, SentMessage
from bot.outbox import (
    DELIVER_TASK,
    SWEEP_TASK,
    Outbox,
    QuietHours,
    Urgency,
    channel_post,
    direct,
    group_chat,
    outbox_overview,
    replacement,
)
from bot.replies import Reply, Time, paragraph, plain_text, reply
from bot.scheduling import JobScheduler, register_task, unregister_task
from storage.db import Database
from storage.models import Prompt
from storage.people import PersonRepository
from storage.prompts import PromptRepository

# 15:00 UTC on a Monday: 10:00 in New York, midnight in Tokyo.
MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NIGHTS = QuietHours(time(20, 0), time(8, 0), False, "UTC")
ANA = PersonRef.slack("T1", "U0ANA")
KEN = PersonRef.slack("T1", "U0KEN")


class FlakyMessenger(RecordingMessenger):
    """Records what was sent; the next few sends can fail as the platform would."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: list[DeliveryFailed] = []
        self.failures_for: dict[str, list[DeliveryFailed]] = {}
        self.updates: list[tuple[SentMessage, Reply]] = []

    def _keep(self, to: str, message: Reply) -> SentMessage:
        if self.failures:
            raise self.failures.pop(0)
        if self.failures_for.get(to):
            raise self.failures_for[to].pop(0)
        return super()._keep(to, message)

    def update(self, sent: SentMessage, message: Reply, *, workspace_id: str | None = None) -> None:
        self.updates.append((sent, message))


class Rig:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.clock = FakeClock(MONDAY)
        self.messenger = FlakyMessenger()
        self.scheduler = JobScheduler(database.url, clock=self.clock)
        self.scheduler.start(paused=True)
        self.outbox = Outbox(database, self.clock, self.messenger, self.scheduler, NIGHTS)
        register_task(DELIVER_TASK, self.outbox.deliver)
        register_task(SWEEP_TASK, self.outbox.sweep)
        with database.write() as session:
            for who, zone in ((ANA, "America/New_York"), (KEN, "Asia/Tokyo")):
                PersonRepository(session).get_or_create(who).timezone = zone

    def post(self, *outgoing: object) -> None:
        with self.database.write() as session:
            for item in outgoing:
                self.outbox.post(session, item)  # type: ignore[arg-type]

    def advance_to(self, moment: datetime) -> None:
        self.clock.set(moment)
        self.scheduler.run_due_jobs(moment)

    def sent_to(self, who: str) -> list[str]:
        return [text(message) for to, message in self.messenger.sent if to == who]

    def rows(self) -> Sequence[Prompt]:
        with self.database.read() as session:
            return list(session.exec(select(Prompt).order_by(col(Prompt.id))).all())


def text(message: Reply) -> str:
    return message.fallback


def say(words: str) -> Reply:
    return reply(paragraph(words), summary=words)


@pytest.fixture
def rig(database_url: str) -> Iterator[Rig]:
    database = Database(database_url)
    made = Rig(database)
    yield made
    made.scheduler.shutdown(wait=False)
    unregister_task(DELIVER_TASK)
    unregister_task(SWEEP_TASK)
    database.dispose()


def test_a_message_leaves_only_once_its_change_commits(rig: Rig) -> None:
    with rig.database.write() as session:
        rig.outbox.post(session, direct("news", ANA, say("Your request was sent")))
        assert rig.messenger.sent == []
    assert rig.sent_to("U0ANA") == ["Your request was sent"]

    with pytest.raises(RuntimeError), rig.database.write() as session:
        rig.outbox.post(session, direct("news", ANA, say("Never true")))
        raise RuntimeError("the change failed")
    assert rig.sent_to("U0ANA") == ["Your request was sent"]


def test_news_waits_for_the_readers_morning_and_answers_do_not(rig: Rig) -> None:
    rig.post(
        direct("nudge", KEN, say("A mentoring request")),
        direct("answer", KEN, say("Saved your profile"), Urgency.NOW),
    )
    assert rig.sent_to("U0KEN") == ["Saved your profile"]

    tokyo_eight = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    rig.advance_to(tokyo_eight - timedelta(minutes=1))
    assert rig.sent_to("U0KEN") == ["Saved your profile"]
    rig.advance_to(tokyo_eight)
    assert rig.sent_to("U0KEN") == ["Saved your profile", "A mentoring request"]


def test_a_time_waits_in_the_outbox_and_leaves_as_the_same_moment(rig: Rig) -> None:
    round_at = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    heads_up = reply(paragraph("Next round: ", Time(round_at, "America/New_York", "date_time")))
    rig.post(direct("heads_up", KEN, heads_up))
    assert rig.sent_to("U0KEN") == []

    rig.advance_to(datetime(2026, 11, 23, 23, 0, tzinfo=UTC))

    ((_, sent),) = rig.messenger.sent
    assert sent == heads_up
    assert plain_text(sent) == "Next round: Wednesday 25 November at 09:00 (America/New_York)"


def test_posting_the_same_message_twice_sends_it_once(rig: Rig) -> None:
    thanks = direct("thanks", ANA, say("Thank you"), dedupe_key="thanks:ana:2026-11")
    rig.post(thanks)
    rig.post(thanks)
    assert rig.sent_to("U0ANA") == ["Thank you"]


def test_group_and_channel_messages_reach_everyone_and_say_where_they_went(rig: Rig) -> None:
    where: list[str] = []
    rig.outbox.when_sent("intro", lambda row, sent: where.append(sent.conversation_id))
    rig.post(
        group_chat("intro", (ANA, KEN), say("Meet each other")),
        channel_post("announce", "C0COFFEE", say("Coffee round 3")),
    )
    assert rig.sent_to("U0ANA,U0KEN") == ["Meet each other"]
    assert rig.sent_to("C0COFFEE") == ["Coffee round 3"]
    assert where == ["U0ANA,U0KEN"]


def test_a_replacement_rewrites_the_message_in_place(rig: Rig) -> None:
    rig.post(direct("nudge", ANA, say("Accept or decline?")))
    nudge = rig.rows()[0]
    rig.post(replacement("nudge.update", nudge.id or 0, say("This request went to a colleague")))

    [(where, message)] = rig.messenger.updates
    assert (where.conversation_id, text(message)) == ("U0ANA", "This request went to a colleague")
    assert len(rig.messenger.sent) == 1


def test_a_replacement_of_a_message_still_waiting_means_neither_is_sent(rig: Rig) -> None:
    rig.post(direct("nudge", KEN, say("Accept or decline?")))
    nudge = rig.rows()[0]
    rig.post(replacement("nudge.update", nudge.id or 0, say("Gone to a colleague")))

    rig.advance_to(MONDAY + timedelta(days=1))
    assert rig.messenger.sent == [] and rig.messenger.updates == []
    assert {row.status for row in rig.rows()} == {"skipped"}


def test_a_busy_platform_is_retried_and_the_message_arrives_once(rig: Rig) -> None:
    rig.messenger.failures = [
        DeliveryFailed("ratelimited", transient=True, retry_after=30),
        DeliveryFailed("timed out", transient=True),
    ]
    rig.post(direct("news", ANA, say("Accepted")))
    assert rig.messenger.sent == []

    rig.advance_to(MONDAY + timedelta(minutes=1))
    assert rig.messenger.sent == []
    rig.advance_to(MONDAY + timedelta(minutes=3))
    assert rig.messenger.sent == []
    rig.advance_to(MONDAY + timedelta(minutes=10))
    assert rig.sent_to("U0ANA") == ["Accepted"]
    rig.advance_to(MONDAY + timedelta(hours=5))
    assert rig.sent_to("U0ANA") == ["Accepted"]


def test_messages_from_one_change_each_end_their_own_way(rig: Rig) -> None:
    lee = PersonRef.slack("T1", "U0LEE")
    rig.messenger.failures_for["U0LEE"] = [
        DeliveryFailed("ratelimited", transient=True, retry_after=30)
    ]
    rig.post(
        direct("news", ANA, say("First in line"), Urgency.NOW),
        direct("news", KEN, say("Tokyo is asleep")),
        direct("news", lee, say("Right behind"), Urgency.NOW),
    )

    assert rig.sent_to("U0ANA") == ["First in line"]
    assert rig.sent_to("U0KEN") == []
    assert rig.sent_to("U0LEE") == []
    rig.advance_to(MONDAY + timedelta(minutes=1))
    assert rig.sent_to("U0LEE") == ["Right behind"]
    assert rig.sent_to("U0KEN") == []
    rig.advance_to(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    assert rig.sent_to("U0KEN") == ["Tokyo is asleep"]
    assert [row.status for row in rig.rows()] == ["sent", "sent", "sent"]
    assert [row.attempts for row in rig.rows()] == [1, 1, 2]


def test_a_refused_message_fails_at_once_and_organizers_see_why(rig: Rig) -> None:
    rig.messenger.failures = [DeliveryFailed("account_inactive")]
    rig.post(direct("news", ANA, say("Accepted")))

    overview = outbox_overview(rig.database)
    assert overview.counts == {"failed": 1}
    [failure] = overview.failures
    assert (failure.user_id, failure.reason) == ("U0ANA", "account_inactive")


def test_no_message_text_is_kept_once_it_is_sent_or_given_up(rig: Rig) -> None:
    rig.messenger.failures = [DeliveryFailed("channel_not_found")]
    rig.post(direct("news", ANA, say("Private words")), direct("news", ANA, say("More words")))

    assert [row.payload for row in rig.rows()] == [None, None]


def test_a_message_that_cannot_wait_is_retried_within_seconds(rig: Rig) -> None:
    rig.messenger.failures = [DeliveryFailed("ratelimited", transient=True, retry_after=3)]
    rig.post(direct("event.seat", ANA, say("Round 2: table 4"), Urgency.NOW))
    assert rig.messenger.sent == []

    rig.advance_to(MONDAY + timedelta(seconds=5))
    assert rig.sent_to("U0ANA") == ["Round 2: table 4"]


def test_a_file_waits_with_its_message_and_follows_it_into_the_same_conversation(
    rig: Rig,
) -> None:
    invite = Attachment("chat.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    rig.post(direct("invite", KEN, say("Your calendar invite"), files=(invite,)))
    assert rig.messenger.files == [], "Tokyo's night: the file waits with its message"

    rig.advance_to(MONDAY + timedelta(hours=10))

    assert rig.sent_to("U0KEN") == ["Your calendar invite"]
    assert rig.messenger.files == [("U0KEN", invite)]


def test_rows_claimed_together_stay_readable_when_one_of_them_is_put_back(rig: Rig) -> None:
    rig.post(
        direct("news", ANA, say("Goes now"), Urgency.NOW, due=MONDAY + timedelta(minutes=5)),
        direct("news", KEN, say("Waits"), Urgency.NOW, due=MONDAY + timedelta(minutes=5)),
    )
    first, second = (row.id or 0 for row in rig.rows())
    with rig.database.write() as session:
        prompts = PromptRepository(session)
        claimed = prompts.claim_all([first, second], MONDAY + timedelta(minutes=5))
        prompts.release(second, MONDAY + timedelta(hours=1), uncount=True)

    assert (claimed[first].kind, claimed[first].attempts) == ("news", 1)
