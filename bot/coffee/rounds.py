"""Coffee-chat rounds in a channel: set-up, the day-before heads-up, pairing and introductions.

The pairing itself is the pure engine in ``bot.coffee.engine``; this service feeds it the
channel's members and their history, stores what it decided, and talks to people through
the Messenger port. Who is in a channel comes from a ChannelDirectory port and the "Did
you meet?" answers are read from the check-ins' prompts; an introduced group is recorded
as a domain event for the check-ins to follow up on, so nothing here knows the platform.

A round is numbered once (unique per program) and moves announced → paired → done, so a
scheduled job that runs twice never makes a second round nor introduces a group twice.
"""

import logging
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.career import CareerStage
from bot.checkins.service import Kind
from bot.clock import Clock
from bot.coffee.cadence import (
    CADENCES,
    HALF_CYCLE,
    HEADS_UP_BEFORE,
    Cadence,
    first_round_at,
    round_after,
)
from bot.coffee.engine import pair_members
from bot.coffee.messages import (
    IntroMember,
    LastRound,
    ProgramSettings,
    ProgramStatus,
    announcement,
    button_for_someone_else,
    channel_label,
    day_text,
    heads_up,
    introduction,
    notice,
    set_up_reply,
    status_reply,
    stay_question,
    unplaced_notice,
    when,
)
from bot.coffee.models import PAIRING_MODES, Member, PairingMode, PairingRequest, PastRound
from bot.coffee.ports import ChannelDirectory, UnknownChannels
from bot.coffee.starters import conversation_starter
from bot.domain import CoffeeGroupIntroduced, record
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Reply, Strong
from bot.scheduling import Primitive
from storage.coffee import CoffeeRepository, RoundStatus, Session
from storage.db import Database
from storage.models import (
    CoffeeGroup,
    CoffeeMembership,
    CoffeeProgram,
    CoffeeRound,
    Person,
    Profile,
)
from storage.people import PersonRepository
from storage.prompts import PromptRepository

logger = logging.getLogger(__name__)

COFFEE_GROUP = "coffee_group"
HEADS_UP_TASK = "coffee.heads_up"
ROUND_TASK = "coffee.round"
IGNORED_BEFORE_ASKING = 3
# Slack rounds run at most this often by hand, so a repeated /coffee run-now does nothing.
RUN_NOW_COOLDOWN = timedelta(hours=1)
# Jobs may fire a moment before the time stored on the program (clock skew between replicas).
EARLY_TOLERANCE = timedelta(minutes=5)
# Answers to the halfway "Did you meet?" count once they have had a day to come in.
ANSWERS_SETTLE = timedelta(days=1)
NO_PROGRAM = notice(
    "There are no coffee chats in this channel yet. An organizer can set them up with /coffee."
)
NOT_IN_ROUNDS = notice("You are not taking part in these coffee chats.")


def headsup_job_id(program_id: int) -> str:
    return f"coffee:{program_id}:headsup"


def round_job_id(program_id: int) -> str:
    return f"coffee:{program_id}:round"


class JobPlanner(Protocol):
    def schedule_once(
        self, job_id: str, task: str, run_at: datetime, args: Sequence[Primitive] = ()
    ) -> None: ...

    def cancel(self, job_id: str) -> bool: ...


@dataclass(frozen=True)
class ChannelKey:
    """A channel in one workspace of one platform."""

    platform: str
    workspace_id: str
    channel_id: str

    @classmethod
    def of(cls, person: PersonRef, channel_id: str) -> "ChannelKey":
        return cls(person.platform, person.workspace_id, channel_id)


def validate_settings(settings: ProgramSettings) -> dict[str, str]:
    """Problems with the settings, by field name, in words an organizer can act on."""
    problems: dict[str, str] = {}
    if settings.cadence not in CADENCES:
        problems["cadence"] = "Pick how often rounds run."
    if not 0 <= settings.weekday <= 6:
        problems["weekday"] = "Pick a day of the week."
    if not 0 <= settings.hour <= 23:
        problems["hour"] = "Pick an hour from 00:00 to 23:00."
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems["timezone"] = "Use a time zone name such as America/New_York or Europe/London."
    if settings.group_size not in (2, 3):
        problems["group_size"] = "Groups are of 2 or 3 people."
    if settings.mode not in PAIRING_MODES:
        problems["mode"] = "Pick who meets whom."
    if settings.window < 0:
        problems["window"] = "The repeat window cannot be negative."
    return problems


def _random_seed(program_id: int, number: int) -> int:
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class _Outside:
    """What other systems said, fetched before a transaction opens."""

    channel_members: list[str] | None
    answers: Mapping[int, Counter[str]]


