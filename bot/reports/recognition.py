"""Once a month, thank each active mentor for what they gave; a public shout-out only
for mentors who asked for one."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Fields, Header, Mention, Part, Reply, bullet_list, note, paragraph, reply
from bot.reports.periods import add_months, month_start
from bot.reports.personal import meetings_held
from storage.db import Database
from storage.models import Goal, Person, Profile, Prompt, Relationship

logger = logging.getLogger(__name__)

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


def mentor_months(session: Session, start: datetime, end: datetime) -> list[MentorMonth]:
    """What each mentor with a relationship open during [start, end) gave in that time."""
    relationships = session.exec(
        select(Relationship).where(
            Relationship.started_at < end,
            col(Relationship.ended_at).is_(None) | (col(Relationship.ended_at) >= start),
        )
    ).all()
    by_mentor: dict[int, list[Relationship]] = {}
    for relationship in relationships:
        by_mentor.setdefault(relationship.mentor_id, []).append(relationship)
    months = []
    for mentor_id, theirs in sorted(by_mentor.items()):
        person = session.get(Person, mentor_id)
        if person is None or not person.is_mentor:
            continue
        profile = session.get(Profile, mentor_id)
        ids = [r.id for r in theirs if r.id is not None]
        goals = session.exec(
            select(Goal).where(
                col(Goal.relationship_id).in_(ids),
                Goal.status == "done",
                col(Goal.completed_at) >= start,
                col(Goal.completed_at) < end,
            )
        ).all()
        months.append(
            MentorMonth(
                person_id=mentor_id,
                ref=PersonRef(person.platform, person.workspace_id, person.user_id),
                name=person.display_name,
                residents_helped=len({r.mentee_id for r in theirs}),
                chats_held=meetings_held(session, ids, start, end),
                goals_reached=len(goals),
                shoutout_opt_in=bool(profile and profile.shoutout_opt_in),
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
        messenger: Messenger,
        clock: Clock,
        shoutout_channel: str | None = None,
    ) -> None:
        self.database = database
        self.messenger = messenger
        self.clock = clock
        self.shoutout_channel = shoutout_channel

    def thank_mentors(self, month: datetime | None = None) -> int:
        """Thank every mentor active in `month` (default: last month); returns DMs sent."""
        start = month_start(month) if month else add_months(month_start(self.clock.now()), -1)
        end = add_months(start, 1)
        month_name = start.strftime("%B %Y")
        with self.database.read() as session:
            months = mentor_months(session, start, end)
        sent = 0
        for mentor in months:
            message = thanks_message(mentor, month_name, self.shoutout_channel is not None)
            sent += self._deliver_once(
                THANKS, mentor, start, partial(self.messenger.send_direct, mentor.ref, message)
            )
        opted_in = [m for m in months if m.shoutout_opt_in]
        if self.shoutout_channel and opted_in:
            self._shout_out(opted_in, start, month_name, self.shoutout_channel)
        return sent

    def _shout_out(
        self, months: list[MentorMonth], start: datetime, month_name: str, channel: str
    ) -> None:
        pending = [m for m in months if not self._already_sent(SHOUTOUT, m, start)]
        if not pending:
            return
        try:
            self.messenger.send_channel(channel, shoutout_message(pending, month_name))
        except DeliveryFailed as failure:
            logger.warning("Mentor shout-out not delivered: %s", failure.reason)
            return
        for mentor in pending:
            self._record(SHOUTOUT, mentor, start, "sent", None)

    def _deliver_once(
        self, kind: str, mentor: MentorMonth, start: datetime, send: Callable[[], object]
    ) -> int:
        if self._already_sent(kind, mentor, start):
            return 0
        try:
            send()
        except DeliveryFailed as failure:
            self._record(kind, mentor, start, "failed", failure.reason)
            return 0
        self._record(kind, mentor, start, "sent", None)
        return 1

    def _already_sent(self, kind: str, mentor: MentorMonth, start: datetime) -> bool:
        with self.database.read() as session:
            prompt = session.exec(
                select(Prompt).where(Prompt.dedupe_key == _key(kind, mentor, start))
            ).first()
            return prompt is not None and prompt.status == "sent"

    def _record(
        self, kind: str, mentor: MentorMonth, start: datetime, status: str, error: str | None
    ) -> None:
        now = self.clock.now()
        with self.database.write() as session:
            key = _key(kind, mentor, start)
            prompt = session.exec(select(Prompt).where(Prompt.dedupe_key == key)).first()
            if prompt is None:
                prompt = Prompt(
                    kind=kind,
                    person_id=mentor.person_id,
                    subject_type="month",
                    subject_id=start.year * 100 + start.month,
                    dedupe_key=key,
                    due_at=now,
                )
            prompt.status = status
            prompt.attempts += 1
            prompt.last_error = error[:200] if error else None
            prompt.sent_at = now if status == "sent" else None
            session.add(prompt)


def _key(kind: str, mentor: MentorMonth, start: datetime) -> str:
    return f"{kind}:{mentor.person_id}:{start:%Y-%m}"
