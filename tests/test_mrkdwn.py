from hypothesis import given
from hypothesis import strategies as st

from bot.replies import Plain, Strong
from devtools.slack.textview import readable
from handlers.slack.mrkdwn import escape
from handlers.slack.render import mrkdwn

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