@dataclass(frozen=True)
class _Delivery:
    to: PersonRef
    message: Reply


class CoffeeRounds:
    """Runs coffee-chat rounds for every channel that has them."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        jobs: JobPlanner,
        channels: ChannelDirectory | None = None,
        seed_for: Callable[[int, int], int] = _random_seed,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.jobs = jobs
        self.channels: ChannelDirectory = channels or UnknownChannels()
        self.seed_for = seed_for

    def tasks(self) -> dict[str, Callable[..., object]]:
        """Scheduled tasks by name, for Services.tasks."""
        return {HEADS_UP_TASK: self.send_heads_up, ROUND_TASK: self.run_scheduled_round}

    # --- organizers --------------------------------------------------------------------

    def settings_for(self, key: ChannelKey, default_timezone: str) -> ProgramSettings:
        """The channel's current settings, or sensible ones for a first set-up."""
        with self.database.read() as session:
            program = _find_program(session, key)
            return _settings(program) if program else ProgramSettings(timezone=default_timezone)

    def set_up(self, organizer: PersonRef, key: ChannelKey, settings: ProgramSettings) -> Reply:
        """Start or change the rounds in a channel; announces them there."""
        problems = validate_settings(settings)
        if problems:
            raise ValueError("; ".join(problems.values()))
        members = self.channels.members(key.channel_id)
        name = self.channels.name(key.channel_id)
        now = self.clock.now()
        with self.database.write() as session:
            creator = PersonRepository(session).get_or_create(organizer)
            program = _find_program(session, key)
            if program is None:
                program = CoffeeProgram(
                    platform=key.platform,
                    workspace_id=key.workspace_id,
                    channel_id=key.channel_id,
                    created_by_id=creator.id,
                )
                session.add(program)
            same_timing = (
                program.status == "active"
                and program.next_round_at is not None
                and program.next_round_at > now + HEADS_UP_BEFORE
                and _timing(_settings(program)) == _timing(settings)
            )
            _apply(program, settings)
            program.channel_name = name or program.channel_name
            program.status = "active"
            program.updated_at = now
            if not same_timing:
                program.skip_next = False
                program.next_round_at = first_round_at(
                    now, settings.cadence, settings.weekday, settings.hour, settings.timezone
                )
                session.flush()
                _cancel_announced(session, _program_id(program))
            session.flush()
            self._sync(session, program, members, now)
            program_id, first = _program_id(program), program.next_round_at
            label = channel_label(program.channel_name)
        assert first is not None
        self._schedule(program_id, first)
        posted = members is not None
        try:
            self.messenger.send_channel(key.channel_id, announcement(settings, first))
        except DeliveryFailed as failure:
            logger.warning("coffee: could not announce in a channel (%s)", failure.reason)
            posted = False
        return set_up_reply(label, settings, first, posted)

    def status(self, key: ChannelKey) -> Reply:
        """The next round and how the last one went."""
        now = self.clock.now()
        with self.database.read() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            settings = _settings(program)
            today = now.astimezone(ZoneInfo(program.timezone)).date()
            taking_part = [m for m in _memberships(session, _program_id(program)) if _in(m)]
            paused = sum(_paused_on(m, today) for m in taking_part)
            last = CoffeeRepository(session).last_done_round(_program_id(program))
            groups = _groups(session, last.id) if last and last.id else []
            frame = ProgramStatus(
                channel=channel_label(program.channel_name),
                settings=settings,
                status=program.status,
                next_round_at=program.next_round_at,
                skip_next=program.skip_next,
                taking_part=len(taking_part),
                paused=paused,
                last_round=None,
            )
        if last is not None:
            answers = self._did_you_meet_answers([group.id for group in groups if group.id])
            frame = _with_last_round(frame, last, groups, answers)
        return status_reply(frame)

    def pause(self, key: ChannelKey) -> Reply:
        """No heads-ups and no rounds until resumed."""
        with self.database.write() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            if program.status != "active":
                return notice(f"The coffee chats here are already {program.status}.")
            program.status = "paused"
            _cancel_announced(session, _program_id(program))
            program_id = _program_id(program)
        self._unschedule(program_id)
        return notice("Coffee chats here are paused. /coffee resume starts them again.")

    def resume(self, key: ChannelKey) -> Reply:
        """Restart paused rounds from the next round time at least a day away."""
        now = self.clock.now()
        with self.database.write() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            if program.status == "active":
                return notice("The coffee chats here are already running.")
            if program.status == "stopped":
                return notice("The coffee chats here were stopped. Set them up again with /coffee.")
            settings = _settings(program)
            program.status = "active"
            program.next_round_at = first_round_at(
                now, settings.cadence, settings.weekday, settings.hour, settings.timezone
            )
            program_id, next_at = _program_id(program), program.next_round_at
        self._schedule(program_id, next_at)
        return notice(
            "Coffee chats resumed. Next round: ", Strong(when(next_at, settings.timezone))
        )

    def skip_next(self, key: ChannelKey) -> Reply:
        """Leave out the next scheduled round; the one after runs as usual."""
        with self.database.write() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            if program.status != "active" or program.next_round_at is None:
                return notice("The coffee chats here are not running, so there is nothing to skip.")
            moment = when(program.next_round_at, program.timezone)
            if program.skip_next:
                return notice("The round on ", Strong(moment), " is already being skipped.")
            program.skip_next = True
        return notice("The round on ", Strong(moment), " will be skipped; the next runs as usual.")

    def stop(self, key: ChannelKey) -> Reply:
        """End the rounds in this channel; history stays for the reports."""
        with self.database.write() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            if program.status == "stopped":
                return notice("The coffee chats here are already stopped.")
            program.status = "stopped"
            program.next_round_at = None
            _cancel_announced(session, _program_id(program))
            program_id = _program_id(program)
        self._unschedule(program_id)
        return notice("Coffee chats here are stopped. /coffee sets them up again.")

    def run_now(self, key: ChannelKey) -> Reply:
        """Run the next round at once; the one after follows the usual schedule."""
        now = self.clock.now()
        with self.database.read() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            if program.status == "stopped":
                return notice("The coffee chats here are stopped. Set them up again with /coffee.")
            recent = CoffeeRepository(session).round_ran_after(
                _program_id(program), now - RUN_NOW_COOLDOWN
            )
            program_id, zone = _program_id(program), program.timezone
        if recent is not None and recent.ran_at is not None:
            return notice(
                f"Round {recent.number} ran at {when(recent.ran_at, zone)}; "
                "I will not run another one so soon."
            )
        round_id = self._run_round(program_id, forced=True)
        if round_id is None:
            return notice("No round ran: there is nobody to pair in this channel yet.")
        with self.database.read() as session:
            done = session.get(CoffeeRound, round_id)
            program_now = session.get(CoffeeProgram, program_id)
            assert done is not None and program_now is not None
            groups = _groups(session, round_id)
            upcoming = program_now.next_round_at
        people = sum(len(group.person_ids) for group in groups)
        after = f" Next round: {when(upcoming, zone)}." if upcoming else ""
        return notice(
            Strong(f"Round {done.number} is out"),
            f": {people} people introduced in {len(groups)} groups.{after}",
        )

    # --- members -----------------------------------------------------------------------

    def skip_round(self, presser: PersonRef, round_id: int, for_user_id: str) -> Reply:
        """The heads-up's Skip this round, for the member it was sent to."""
        if presser.user_id != for_user_id:
            return button_for_someone_else(for_user_id)
        with self.database.write() as session:
            upcoming = session.get(CoffeeRound, round_id)
            if upcoming is None or upcoming.status != RoundStatus.ANNOUNCED:
                return notice("That round has already started or was called off; nothing changed.")
            membership = _membership_of(session, presser, upcoming.program_id)
            if membership is None or not _in(membership):
                return NOT_IN_ROUNDS
            program = session.get(CoffeeProgram, upcoming.program_id)
            assert program is not None
            moment = when(upcoming.scheduled_at, program.timezone)
            if membership.skip_round_number == upcoming.number:
                return notice("You are already skipping the round on ", Strong(moment), ".")
            membership.skip_round_number = upcoming.number
        return notice("Done: you skip the round on ", Strong(moment), ". You are in for the next.")

    def pause_member(self, presser: PersonRef, program_id: int, until: date) -> Reply:
        """No introductions for this member in this channel up to and including ``until``."""
        with self.database.write() as session:
            program = session.get(CoffeeProgram, program_id)
            membership = _membership_of(session, presser, program_id)
            if program is None or membership is None or not _in(membership):
                return NOT_IN_ROUNDS
            today = self.clock.now().astimezone(ZoneInfo(program.timezone)).date()
            if until <= today:
                return notice("Pick a date after today to pause until.")
            if membership.paused_until == until:
                return notice("You are already paused until ", Strong(day_text(until)), ".")
            membership.paused_until = until
        return notice(
            "Paused until ", Strong(day_text(until)), ": no coffee-chat introductions until then."
        )

    def answer_stay(
        self, presser: PersonRef, program_id: int, for_user_id: str, stay: bool
    ) -> Reply:
        """The answer to "Do you want to stay in?"."""
        if presser.user_id != for_user_id:
            return button_for_someone_else(for_user_id)
        with self.database.write() as session:
            membership = _membership_of(session, presser, program_id)
            if membership is None or not membership.active:
                return NOT_IN_ROUNDS
            return _set_taking_part(membership, stay)

    def join(self, person: PersonRef, key: ChannelKey) -> Reply:
        return self._opt(person, key, stay=True)

    def leave(self, person: PersonRef, key: ChannelKey) -> Reply:
        return self._opt(person, key, stay=False)

    def _opt(self, person: PersonRef, key: ChannelKey, stay: bool) -> Reply:
        now = self.clock.now()
        with self.database.write() as session:
            program = _find_program(session, key)
            if program is None:
                return NO_PROGRAM
            membership = _membership_of(session, person, _program_id(program))
            if membership is None:
                someone = PersonRepository(session).get_or_create(person)
                membership = _ensure_membership(session, _program_id(program), _id(someone), now)
            membership.active, membership.left_at = True, None
            return _set_taking_part(membership, stay)

    def member_joined(self, person: PersonRef, channel_id: str) -> None:
        """Someone joined a channel: they take part in its rounds from the next one."""
        now = self.clock.now()
        with self.database.write() as session:
            program = _find_program(session, ChannelKey.of(person, channel_id))
            if program is None:
                return
            someone = PersonRepository(session).get_or_create(person)
            membership = _ensure_membership(session, _program_id(program), _id(someone), now)
            membership.active, membership.left_at = True, None

    def member_left(self, person: PersonRef, channel_id: str) -> None:
        """Someone left a channel: they leave its rounds at once."""
        now = self.clock.now()
        with self.database.write() as session:
            program = _find_program(session, ChannelKey.of(person, channel_id))
            if program is None:
                return
            membership = _membership_of(session, person, _program_id(program))
            if membership is not None and membership.active:
                membership.active, membership.left_at = False, now

    def never_pair(self, person: PersonRef) -> list[str]:
        """User ids this person never wants to be grouped with (shown to them only)."""
        with self.database.read() as session:
            found = PersonRepository(session).find(person)
            profile = session.get(Profile, found.id) if found else None
            if profile is None or not profile.never_pair:
                return []
            others = CoffeeRepository(session).people(profile.never_pair)
            return sorted(other.user_id for other in others)

    def set_never_pair(self, person: PersonRef, user_ids: Iterable[str]) -> Reply:
        """Replace the private never-pair list; it holds in every channel's rounds."""
        now = self.clock.now()
        wanted = sorted(set(user_ids) - {person.user_id})
        with self.database.write() as session:
            people = PersonRepository(session)
            me = people.get_or_create(person)
            others = [
                _id(people.get_or_create(PersonRef(person.platform, person.workspace_id, user)))
                for user in wanted
            ]
            profile = session.get(Profile, me.id)
            if profile is None:
                profile = Profile(person_id=_id(me))
                session.add(profile)
            profile.never_pair = others
            profile.updated_at = now
        if not wanted:
            return notice("Your never-pair list is empty: you can be grouped with anyone.")
        count = "1 person" if len(wanted) == 1 else f"{len(wanted)} people"
        return notice(
            f"Saved: I will never put you in a coffee-chat group with {count} on your list. "
            "Only you can see it."
        )

    # --- scheduled work ----------------------------------------------------------------

    def send_heads_up(self, program_id: int) -> None:
        """The day before a round: announce it to each member, with Skip and Pause."""
        outside = self._gather(program_id)
        if outside is None:
            return
        now = self.clock.now()
        deliveries: list[_Delivery] = []
        with self.database.write() as session:
            program = session.get(CoffeeProgram, program_id)
            if program is None or program.status != "active" or program.skip_next:
                return
            round_at = program.next_round_at
            if round_at is None or now < round_at - HEADS_UP_BEFORE - EARLY_TOLERANCE:
                return
            self._sync(session, program, outside.channel_members, now)
            deliveries += _stay_questions(session, program, outside.answers, now)
            latest = _latest_round(session, program_id)
            if (
                latest is None
                or latest.status != RoundStatus.ANNOUNCED
                or latest.scheduled_at != round_at
            ):
                upcoming = _new_round(session, program_id, latest, round_at, RoundStatus.ANNOUNCED)
                label, zone = channel_label(program.channel_name), program.timezone
                day = round_at.astimezone(ZoneInfo(zone)).date()
                for membership, person in _members_with_people(session, program_id):
                    if _in(membership) and not _sitting_out(membership, day, upcoming.number):
                        message = heads_up(
                            label, round_at, zone, _id(upcoming), program_id, person.user_id
                        )
                        deliveries.append(_Delivery(_ref(person), message))
        self._deliver(deliveries)

    def run_scheduled_round(self, program_id: int) -> None:
        """The round's time has come: pair, introduce, and schedule the next one."""
        self._run_round(program_id, forced=False)

    def _run_round(self, program_id: int, forced: bool) -> int | None:
        outside = self._gather(program_id)
        if outside is None:
            return None
        now = self.clock.now()
        deliveries: list[_Delivery] = []
        reschedule: datetime | None = None
        with self.database.write() as session:
            program = session.get(CoffeeProgram, program_id)
            if program is None or program.status == "stopped":
                return None
            latest = _latest_round(session, program_id)
            if latest is not None and latest.status == RoundStatus.PAIRED:
                round_id = _id(latest)
            elif not forced and not _round_due(program, now):
                return None
            elif not forced and program.skip_next:
                assert program.next_round_at is not None
                if latest is not None and latest.status == RoundStatus.ANNOUNCED:
                    latest.status = "skipped"
                program.skip_next = False
                program.next_round_at = reschedule = self._next_after(
                    program, program.next_round_at, now
                )
                round_id = None
            else:
                self._sync(session, program, outside.channel_members, now)
                deliveries += _stay_questions(session, program, outside.answers, now)
                if latest is not None and latest.status == RoundStatus.ANNOUNCED:
                    current = latest
                else:
                    at = now if forced else program.next_round_at
                    assert at is not None
                    current = _new_round(session, program_id, latest, at, RoundStatus.ANNOUNCED)
                if not self._pair(session, program, current, now):
                    current.status = "skipped"
                    round_id = None
                else:
                    round_id = _id(current)
                if program.status == "active":
                    program.next_round_at = reschedule = self._next_after(
                        program, current.scheduled_at if not forced else now, now
                    )
        if reschedule is not None:
            self._schedule(program_id, reschedule)
        self._deliver(deliveries)
        if round_id is not None:
            self._introduce(round_id)
        return round_id

    def _next_after(self, program: CoffeeProgram, previous: datetime, now: datetime) -> datetime:
        settings = _settings(program)
        return round_after(
            previous, now, settings.cadence, settings.weekday, settings.hour, settings.timezone
        )

    def _pair(
        self, session: Session, program: CoffeeProgram, current: CoffeeRound, now: datetime
    ) -> bool:
        """Make the round's groups; False when nobody is available at all."""
        program_id = _program_id(program)
        day = current.scheduled_at.astimezone(ZoneInfo(program.timezone)).date()
        taking_part = [
            (membership, person)
            for membership, person in _members_with_people(session, program_id)
            if _in(membership)
        ]
        excluded = frozenset(
            str(person.id)
            for membership, person in taking_part
            if _sitting_out(membership, day, current.number)
        )
        profiles = _profiles(session, [_id(person) for _, person in taking_part])
        members = _engine_members([_id(p) for _, p in taking_part], profiles, excluded)
        if all(member.person_id in excluded for member in members):
            return False
        settings = _settings(program)
        current.seed = self.seed_for(program_id, current.number)
        result = pair_members(
            PairingRequest(
                members=members,
                history=_history(session, program_id, settings.window),
                group_size=settings.group_size,
                mode=settings.mode,
                window=settings.window,
                seed=current.seed,
                excluded=excluded,
            )
        )
        for group in result.groups:
            session.add(
                CoffeeGroup(
                    round_id=_id(current),
                    person_ids=[int(person) for person in group.person_ids],
                    mentor_id=int(group.mentor_id) if group.mentor_id else None,
                )
            )
        current.status, current.ran_at = RoundStatus.PAIRED, now
        current.figures = {
            **asdict(result.figures),
            "unplaced_people": [[int(u.person_id), u.reason] for u in result.unplaced],
        }
        return True

    def _introduce(self, round_id: int) -> None:
        """One group message per group not yet introduced, then the round is done."""
        with self.database.read() as session:
            current = session.get(CoffeeRound, round_id)
            assert current is not None
            program = session.get(CoffeeProgram, current.program_id)
            assert program is not None
            waiting = [group for group in _groups(session, round_id) if group.introduced_at is None]
            label = channel_label(program.channel_name)
            due = (current.ran_at or self.clock.now()) + HALF_CYCLE[_settings(program).cadence]
        for group in waiting:
            self._introduce_group(_id(group), label, current.seed, due)
        unplaced: list[_Delivery] = []
        with self.database.write() as session:
            current = session.get(CoffeeRound, round_id)
            assert current is not None
            if current.status != RoundStatus.PAIRED:
                return
            current.status = RoundStatus.DONE
            reasons = {int(pid): str(reason) for pid, reason in current.figures["unplaced_people"]}
            if reasons:
                people = CoffeeRepository(session).people(reasons)
                unplaced = [
                    _Delivery(_ref(person), unplaced_notice(label, reasons[_id(person)]))
                    for person in people
                ]
        self._deliver(unplaced)

    def _introduce_group(self, group_id: int, label: str, seed: int, due: datetime) -> None:
        with self.database.write() as session:
            group = session.get(CoffeeGroup, group_id)
            if group is None or group.introduced_at is not None:
                return
            # Claimed before sending: a concurrent or repeated run never sends it twice.
            group.introduced_at = self.clock.now()
            people = {
                _id(person): person for person in CoffeeRepository(session).people(group.person_ids)
            }
            profiles = _profiles(session, group.person_ids)
            person_ids = list(group.person_ids)
            intro_members = [
                _intro_member(people[pid], profiles.get(pid), pid == group.mentor_id)
                for pid in person_ids
            ]
            starter = conversation_starter(
                _starter_members(_engine_members(person_ids, profiles, frozenset())), seed=seed
            )
            refs = [_ref(people[pid]) for pid in person_ids]
        try:
            sent = self.messenger.send_group(refs, introduction(label, intro_members, starter))
        except DeliveryFailed as failure:
            logger.warning("coffee: group %s was not introduced (%s)", group_id, failure.reason)
            return
        with self.database.write() as session:
            stored = session.get(CoffeeGroup, group_id)
            assert stored is not None
            stored.conversation_id = sent.conversation_id
            record(
                session, CoffeeGroupIntroduced(group_id, tuple(person_ids), due), self.clock.now()
            )

    # --- plumbing ----------------------------------------------------------------------

    def _gather(self, program_id: int) -> _Outside | None:
        now = self.clock.now()
        with self.database.read() as session:
            program = session.get(CoffeeProgram, program_id)
            if program is None:
                return None
            channel_id = program.channel_id
            group_ids = [
                _id(group)
                for past in _rounds_to_count(session, program, now)
                for group in _groups(session, _id(past))
            ]
        members = self.channels.members(channel_id)
        return _Outside(members, self._did_you_meet_answers(group_ids))

    def _did_you_meet_answers(self, group_ids: Sequence[int]) -> Mapping[int, Counter[str]]:
        with self.database.read() as session:
            return PromptRepository(session).answer_counts(
                Kind.DID_YOU_MEET, COFFEE_GROUP, group_ids
            )

    def _sync(
        self,
        session: Session,
        program: CoffeeProgram,
        user_ids: list[str] | None,
        now: datetime,
    ) -> None:
        """Memberships follow the channel; None (the platform did not answer) changes nothing."""
        if user_ids is None:
            return
        program_id = _program_id(program)
        present = set(user_ids)
        known = {
            person.user_id: person
            for person in CoffeeRepository(session).people_by_user_id(
                program.platform, program.workspace_id, present
            )
        }
        people = PersonRepository(session)
        for user_id in sorted(present - known.keys()):
            ref = PersonRef(program.platform, program.workspace_id, user_id)
            known[user_id] = people.get_or_create(ref)
        in_channel = {_id(person) for person in known.values()}
        stored = {m.person_id: m for m in _memberships(session, program_id)}
        for person_id in in_channel:
            membership = stored.get(person_id) or _ensure_membership(
                session, program_id, person_id, now
            )
            if not membership.active:
                membership.active, membership.left_at = True, None
        for person_id, membership in stored.items():
            if membership.active and person_id not in in_channel:
                membership.active, membership.left_at = False, now

    def _schedule(self, program_id: int, round_at: datetime) -> None:
        args = (program_id,)
        self.jobs.schedule_once(
            headsup_job_id(program_id), HEADS_UP_TASK, round_at - HEADS_UP_BEFORE, args
        )
        self.jobs.schedule_once(round_job_id(program_id), ROUND_TASK, round_at, args)

    def _unschedule(self, program_id: int) -> None:
        self.jobs.cancel(headsup_job_id(program_id))
        self.jobs.cancel(round_job_id(program_id))

    def _deliver(self, deliveries: Sequence[_Delivery]) -> None:
        for delivery in deliveries:
            try:
                self.messenger.send_direct(delivery.to, delivery.message)
            except DeliveryFailed as failure:
                logger.warning("coffee: a direct message failed (%s)", failure.reason)


