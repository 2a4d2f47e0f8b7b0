"""What coffee-chat rounds need from outside the domain, as small replaceable ports."""

from typing import Protocol


class ChannelDirectory(Protocol):
    """Who is in a channel, as the platform sees it now."""

    def members(self, workspace_id: str, channel_id: str) -> list[str] | None:
        """User ids of the people in the channel (no bots), or None if the platform failed."""
        ...

    def name(self, workspace_id: str, channel_id: str) -> str | None:
        """The channel's name without '#', or None when unknown."""
        ...


class UnknownChannels:
    """A directory that knows nothing: rounds fall back to the memberships already stored."""

    def members(self, workspace_id: str, channel_id: str) -> list[str] | None:
        return None

    def name(self, workspace_id: str, channel_id: str) -> str | None:
        return None
