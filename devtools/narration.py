"""The demo's narrator: each step names what should happen, and says so when it did not."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

Echo = Callable[[str], None]
MISSED = "⚠ This step expected to show"


@dataclass
class Narrator:
    echo: Echo
    pause: float = 0.0
    _expected: str | None = None
    _printed: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self._printed.append(line)
        self.echo(line)

    def step(self, title: str, expect: str) -> None:
        """Start a step; ``expect`` is text its output must contain for the story to be true."""
        self.finish()
        time.sleep(self.pause)
        self.say("")
        self.say(f"▶ {title}")
        self._expected = expect
        self._printed = []

    def finish(self) -> None:
        """Close the current step, flagging it when what it promised was never printed."""
        expected, self._expected = self._expected, None
        if expected is not None and expected not in "\n".join(self._printed):
            self.echo(f"  {MISSED} “{expected}”, but it did not appear.")