def _id(row: Person | CoffeeRound | CoffeeGroup | CoffeeProgram) -> int:
    assert row.id is not None
    return row.id


def _program_id(program: CoffeeProgram) -> int:
    return _id(program)


def _ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)


def _settings(program: CoffeeProgram) -> ProgramSettings:
    return ProgramSettings(
        cadence=cast(Cadence, program.cadence),
        weekday=program.weekday,
        hour=program.hour,
        timezone=program.timezone,
        group_size=program.group_size,
        mode=cast(PairingMode, program.mode),
        window=program.window,
    )


def _timing(settings: ProgramSettings) -> tuple[str, int, int, str]:
    return settings.cadence, settings.weekday, settings.hour, settings.timezone


def _apply(program: CoffeeProgram, settings: ProgramSettings) -> None:
    program.cadence, program.weekday, program.hour = (
        settings.cadence,
        settings.weekday,
        settings.hour,
    )
    program.timezone, program.group_size = settings.timezone, settings.group_size
    program.mode, program.window = settings.mode, settings.window


def _find_program(session: Session, key: ChannelKey) -> CoffeeProgram | None:
    return CoffeeRepository(session).program_in_channel(
        key.platform, key.workspace_id, key.channel_id
    )


def _memberships(session: Session, program_id: int) -> list[CoffeeMembership]:
    return CoffeeRepository(session).memberships(program_id)


