"""Once a month, thank each active mentor for what they gave; a public shout-out only
for mentors who asked for one."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.identity import PersonRef
from bot.outbox import Outbox, Urgency, channel_post, direct
from bot.replies import Fields, Header, Mention, Part, Reply, bullet_list, note, paragraph, reply
from bot.reports.periods import add_months, month_start
from storage.db import Database, Session
from storage.models import Relationship
from storage.recognition import RecognitionRepository

THANKS = "mentor_thanks"
SHOUTOUT = "mentor_shoutout"


@dataclass(frozen=True)
class MentorMonth:
    person_id: int
    ref: PersonRef
    name: str
    residents_helped: int
    chats_held: int
    goals_reached: int
    shoutout_opt_in: bool


def mentor_months(
    reads: RecognitionRepository, start: datetime, end: datetime
) -> list[MentorMonth]:
    """What each mentor with a relationship open during [start, end) gave in that time."""
    by_mentor: dict[int, list[Relationship]] = {}
    for relationship in reads.relationships_open_during(start, end):
        by_mentor.setdefault(relationship.mentor_id, []).append(relationship)
    months = []
    for mentor_id, theirs in sorted(by_mentor.items()):
        person = reads.person(mentor_id)
        if person is None or not person.is_mentor:
            continue
        ids = [r.id for r in theirs if r.id is not None]
        months.append(
            MentorMonth(
                person_id=mentor_id,
                ref=PersonRef(person.platform, person.workspace_id, person.user_id),
                name=person.display_name,
                residents_helped=len({r.mentee_id for r in theirs}),
                chats_held=reads.meetings_held(ids, start, end),
                goals_reached=reads.goals_reached(ids, start, end),
                shoutout_opt_in=reads.wants_shoutout(mentor_id),
            )
        )
    return months


def thanks_message(month: MentorMonth, month_name: str, can_opt_in: bool) -> Reply:
    parts: list[Part] = [
        Header(f"Thank you for mentoring in {month_name}"),
        paragraph("Here is what you gave residents this month:"),
        Fields(
            (
                ("Residents helped", str(month.residents_helped)),
                ("Chats held", str(month.chats_held)),
                ("Goals reached", str(month.goals_reached)),
            )
        ),
    ]
    if can_opt_in and not month.shoutout_opt_in:
        parts.append(
            note(
                "Happy to be thanked in public too? Tick “Shout-outs” in /mentor profile; "
                "nothing is posted about you otherwise."
            )
        )
    return reply(*parts, summary=f"Thank you for mentoring in {month_name}")


def shoutout_message(months: list[MentorMonth], month_name: str) -> Reply:
    return reply(
        Header(f"Thank you, mentors of {month_name}"),
        paragraph("These mentors gave their time to residents and students this month:"),
        *bullet_list(
            (
                Mention(m.ref.user_id),
                f": {m.residents_helped} helped, {m.chats_held} chats",
            )
            for m in months
        ),
        summary=f"Thank you, mentors of {month_name}",
    )


class Recognition:
    """Monthly thanks; each mentor is thanked at most once per month, even if run again."""

    def __init__(
        self,
        database: Database,
        outbox: Outbox,
        clock: Clock,
        shoutout_channel_in: Callable[[str], str | None] = lambda _workspace: None,
    ) -> None:
        """``shoutout_channel_in``: the channel for a workspace's shout-out, or None for none."""
        self.database = database
        self.outbox = outbox
        self.clock = clock
        self.shoutout_channel_in = shoutout_channel_in

    def thank_mentors(self, month: datetime | None = None) -> int:
        """Thank every mentor active in `month` (default: last month); returns thanks queued.

        The thanks wait for each mentor's morning; the shout-out, for mentors who asked for
        one, is posted once per month.
        """
        start = month_start(month) if month else add_months(month_start(self.clock.now()), -1)
        end = add_months(start, 1)
        month_name = start.strftime("%B %Y")
        with self.database.write() as session:
            months = mentor_months(RecognitionRepository(session), start, end)
            queued = self.outbox.post_all(
                session,
                (
                    direct(
                        THANKS,
                        mentor.person_id,
                        thanks_message(
                            mentor,
                            month_name,
                            self.shoutout_channel_in(mentor.ref.workspace_id) is not None,
                        ),
                        Urgency.QUIET_HOURS,
                        dedupe_key=_key(THANKS, mentor.person_id, start),
                        subject=("month", start.year * 100 + start.month),
                    )
                    for mentor in months
                ),
            )
            self._shout_out(session, months, month_name, start)
        return sum(item is not None for item in queued)

    def _shout_out(
        self, session: Session, months: list[MentorMonth], month_name: str, start: datetime
    ) -> None:
        # One post per workspace, naming only its own mentors, in its own channel, sent with its
        # own token.
        by_workspace: dict[str, list[MentorMonth]] = {}
        for mentor in months:
            if mentor.shoutout_opt_in:
                by_workspace.setdefault(mentor.ref.workspace_id, []).append(mentor)
        for workspace_id, opted_in in by_workspace.items():
            channel = self.shoutout_channel_in(workspace_id)
            if channel is None:
                continue
            self.outbox.post(
                session,
                channel_post(
                    SHOUTOUT,
                    channel,
                    shoutout_message(opted_in, month_name),
                    workspace_id=workspace_id,
                    dedupe_key=f"{SHOUTOUT}:{workspace_id}:{start:%Y-%m}",
                ),
            )


def _key(kind: str, person_id: int, start: datetime) -> str:
    return f"{kind}:{person_id}:{start:%Y-%m}"
