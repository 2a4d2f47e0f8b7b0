"""A mentee's request, from suggestions to an introduction, one mentor at a time.

Every step is one transaction; messages go out after it commits. A request waiting on a
mentor always has a reminder and a pass-on scheduled, so none can stall unseen.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from sqlmodel import Session, col, select

from bot.career import CareerStage
from bot.clock import Clock
from bot.identity import PersonRef
from bot.matching.assign import Suggestion, suggest
from bot.matching.profiles import MenteeNeed
from bot.matching.rules import broken_rule
from bot.matching.scoring import Scorer
from bot.mentoring import messages
from bot.mentoring.model import (
    GOAL_MAX_LENGTH,
    GOAL_MIN_LENGTH,
    EndReason,
    Format,
    Notice,
    Outcome,
    RequestInput,
    RequestProblems,
    RequestStatus,
)
from bot.mentoring.practices import load_practices
from bot.messaging import DeliveryFailed, Messenger
from bot.people import People
from bot.profiles import mentee_need, mentor_profile, mentor_profiles
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.models import Feedback, MentoringRequest, Person, Profile, Relationship, RequestStep
from storage.people import PersonRepository
from storage.profiles import ProfileRepository

logger = logging.getLogger(__name__)

SHOWN_SUGGESTIONS = 3
CANDIDATE_LIMIT = 10
REMIND_TASK = "mentoring.remind"
PASS_ON_TASK = "mentoring.pass_on"


class Introductions(Protocol):
    """What follows an introduction or an ending (check-ins, "Did you meet?")."""

    def introduced(self, relationship_id: int, format: Format) -> None: ...

    def ended(self, relationship_id: int) -> None: ...


class NoFollowUps:
    def introduced(self, relationship_id: int, format: Format) -> None:
        pass

    def ended(self, relationship_id: int) -> None:
        pass


@dataclass(frozen=True)
class Timing:
    remind_after: timedelta = timedelta(hours=48)
    pass_on_after: timedelta = timedelta(hours=72)


@dataclass(frozen=True)
class Started:
    request_id: int
    shown: Reply
    notices: tuple[Notice, ...]


def _ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)


def validate_request(request: RequestInput, today: date) -> dict[str, str]:
    problems = {}
    goal = request.goal.strip()
    if len(goal) < GOAL_MIN_LENGTH:
        problems["goal"] = (
            "Say a little more about what you'd like help with (a sentence is plenty)."
        )
    elif len(goal) > GOAL_MAX_LENGTH:
        problems["goal"] = f"Please keep this under {GOAL_MAX_LENGTH} characters."
    if request.by_date and request.by_date < today:
        problems["by_date"] = "Pick today or a later date, or leave it empty."
    return problems


class MentorRequests:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        people: People,
        messenger: Messenger,
        scheduler: JobScheduler,
        scorer: Scorer,
        timing: Timing = Timing(),
        follow_ups: Introductions | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.people = people
        self.messenger = messenger
        self.scheduler = scheduler
        self.scorer = scorer
        self.timing = timing
        self.follow_ups: Introductions = follow_ups or NoFollowUps()

    @property
    def tasks(self) -> dict[str, Callable[..., object]]:
        return {REMIND_TASK: self.remind, PASS_ON_TASK: self.pass_on}

    # --- the mentee ----------------------------------------------------------------------

    def start(self, mentee: PersonRef, request: RequestInput) -> Started:
        """Record a request and show the best-fitting mentors; raises RequestProblems."""
        today = self.clock.now().date()
        problems = validate_request(request, today)
        if problems:
            raise RequestProblems(problems)
        request = replace(request, goal=request.goal.strip())
        with self.database.write() as session:
            person = PersonRepository(session).get_or_create(mentee)
            assert person.id is not None
            person.is_mentee = True
            profile = ProfileRepository(session).for_person(person.id)
            need = mentee_need(person, profile, request.goal, request.topics, request.specialty)
            mentors = mentor_profiles(session)
            ranked = suggest(need, mentors, self.scorer, today, k=CANDIDATE_LIMIT)
            row = MentoringRequest(
                mentee_id=person.id,
                goal=request.goal,
                topics=sorted(need.topics),
                specialty=need.specialty,
                format=request.format.value,
                by_date=request.by_date,
                status=RequestStatus.CHOOSING.value,
                candidates=[int(s.mentor_id) for s in ranked],
                created_at=self.clock.now(),
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            self._step(session, row.id, "created")
            if not ranked:
                started = Started(
                    row.id, messages.unmatched_for_mentee(), self._give_up(session, row, person)
                )
            else:
                started = Started(row.id, self._suggestions(session, row, ranked), ())
        self._deliver(started.notices or (Notice(mentee, started.shown),))
        return started

    def _suggestions(
        self, session: Session, row: MentoringRequest, ranked: Sequence[Suggestion]
    ) -> Reply:
        assert row.id is not None
        users = PersonRepository(session).user_ids(
            int(s.mentor_id) for s in ranked[:SHOWN_SUGGESTIONS]
        )
        return messages.suggestions(
            row.id,
            [
                messages.Candidate(int(s.mentor_id), users[int(s.mentor_id)], s.score.reasons)
                for s in ranked[:SHOWN_SUGGESTIONS]
            ],
            row.goal,
        )

    def choose(self, request_id: int, mentee: PersonRef, mentor_id: int | None) -> Outcome:
        """Send the request to the chosen mentor, or down the ranked list ("best match")."""
        with self.database.write() as session:
            row, owner = self._request_and_mentee(session, request_id)
            if _ref(owner) != mentee:
                return Outcome(messages.not_for_you(owner.user_id), changed=False)
            if row.status != RequestStatus.CHOOSING.value:
                return Outcome(
                    messages.already_handled("You already chose for this request."), changed=False
                )
            if mentor_id is not None and mentor_id in row.candidates:
                row.candidates = [mentor_id] + [c for c in row.candidates if c != mentor_id]
            outcome = self._offer_next(session, row, owner)
        self._finish(outcome)
        return outcome

    def request_chat(self, mentee_person_id: int, mentor_person_id: int, note: str) -> None:
        """A one-off chat with a mentor the mentee already chose (after an event, say)."""
        with self.database.write() as session:
            mentee = self._person(session, mentee_person_id)
            row = MentoringRequest(
                mentee_id=mentee_person_id,
                goal=note.strip() or "A follow-up coffee chat",
                format=Format.ONE_OFF.value,
                status=RequestStatus.CHOOSING.value,
                candidates=[mentor_person_id],
                created_at=self.clock.now(),
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            self._step(session, row.id, "created")
            outcome = self._offer_next(session, row, mentee)
        self._finish(outcome)

    def cancel(self, request_id: int, mentee: PersonRef) -> Outcome:
        with self.database.write() as session:
            row, owner = self._request_and_mentee(session, request_id)
            if _ref(owner) != mentee:
                return Outcome(messages.not_for_you(owner.user_id), changed=False)
            if row.status not in (RequestStatus.CHOOSING.value, RequestStatus.WAITING.value):
                return Outcome(
                    messages.already_handled(
                        f"This request is already {RequestStatus(row.status).label}."
                    ),
                    changed=False,
                )
            notices: tuple[Notice, ...] = ()
            if row.status == RequestStatus.WAITING.value and row.current_mentor_id:
                mentor = session.get(Person, row.current_mentor_id)
                if mentor is not None:
                    notices = (Notice(_ref(mentor), messages.withdrawn_for_mentor(owner.user_id)),)
            row.status = RequestStatus.CANCELLED.value
            row.closed_at = self.clock.now()
            row.current_mentor_id = None
            self._step(session, request_id, "cancelled")
            session.add(row)
        self._cancel_jobs(request_id)
        self._deliver(notices)
        return Outcome(messages.cancelled_for_mentee(), notices)

    # --- the mentor ----------------------------------------------------------------------

    def accept(self, request_id: int, offer_id: int, mentor: PersonRef) -> Outcome:
        with self.database.write() as session:
            row, mentee = self._request_and_mentee(session, request_id)
            refusal = self._refusal(session, row, offer_id, mentor)
            if refusal is not None:
                return refusal
            mentor_person = self._person(session, row.current_mentor_id)
            assert mentor_person.id is not None
            profile = ProfileRepository(session).for_person_locked(mentor_person.id)
            capacity = profile.capacity if profile else 0
            load = (
                ProfileRepository(session)
                .active_mentee_counts([mentor_person.id])
                .get(mentor_person.id, 0)
            )
            if load >= capacity:
                self._step(session, request_id, "full", mentor_person.id)
                after = messages.moved_on(mentor.user_id, "has no free slot right now.")
                passed = self._offer_next(session, row, mentee, after=after)
                full = Outcome(
                    messages.list_full(load, capacity),
                    passed.notices,
                    waiting_offer=passed.waiting_offer,
                )
            else:
                full = None
                relationship = Relationship(
                    mentor_id=mentor_person.id,
                    mentee_id=row.mentee_id,
                    request_id=request_id,
                    format=row.format,
                    started_at=self.clock.now(),
                )
                session.add(relationship)
                row.status = RequestStatus.ACCEPTED.value
                row.closed_at = self.clock.now()
                self._step(session, request_id, "accepted", mentor_person.id)
                session.add(row)
                session.flush()
                assert relationship.id is not None
                introduced = (relationship.id, Format(row.format), row.goal, tuple(row.topics))
                together = self.messenger.opens_group_chats
                accepted = Outcome(
                    messages.accepted_for_mentor(mentee.user_id, together),
                    (Notice(_ref(mentee), messages.accepted_for_mentee(mentor.user_id, together)),),
                )
        if full is not None:
            self._finish(full)
            return full
        self._cancel_jobs(request_id)
        relationship_id, format, goal, topics = introduced
        self.introduce(relationship_id, mentor, _ref(mentee), goal, format, topics)
        self._deliver(accepted.notices)
        self.follow_ups.introduced(relationship_id, format)
        return accepted

    def decline(
        self,
        request_id: int,
        offer_id: int,
        mentor: PersonRef,
        reason: str | None,
        unavailable_until: date | None,
    ) -> Outcome:
        with self.database.write() as session:
            row, mentee = self._request_and_mentee(session, request_id)
            refusal = self._refusal(session, row, offer_id, mentor)
            if refusal is not None:
                return refusal
            mentor_person = self._person(session, row.current_mentor_id)
            assert mentor_person.id is not None
            if unavailable_until and unavailable_until > self.clock.now().date():
                profile = ProfileRepository(session).get_or_create(mentor_person.id)
                profile.paused_until = unavailable_until
                session.add(profile)
            self._step(
                session, request_id, "declined", mentor_person.id, (reason or "")[:500] or None
            )
            passed = self._offer_next(
                session,
                row,
                mentee,
                after=messages.moved_on(mentor.user_id, "can't take this on right now."),
            )
        self._finish(passed)
        return Outcome(messages.declined_for_mentor(unavailable_until), passed.notices)

    def suggest_colleague(
        self, request_id: int, offer_id: int, mentor: PersonRef, colleague: PersonRef
    ) -> Outcome:
        with self.database.write() as session:
            row, mentee = self._request_and_mentee(session, request_id)
            refusal = self._refusal(session, row, offer_id, mentor)
            if refusal is not None:
                return refusal
            if colleague in (mentor, _ref(mentee)):
                return Outcome(
                    messages.already_handled(
                        "Please suggest someone other than yourself or the mentee."
                    ),
                    changed=False,
                )
            mentor_person = self._person(session, row.current_mentor_id)
            colleague_person = PersonRepository(session).get_or_create(colleague)
            assert colleague_person.id is not None and mentor_person.id is not None
            why_not = self._why_not_eligible(
                session, row, self._need(session, row, mentee), colleague_person
            )
            if why_not:
                return Outcome(
                    messages.already_handled(
                        f"We can't send it to them: {why_not}. Nothing changed."
                    ),
                    changed=False,
                )
            self._step(session, request_id, "suggested", colleague_person.id)
            row.candidates = [colleague_person.id] + [
                c for c in row.candidates if c != colleague_person.id
            ]
            row.suggested_by_id = mentor_person.id
            passed = self._offer_next(session, row, mentee, suggested_by=mentor.user_id)
        self._finish(passed)
        return Outcome(messages.suggested_for_mentor(colleague.user_id), passed.notices)

    # --- time ----------------------------------------------------------------------------

    def remind(self, request_id: int, offer_id: int) -> None:
        with self.database.write() as session:
            row = session.get(MentoringRequest, request_id)
            if row is None or not self._is_current_offer(session, row, offer_id) or row.reminded_at:
                return
            row.reminded_at = self.clock.now()
            session.add(row)
            self._step(session, request_id, "reminded", row.current_mentor_id)
            mentee = self._person(session, row.mentee_id)
            mentor = self._person(session, row.current_mentor_id)
            ask = self._ask(session, row, offer_id, mentee, self._need(session, row, mentee))
            notices = (
                Notice(
                    _ref(mentor),
                    messages.nudge(ask, load_practices().tips_for(request_id), reminder=True),
                ),
                Notice(_ref(mentee), messages.mentee_reminded(mentor.user_id)),
            )
        self._deliver(notices)

    def pass_on(self, request_id: int, offer_id: int) -> None:
        with self.database.write() as session:
            row = session.get(MentoringRequest, request_id)
            if row is None or not self._is_current_offer(session, row, offer_id):
                return
            mentee = self._person(session, row.mentee_id)
            mentor = self._person(session, row.current_mentor_id)
            self._step(session, request_id, "passed_on", mentor.id)
            passed = self._offer_next(
                session,
                row,
                mentee,
                after=messages.moved_on(
                    mentor.user_id, "hasn't been able to answer in time, so we moved on."
                ),
            )
            notices = (Notice(_ref(mentor), messages.timed_out_for_mentor()), *passed.notices)
        self._finish(Outcome(passed.shown, notices, waiting_offer=passed.waiting_offer))

    # --- relationships -------------------------------------------------------------------

    def active_relationships(self, ref: PersonRef) -> list[tuple[int, str, str]]:
        """(relationship id, the other person's name, the goal) for open relationships."""
        with self.database.read() as session:
            person = PersonRepository(session).find(ref)
            if person is None:
                return []
            rows = session.exec(
                select(Relationship).where(
                    col(Relationship.ended_at).is_(None),
                    (Relationship.mentor_id == person.id) | (Relationship.mentee_id == person.id),
                )
            ).all()
            result = []
            for relationship in rows:
                other_id = (
                    relationship.mentee_id
                    if relationship.mentor_id == person.id
                    else relationship.mentor_id
                )
                other = self._person(session, other_id)
                request = (
                    session.get(MentoringRequest, relationship.request_id)
                    if relationship.request_id
                    else None
                )
                name = other.display_name or "a colleague"
                result.append((relationship.id or 0, name, request.goal if request else ""))
            return result

    def end(self, relationship_id: int, ref: PersonRef, reason: EndReason) -> Outcome:
        with self.database.write() as session:
            relationship = session.get(Relationship, relationship_id)
            person = PersonRepository(session).find(ref)
            if (
                relationship is None
                or person is None
                or person.id not in (relationship.mentor_id, relationship.mentee_id)
            ):
                return Outcome(
                    messages.already_handled("That mentoring relationship isn't yours to close."),
                    changed=False,
                )
            if relationship.ended_at is not None:
                return Outcome(
                    messages.already_handled("That relationship is already closed."), changed=False
                )
            relationship.ended_at = self.clock.now()
            relationship.end_reason = reason.value
            session.add(relationship)
            mentor = self._person(session, relationship.mentor_id)
            mentee = self._person(session, relationship.mentee_id)
        other = mentee if mentor.id == person.id else mentor
        notices = (
            Notice(_ref(other), messages.ended(_ref(person).user_id, reason, relationship_id)),
        )
        self._deliver(notices)
        self.follow_ups.ended(relationship_id)
        return Outcome(messages.ended(other.user_id, reason, relationship_id), notices)

    def reflect(self, relationship_id: int, ref: PersonRef, text: str) -> Outcome:
        """Keep a closing reflection; confidential, stored without being shown to anyone."""
        with self.database.write() as session:
            relationship = session.get(Relationship, relationship_id)
            person = PersonRepository(session).find(ref)
            if (
                relationship is None
                or person is None
                or person.id
                not in (
                    relationship.mentor_id,
                    relationship.mentee_id,
                )
            ):
                return Outcome(
                    messages.already_handled("That relationship isn't yours."), changed=False
                )
            role = "mentor" if person.id == relationship.mentor_id else "mentee"
            session.add(
                Feedback(
                    author_id=person.id,
                    subject_type="relationship",
                    subject_id=relationship_id,
                    role=role,
                    comment=text.strip()[:2000] or None,
                    created_at=self.clock.now(),
                )
            )
        return Outcome(
            messages.already_handled("Thank you. Your reflection is saved, in confidence.")
        )

    # --- internals -----------------------------------------------------------------------

    def _offer_next(
        self,
        session: Session,
        row: MentoringRequest,
        mentee: Person,
        *,
        after: Reply | None = None,
        suggested_by: str | None = None,
    ) -> Outcome:
        """Offer to the next eligible candidate, or hand the request to the organizers."""
        assert row.id is not None
        queue = list(row.candidates)
        need = self._need(session, row, mentee)
        while queue:
            candidate = self._person(session, queue.pop(0))
            if self._why_not_eligible(session, row, need, candidate) is None:
                break
        else:
            row.candidates = []
            notices = self._give_up(session, row, mentee)
            if after is not None:
                notices = (Notice(_ref(mentee), after), *notices)
            return Outcome(messages.unmatched_for_mentee(), notices)
        row.candidates = queue
        row.status = RequestStatus.WAITING.value
        row.current_mentor_id = candidate.id
        row.offered_at = self.clock.now()
        row.reminded_at = None
        if suggested_by is None:
            row.suggested_by_id = None
        session.add(row)
        offer = self._step(session, row.id, "offered", candidate.id)
        ask = self._ask(session, row, offer, mentee, need)
        to_mentee = messages.sent_to(candidate.user_id, suggested_by)
        notices = (
            Notice(_ref(candidate), messages.nudge(ask, load_practices().tips_for(row.id))),
            *((Notice(_ref(mentee), after),) if after is not None else ()),
            Notice(_ref(mentee), to_mentee),
        )
        return Outcome(to_mentee, notices, waiting_offer=(row.id, offer))

    def _give_up(
        self, session: Session, row: MentoringRequest, mentee: Person
    ) -> tuple[Notice, ...]:
        assert row.id is not None
        row.status = RequestStatus.UNMATCHED.value
        row.current_mentor_id = None
        session.add(row)
        self._step(session, row.id, "unmatched")
        asked = len(
            session.exec(
                select(RequestStep).where(
                    RequestStep.request_id == row.id, RequestStep.kind == "offered"
                )
            ).all()
        )
        alert = messages.organizer_alert(mentee.user_id, row.goal, asked)
        organizers = self._organizers(session, mentee)
        return (
            Notice(_ref(mentee), messages.unmatched_for_mentee()),
            *(Notice(organizer, alert) for organizer in organizers),
        )

    def _organizers(self, session: Session, mentee: Person) -> list[PersonRef]:
        stored = session.exec(
            select(Person).where(
                col(Person.is_organizer).is_(True), Person.workspace_id == mentee.workspace_id
            )
        ).all()
        refs = {_ref(p) for p in stored}
        refs |= {PersonRef(mentee.platform, mentee.workspace_id, u) for u in self.people.organizers}
        return sorted(refs, key=lambda r: r.user_id)

    @staticmethod
    def _need(session: Session, row: MentoringRequest, mentee: Person) -> MenteeNeed:
        profile = ProfileRepository(session).for_person(mentee.id or 0)
        return mentee_need(mentee, profile, row.goal, row.topics, row.specialty)

    def _why_not_eligible(
        self, session: Session, row: MentoringRequest, need: MenteeNeed, candidate: Person
    ) -> str | None:
        assert candidate.id is not None
        if session.exec(
            select(RequestStep).where(
                RequestStep.request_id == row.id,
                RequestStep.kind == "offered",
                RequestStep.mentor_id == candidate.id,
            )
        ).first():
            return "they were already asked"
        profiles = ProfileRepository(session)
        profile = profiles.for_person(candidate.id) or Profile(person_id=candidate.id, capacity=1)
        # A colleague suggested by a mentor may have no mentor profile yet: one slot lets the
        # request reach them, while pauses and never-pair lists still hold.
        if profile.capacity == 0 and not candidate.is_mentor:
            profile = Profile(
                person_id=candidate.id,
                capacity=1,
                paused_until=profile.paused_until,
                never_pair=profile.never_pair,
            )
        load = profiles.active_mentee_counts([candidate.id]).get(candidate.id, 0)
        broken = broken_rule(
            need, mentor_profile(candidate, profile, load), self.clock.now().date()
        )
        return {
            "mentor has no free slot": "their list is full",
            "never pair": "they can't be paired",
        }.get(broken or "", broken)

    def _refusal(
        self, session: Session, row: MentoringRequest, offer_id: int, mentor: PersonRef
    ) -> Outcome | None:
        current = session.get(Person, row.current_mentor_id) if row.current_mentor_id else None
        offered_to = session.exec(select(RequestStep).where(RequestStep.id == offer_id)).first()
        owner_id = offered_to.mentor_id if offered_to else None
        owner = session.get(Person, owner_id) if owner_id else None
        if owner is not None and _ref(owner) != mentor:
            return Outcome(messages.not_for_you(owner.user_id), changed=False)
        if (
            current is None
            or _ref(current) != mentor
            or not self._is_current_offer(session, row, offer_id)
        ):
            what = {
                RequestStatus.ACCEPTED.value: "This request has already been accepted.",
                RequestStatus.CANCELLED.value: "The mentee withdrew this request.",
            }.get(
                row.status, "This request has moved on, so there's nothing more to do. Thank you!"
            )
            return Outcome(messages.already_handled(what), changed=False)
        return None

    def _is_current_offer(self, session: Session, row: MentoringRequest, offer_id: int) -> bool:
        if row.status != RequestStatus.WAITING.value:
            return False
        latest = session.exec(
            select(RequestStep)
            .where(RequestStep.request_id == row.id, RequestStep.kind == "offered")
            .order_by(col(RequestStep.id).desc())
        ).first()
        return latest is not None and latest.id == offer_id

    def _ask(
        self,
        session: Session,
        row: MentoringRequest,
        offer_id: int,
        mentee: Person,
        need: MenteeNeed,
    ) -> messages.Ask:
        assert row.id is not None
        profiles = ProfileRepository(session)
        profile = profiles.for_person(mentee.id or 0)
        mentor = self._person(session, row.current_mentor_id)
        mentor_id = mentor.id or 0
        mentor_row = profiles.for_person(mentor_id) or Profile(person_id=mentor_id)
        load = profiles.active_mentee_counts([mentor_id]).get(mentor_id, 0)
        reasons = self.scorer.score(need, mentor_profile(mentor, mentor_row, load)).reasons
        suggested_by = (
            self._person(session, row.suggested_by_id).user_id if row.suggested_by_id else None
        )
        return messages.Ask(
            request_id=row.id,
            offer_id=offer_id,
            mentee_user_id=mentee.user_id,
            mentee_stage=CareerStage(profile.career_stage).label
            if profile and profile.career_stage
            else None,
            goal=row.goal,
            format=Format(row.format),
            by_date=row.by_date,
            reasons=reasons,
            suggested_by_user_id=suggested_by,
        )

    def introduce(
        self,
        relationship_id: int,
        mentor: PersonRef,
        mentee: PersonRef,
        goal: str,
        format: Format,
        topics: Sequence[str],
    ) -> None:
        """Open the group conversation for a new pair and remember where it is."""
        intro = messages.introduction(
            mentor.user_id, mentee.user_id, goal, format, topics, self.messenger.opens_group_chats
        )
        try:
            sent = self.messenger.send_group([mentor, mentee], intro)
        except DeliveryFailed as failure:
            logger.warning(
                "introduction for relationship %s failed: %s", relationship_id, failure.reason
            )
            return
        with self.database.write() as session:
            relationship = session.get(Relationship, relationship_id)
            if relationship is not None:
                relationship.conversation_id = sent.conversation_id
                session.add(relationship)

    def _schedule_waiting(self, request_id: int, offer_id: int) -> None:
        now = self.clock.now()
        args = (request_id, offer_id)
        self.scheduler.schedule_once(
            f"request:{request_id}:remind", REMIND_TASK, now + self.timing.remind_after, args
        )
        self.scheduler.schedule_once(
            f"request:{request_id}:pass_on", PASS_ON_TASK, now + self.timing.pass_on_after, args
        )

    def _cancel_jobs(self, request_id: int) -> None:
        self.scheduler.cancel(f"request:{request_id}:remind")
        self.scheduler.cancel(f"request:{request_id}:pass_on")

    def _finish(self, outcome: Outcome) -> None:
        """After the transaction: schedule the reminder and pass-on, then tell people."""
        if outcome.waiting_offer is not None:
            self._schedule_waiting(*outcome.waiting_offer)
        self._deliver(outcome.notices)

    def _deliver(self, notices: Sequence[Notice]) -> None:
        for notice in notices:
            try:
                self.messenger.send_direct(notice.to, notice.message)
            except DeliveryFailed as failure:
                logger.warning("could not message %s: %s", notice.to.user_id, failure.reason)

    def _step(
        self,
        session: Session,
        request_id: int,
        kind: str,
        mentor_id: int | None = None,
        reason: str | None = None,
    ) -> int:
        step = RequestStep(
            request_id=request_id,
            kind=kind,
            mentor_id=mentor_id,
            reason=reason,
            at=self.clock.now(),
        )
        session.add(step)
        session.flush()
        assert step.id is not None
        return step.id

    def _request_and_mentee(
        self, session: Session, request_id: int
    ) -> tuple[MentoringRequest, Person]:
        row = session.get(MentoringRequest, request_id)
        if row is None:
            raise LookupError(f"no request {request_id}")
        return row, self._person(session, row.mentee_id)

    @staticmethod
    def _person(session: Session, person_id: int | None) -> Person:
        person = session.get(Person, person_id) if person_id is not None else None
        if person is None:
            raise LookupError(f"no person {person_id}")
        return person