def _members_with_people(
    session: Session, program_id: int
) -> list[tuple[CoffeeMembership, Person]]:
    return CoffeeRepository(session).members_with_people(program_id)


def _membership_of(session: Session, person: PersonRef, program_id: int) -> CoffeeMembership | None:
    found = PersonRepository(session).find(person)
    if found is None:
        return None
    return CoffeeRepository(session).membership(program_id, _id(found))


def _ensure_membership(
    session: Session, program_id: int, person_id: int, now: datetime
) -> CoffeeMembership:
    return CoffeeRepository(session).ensure_membership(program_id, person_id, now)


def _in(membership: CoffeeMembership) -> bool:
    """In the channel and not opted out: gets heads-ups and counts as taking part."""
    return membership.active and not membership.opted_out


def _paused_on(membership: CoffeeMembership, day: date) -> bool:
    return membership.paused_until is not None and membership.paused_until >= day


def _sitting_out(membership: CoffeeMembership, day: date, number: int) -> bool:
    return (
        _paused_on(membership, day)
        or membership.skip_round_number == number
        or membership.ignored_in_a_row >= IGNORED_BEFORE_ASKING
    )


def _set_taking_part(membership: CoffeeMembership, stay: bool) -> Reply:
    if stay:
        already = not membership.opted_out and membership.ignored_in_a_row < IGNORED_BEFORE_ASKING
        membership.opted_out, membership.ignored_in_a_row = False, 0
        if already:
            return notice("You are already in the coffee chats here.")
        return notice("Glad you are staying: you are in the next coffee-chat round.")
    if membership.opted_out:
        return notice("You have already left these coffee chats.")
    membership.opted_out = True
    return notice(
        "You have left these coffee chats. Type /coffee join in the channel to come back."
    )


