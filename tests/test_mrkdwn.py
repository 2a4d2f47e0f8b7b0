from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.identity import PersonRef
from bot.replies import Fields, Plain, Strong, Time, paragraph, reply, spans
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text, readable
from handlers.slack.mrkdwn import escape
from handlers.slack.render import (
    FIELD_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    mrkdwn,
    to_blocks,
)

user_text = st.text(alphabet=st.characters(blacklist_characters="\u200b\u200d"), max_size=300)


@given(user_text)
def test_escaped_text_cannot_open_a_slack_control_sequence(text: str) -> None:
    escaped = escape(text)

    assert "<" not in escaped and ">" not in escaped
    assert "&" not in escaped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")


@given(user_text)
def test_people_see_exactly_what_was_typed(text: str) -> None:
    assert readable(mrkdwn((Plain(text),), limit=10_000)) == (text or " ")


@given(user_text, user_text)
def test_user_text_inside_bold_is_still_literal(label: str, value: str) -> None:
    rendered = readable(mrkdwn((Strong(label), Plain(value)), limit=10_000))

    assert rendered == ((label + value) or " ")


@given(st.text(max_size=5000))
def test_long_text_is_cut_to_the_block_limit_without_breaking_an_entity(text: str) -> None:
    rendered = mrkdwn((Plain(text),), limit=3000)

    assert len(rendered) <= 3000
    assert not rendered.rstrip("…").endswith(("&", "&l", "&lt", "&g", "&gt", "&a", "&am", "&amp"))


def test_a_time_is_drawn_on_each_readers_clock_with_a_named_zone_as_fallback() -> None:
    nine_in_new_york = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)

    drawn = mrkdwn(spans("Next round: ", Time(nine_in_new_york, "America/New_York", "date_time")))
    until = mrkdwn(spans("until ", Time(nine_in_new_york, "Asia/Tokyo")))

    assert drawn == (
        "Next round: <!date^1795615200^{date_long_pretty} at {time}"
        "|Wednesday 25 November at 09:00 (America/New_York)>"
    )
    assert until == "until <!date^1795615200^{time}|23:00 (Asia/Tokyo)>"
    assert readable(until) == "until 23:00 (Asia/Tokyo)"


dense_text = st.text(alphabet=st.sampled_from("<>&*_ ab\n"), min_size=1000, max_size=3000)


@settings(max_examples=40, deadline=None)
@given(dense_text)
def test_text_dense_in_escapes_is_cut_by_characters_never_dropped(text: str) -> None:
    rendered = mrkdwn((Plain("Goal: "), Plain(text)), limit=FIELD_TEXT)

    assert len(rendered) <= FIELD_TEXT
    shown = readable(rendered)
    if len(shown) < len("Goal: " + text):
        assert shown.endswith("…") and len(shown) > len("Goal: ") + 1
        assert ("Goal: " + text).startswith(shown.removesuffix("…").rstrip())


@settings(max_examples=40, deadline=None)
@given(dense_text)
def test_a_long_paragraph_or_field_arrives_whole_within_block_kits_limits(text: str) -> None:
    blocks = to_blocks(
        reply(paragraph("Asked: ", text), Fields((("Goal", text), ("Stage", "PGY-2"))))
    )

    texts = [b["text"]["text"] for b in blocks if "text" in b]
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    assert all(len(t) <= SECTION_TEXT for t in texts) and all(len(f) <= FIELD_TEXT for f in fields)
    assert len(blocks) <= MESSAGE_BLOCKS
    seen = "".join(readable(t) for t in texts + fields)
    assert "Asked: " + text in seen and "Goal\n" + text in seen and "Stage\nPGY-2" in seen


def test_a_message_longer_than_slacks_block_limit_continues_in_its_thread(
    rounds: LocalRounds,
) -> None:
    long = reply(*(paragraph(f"Line {n} of the agenda") for n in range(1, 121)))
    rounds.services.messenger.send_direct(PersonRef.slack(FAKE_TEAM, "U0ANA"), long)

    first, *rest = rounds.fake.direct_messages("U0ANA")
    assert len(first.args["blocks"]) == 50
    assert "continued in the thread" in call_text(first)
    assert rest and all(page.args["thread_ts"] for page in rest)
    whole = "\n".join(call_text(call) for call in (first, *rest))
    assert all(f"Line {n} of the agenda" in whole for n in range(1, 121))
