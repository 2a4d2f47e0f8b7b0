"""The one place user text is made safe for Slack's mrkdwn."""


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters.

    With `<` and `>` escaped, `<!channel>`, `<@U123>` and `<https://...|label>` stay literal.
    Formatting characters (`*`, `_`, `~`, backtick) are neutralised with a zero-width joiner
    so `*bold*` in a goal shows as typed instead of bold.
    """
    escaped = escape_controls(text)
    for mark in ("*", "_", "~", "`"):
        escaped = escaped.replace(mark, mark + "\u200d")
    return escaped


def escape_controls(text: str) -> str:
    """Escape only `&`, `<` and `>`: for text Rounds wrote itself, such as a date's fallback."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