def _latest_round(session: Session, program_id: int) -> CoffeeRound | None:
    return CoffeeRepository(session).latest_round(program_id)


def _new_round(
    session: Session,
    program_id: int,
    latest: CoffeeRound | None,
    scheduled_at: datetime,
    status: str,
) -> CoffeeRound:
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = RoundStatus.CANCELLED
    upcoming = CoffeeRound(
        program_id=program_id,
        number=(latest.number if latest else 0) + 1,
        scheduled_at=scheduled_at,
        status=status,
    )
    session.add(upcoming)
    session.flush()
    return upcoming


def _cancel_announced(session: Session, program_id: int) -> None:
    latest = _latest_round(session, program_id)
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = RoundStatus.CANCELLED


def _round_due(program: CoffeeProgram, now: datetime) -> bool:
    return (
        program.status == "active"
        and program.next_round_at is not None
        and now >= program.next_round_at - EARLY_TOLERANCE
    )


def _groups(session: Session, round_id: int | None) -> list[CoffeeGroup]:
    return CoffeeRepository(session).groups(round_id)


def _rounds_to_count(session: Session, program: CoffeeProgram, now: datetime) -> list[CoffeeRound]:
    """Finished rounds whose "Did you meet?" answers are in but not yet counted."""
    settle = HALF_CYCLE[_settings(program).cadence] + ANSWERS_SETTLE
    return [
        past
        for past in CoffeeRepository(session).uncounted_done_rounds(_program_id(program))
        if past.ran_at is not None and now >= past.ran_at + settle
    ]


