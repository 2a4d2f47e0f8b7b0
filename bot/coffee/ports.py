"""What coffee-chat rounds need from outside the domain, as small replaceable ports."""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol


class ChannelDirectory(Protocol):
    """Who is in a channel, as the platform sees it now."""

    def members(self, channel_id: str) -> list[str] | None:
        """User ids of the people in the channel (no bots), or None if the platform failed."""
        ...

    def name(self, channel_id: str) -> str | None:
        """The channel's name without '#', or None when unknown."""
        ...


class UnknownChannels:
    """A directory that knows nothing: rounds fall back to the memberships already stored."""

    def members(self, channel_id: str) -> list[str] | None:
        return None

    def name(self, channel_id: str) -> str | None:
        return None


class MeetingFollowUp(Protocol):
    """The check-ins' "Did you meet?" prompt, asked halfway through a round's cycle.

    ``did_you_meet_answers`` returns, for each subject it prompted about, a Counter of the
    answers so far under "yes", "not_yet" and "wont". A subject missing from the result was
    never prompted (so it counts neither as answered nor as ignored); a subject present with
    an empty Counter was prompted and nobody answered.
    """

    def schedule_did_you_meet(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int], due: datetime
    ) -> None: ...

    def did_you_meet_answers(
        self, subject_type: str, subject_ids: Sequence[int]
    ) -> Mapping[int, Counter[str]]: ...


class NoFollowUp:
    """Until check-ins are plugged in: nothing is asked, so nothing counts as ignored."""

    def schedule_did_you_meet(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int], due: datetime
    ) -> None:
        return None

    def did_you_meet_answers(
        self, subject_type: str, subject_ids: Sequence[int]
    ) -> Mapping[int, Counter[str]]:
        return {}
