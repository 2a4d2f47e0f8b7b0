"""Coffee-chat rounds in a channel: set-up, the day-before heads-up, pairing and introductions.

The pairing itself is the pure engine in ``bot.coffee.engine``; this service feeds it the
channel's members and their history, stores what it decided, and talks to people through
``sending``: outbox rows written in the same transaction, sent once it has committed. Who is
in a channel comes from a ChannelDirectory port; an introduced group is recorded as a domain
event that check-ins follow up with "Did you meet?", so nothing here knows the platform.
"""

from collections.abc import Callable, Iterable
from datetime import date

from bot.clock import Clock
from bot.coffee.messages import ProgramSettings
from bot.coffee.ports import ChannelDirectory, UnknownChannels
from bot.coffee.rounds import membership, programs, running
from bot.coffee.rounds.context import (
    HEADS_UP_TASK,
    ROUND_TASK,
    ChannelKey,
    JobPlanner,
    RoundsContext,
    headsup_job_id,
    random_seed,
    repeatable_seed,
    round_job_id,
)
from bot.coffee.rounds.introductions import keep_conversation
from bot.coffee.rounds.programs import validate_settings
from bot.coffee.rounds.sending import COFFEE_GROUP, CoffeeKind, CoffeeSending
from bot.identity import PersonRef
from bot.messaging import SentMessage
from bot.outbox import Outbox
from bot.replies import Reply
from storage.db import Database
from storage.models import Prompt as OutboxRow

__all__ = [
    "COFFEE_GROUP",
    "HEADS_UP_TASK",
    "ROUND_TASK",
    "ChannelKey",
    "CoffeeKind",
    "CoffeeRounds",
    "JobPlanner",
    "headsup_job_id",
    "random_seed",
    "repeatable_seed",
    "round_job_id",
    "validate_settings",
]


class CoffeeRounds:
    """Runs coffee-chat rounds for every channel that has them."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        jobs: JobPlanner,
        channels: ChannelDirectory | None = None,
        seed_for: Callable[[int, int], int] = random_seed,
    ) -> None:
        self.context = RoundsContext(
            database,
            clock,
            CoffeeSending(outbox),
            jobs,
            channels or UnknownChannels(),
            seed_for,
        )
        outbox.when_sent(CoffeeKind.INTRODUCTION, self._keep_conversation)

    def _keep_conversation(self, sent: OutboxRow, where: SentMessage) -> None:
        keep_conversation(self.context, sent, where)

    def tasks(self) -> dict[str, Callable[..., object]]:
        """Scheduled tasks by name, for Services.tasks."""
        return {HEADS_UP_TASK: self.send_heads_up, ROUND_TASK: self.run_scheduled_round}

    # --- organizers --------------------------------------------------------------------

    def settings_for(self, key: ChannelKey, default_timezone: str) -> ProgramSettings:
        """The channel's current settings, or sensible ones for a first set-up."""
        return programs.settings_for(self.context, key, default_timezone)

    def set_up(self, organizer: PersonRef, key: ChannelKey, settings: ProgramSettings) -> Reply:
        """Start or change the rounds in a channel; announces them there."""
        return programs.set_up(self.context, organizer, key, settings)

    def status(self, key: ChannelKey) -> Reply:
        """The next round and how the last one went."""
        return programs.status(self.context, key)

    def pause(self, key: ChannelKey) -> Reply:
        """No heads-ups and no rounds until resumed."""
        return programs.pause(self.context, key)

    def resume(self, key: ChannelKey) -> Reply:
        """Restart paused rounds from the next round time at least a day away."""
        return programs.resume(self.context, key)

    def skip_next(self, key: ChannelKey) -> Reply:
        """Leave out the next scheduled round; the one after runs as usual."""
        return programs.skip_next(self.context, key)

    def stop(self, key: ChannelKey) -> Reply:
        """End the rounds in this channel; history stays for the reports."""
        return programs.stop(self.context, key)

    def run_now(self, key: ChannelKey) -> Reply:
        """Run the next round at once; the one after follows the usual schedule."""
        return programs.run_now(self.context, key)

    # --- members -----------------------------------------------------------------------

    def skip_round(self, presser: PersonRef, round_id: int, for_user_id: str) -> Reply:
        """The heads-up's Skip this round, for the member it was sent to."""
        return membership.skip_round(self.context, presser, round_id, for_user_id)

    def pause_member(self, presser: PersonRef, program_id: int, until: date) -> Reply:
        """No introductions for this member in this channel up to and including ``until``."""
        return membership.pause_member(self.context, presser, program_id, until)

    def answer_stay(
        self, presser: PersonRef, program_id: int, for_user_id: str, stay: bool
    ) -> Reply:
        """The answer to "Do you want to stay in?"."""
        return membership.answer_stay(self.context, presser, program_id, for_user_id, stay)

    def join(self, person: PersonRef, key: ChannelKey) -> Reply:
        return membership.opt(self.context, person, key, stay=True)

    def leave(self, person: PersonRef, key: ChannelKey) -> Reply:
        return membership.opt(self.context, person, key, stay=False)

    def member_joined(self, person: PersonRef, channel_id: str) -> None:
        """Someone joined a channel: they take part in its rounds from the next one."""
        membership.follow_channel(self.context, person, channel_id, joined=True)

    def member_left(self, person: PersonRef, channel_id: str) -> None:
        """Someone left a channel: they leave its rounds at once."""
        membership.follow_channel(self.context, person, channel_id, joined=False)

    def never_pair(self, person: PersonRef) -> list[str]:
        """User ids this person never wants to be grouped with (shown to them only)."""
        return membership.never_pair(self.context, person)

    def set_never_pair(self, person: PersonRef, user_ids: Iterable[str]) -> Reply:
        """Replace the private never-pair list; it holds in every channel's rounds."""
        return membership.set_never_pair(self.context, person, user_ids)

    # --- scheduled work ----------------------------------------------------------------

    def send_heads_up(self, program_id: int) -> None:
        """The day before a round: announce it to each member, with Skip and Pause."""
        running.send_heads_up(self.context, program_id)

    def run_scheduled_round(self, program_id: int) -> None:
        """The round's time has come: pair, introduce, and schedule the next one."""
        running.run_round(self.context, program_id, forced=False)