def _stay_questions(
    session: Session,
    program: CoffeeProgram,
    answers: Mapping[int, Counter[str]],
    now: datetime,
) -> list[_Delivery]:
    """Count unanswered introductions; ask whoever just reached three in a row."""
    program_id = _program_id(program)
    memberships = {m.person_id: m for m in _memberships(session, program_id)}
    asked: set[int] = set()
    for past in _rounds_to_count(session, program, now):
        for group in _groups(session, _id(past)):
            counter = answers.get(_id(group))
            if counter is None:
                continue
            for person_id in group.person_ids:
                membership = memberships.get(person_id)
                if membership is None:
                    continue
                if sum(counter.values()) > 0:
                    membership.ignored_in_a_row = 0
                    continue
                membership.ignored_in_a_row += 1
                if membership.ignored_in_a_row == IGNORED_BEFORE_ASKING:
                    asked.add(person_id)
        past.ignores_counted = True
    if not asked:
        return []
    label = channel_label(program.channel_name)
    people = CoffeeRepository(session).people(sorted(asked))
    return [
        _Delivery(_ref(person), stay_question(label, program_id, person.user_id))
        for person in people
        if _in(memberships[_id(person)])
    ]


def _profiles(session: Session, person_ids: Sequence[int]) -> dict[int, Profile]:
    return CoffeeRepository(session).profiles(person_ids)


