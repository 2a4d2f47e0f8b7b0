"""What the event steps count on from EventPost, whichever mechanism sends for it."""

from bot.events import messages as text
from bot.events.live.dispatch import Effects, Outgoing
from tests.events_live.support import CHANNEL, channel_posts, created_event, local_rounds


def test_a_message_applied_twice_reaches_the_channel_once() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        post = rounds.services.events.context.post
        notice = Outgoing(0, "notice", CHANNEL, text.channel_notice("Coffee is in room 4."))

        post.apply(event_id, Effects(send=[notice]))
        post.apply(event_id, Effects(send=[notice]))

        assert [p for p in channel_posts(rounds) if "room 4" in p] == ["Coffee is in room 4."]


def test_a_message_slack_refused_is_not_sent_later_each_goes_out_at_most_once() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        post = rounds.services.events.context.post
        notice = Outgoing(0, "notice", CHANNEL, text.channel_notice("Coffee is in room 4."))
        rounds.fake.fail("chat.postMessage", "channel_not_found")

        post.send(event_id, [notice])
        post.send(event_id, [notice])

        assert not [p for p in channel_posts(rounds) if "room 4" in p]