def _stage(profile: Profile | None) -> CareerStage | None:
    if profile is None or profile.career_stage is None:
        return None
    try:
        return CareerStage(profile.career_stage)
    except ValueError:
        return None


def _engine_members(
    person_ids: Sequence[int], profiles: Mapping[int, Profile], excluded: frozenset[str]
) -> list[Member]:
    """Engine members; in cross-level rounds the most senior level present leads the groups.

    Without a profile someone counts as a resident-level mentee with no specialty.
    """
    levels = {}
    for person_id in person_ids:
        stage = _stage(profiles.get(person_id))
        levels[person_id] = stage.level if stage else 1
    present_levels = {level for pid, level in levels.items() if str(pid) not in excluded}
    lead_level = max(present_levels) if len(present_levels) > 1 else None
    members = []
    for person_id in person_ids:
        profile = profiles.get(person_id)
        members.append(
            Member(
                person_id=str(person_id),
                level=levels[person_id],
                is_mentor=levels[person_id] == lead_level,
                specialty=profile.specialty if profile else None,
                topics=frozenset(profile.topics) if profile else frozenset(),
                never_pair=frozenset(str(other) for other in profile.never_pair)
                if profile
                else frozenset(),
            )
        )
    return members


def _starter_members(members: list[Member]) -> list[Member]:
    """A specialty only some of the group have is not one they share, so it is left out."""
    if all(member.specialty for member in members):
        return members
    return [replace(member, specialty=None) for member in members]


def _history(session: Session, program_id: int, window: int) -> list[PastRound]:
    """The last ``window`` rounds that ran, renumbered so skipped rounds do not count."""
    if window <= 0:
        return []
    ran = CoffeeRepository(session).recent_ran_rounds(program_id, window)
    history = []
    for index, past in enumerate(ran, start=1):
        groups = tuple(
            tuple(str(person) for person in group.person_ids) for group in _groups(session, past.id)
        )
        history.append(PastRound(index, groups))
    return history


def _intro_member(person: Person, profile: Profile | None, leads: bool) -> IntroMember:
    stage = _stage(profile)
    return IntroMember(
        user_id=person.user_id,
        role=stage.label if stage else "Career stage not shared",
        specialty=profile.specialty if profile else None,
        leads=leads,
    )


def _with_last_round(
    frame: ProgramStatus,
    last: CoffeeRound,
    groups: Sequence[CoffeeGroup],
    answers: Mapping[int, Counter[str]],
) -> ProgramStatus:
    figures = last.figures
    totals: Counter[str] = Counter()
    for counter in answers.values():
        totals.update(counter)
    unanswered = sum(1 for group in groups if sum(answers.get(_id(group), Counter()).values()) == 0)
    summary = LastRound(
        number=last.number,
        held_at=last.ran_at or last.scheduled_at,
        people=sum(len(group.person_ids) for group in groups),
        groups=len(groups),
        sitting_out=int(figures.get("excluded", 0)),
        repeats=int(figures.get("repeats", 0)),
        unplaced=int(figures.get("unplaced", 0)),
        met=totals["yes"],
        not_yet=totals["not_yet"],
        wont=totals["wont"],
        unanswered=unanswered,
    )
    return replace(frame, last_round=summary)


def coffee_group_members(session: Session, group_id: int) -> list[int]:
    group = session.get(CoffeeGroup, group_id)
    return list(group.person_ids) if group else []


def coffee_group_is_active(session: Session, group_id: int) -> bool:
    """A group is worth asking about while its program has not been stopped."""
    group = session.get(CoffeeGroup, group_id)
    round_ = session.get(CoffeeRound, group.round_id) if group else None
    program = session.get(CoffeeProgram, round_.program_id) if round_ else None
    return program is not None and program.status != "stopped"
