"""Mentor and mentee profiles: what people edit, and what the matching engine reads."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from bot.career import CareerStage
from bot.identity import PersonRef
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.terms import read_concepts
from bot.matching.vocabulary import ConceptKind, load_vocabulary
from bot.replies import Command, Fields, Reply, note, paragraph, reply
from storage.db import Database
from storage.models import Person, Profile
from storage.people import PersonRepository
from storage.profiles import MENTOR_ROWS_KEPT, MentorRow, ProfileRepository

MAX_CAPACITY = 20
MAX_CHATS_PER_MONTH = 30
ABOUT_LIMIT = 2000


@dataclass(frozen=True)
class ProfileForm:
    """A person's profile as they see and edit it."""

    is_mentee: bool = False
    is_mentor: bool = False
    career_stage: CareerStage | None = None
    specialty: str | None = None
    subspecialty: str | None = None
    topics: tuple[str, ...] = ()
    about: str = ""
    capacity: int = 2
    chats_per_month: int = 2
    languages: tuple[str, ...] = ()
    paused_until: date | None = None
    never_pair: tuple[str, ...] = ()
    department: str | None = None
    department_preference: DepartmentPreference = DepartmentPreference.NONE
    shoutout_opt_in: bool = False
    self_described: str = ""


@dataclass(frozen=True)
class ProfileProblems(Exception):
    """Field name → what to fix, in words for the person filling the form."""

    problems: dict[str, str] = field(default_factory=dict)


def validate(form: ProfileForm, own_user_id: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    vocabulary = load_vocabulary()
    if not (form.is_mentee or form.is_mentor):
        problems["roles"] = "Choose at least one: mentee or mentor."
    for name, concept_id in (("specialty", form.specialty), ("subspecialty", form.subspecialty)):
        if concept_id and (
            concept_id not in vocabulary.concepts
            or vocabulary.concept(concept_id).kind is not ConceptKind.SPECIALTY
        ):
            problems[name] = "Pick a specialty from the list."
    unknown_topics = [t for t in form.topics if t not in vocabulary.concepts]
    if unknown_topics:
        problems["topics"] = "Pick topics from the list."
    if form.is_mentor and not 1 <= form.capacity <= MAX_CAPACITY:
        problems["capacity"] = f"How many mentees at once? A number from 1 to {MAX_CAPACITY}."
    if form.is_mentor and not 0 <= form.chats_per_month <= MAX_CHATS_PER_MONTH:
        problems["chats_per_month"] = f"Chats a month: a number from 0 to {MAX_CHATS_PER_MONTH}."
    if len(form.about) > ABOUT_LIMIT:
        problems["about"] = f"Please keep this under {ABOUT_LIMIT} characters."
    if own_user_id in form.never_pair:
        problems["never_pair"] = "You can leave yourself off this list."
    return problems


def saved_summary(form: ProfileForm, today: date) -> Reply:
    """What someone just saved, in words, so they can see it took."""
    vocabulary = load_vocabulary()
    roles = (("Mentee", form.is_mentee), ("Mentor", form.is_mentor))
    specialties = [vocabulary.concept(c).label for c in (form.specialty, form.subspecialty) if c]
    items = [
        ("Taking part as", ", ".join(role for role, held in roles if held)),
        ("Career stage", form.career_stage.label if form.career_stage else "Not given"),
        ("Specialty", ", ".join(specialties) or "Not given"),
        ("Topics", ", ".join(vocabulary.concept(t).label for t in form.topics) or "None chosen"),
    ]
    if form.is_mentor:
        items += [
            ("Mentees at once", str(form.capacity)),
            ("Chats a month", str(form.chats_per_month)),
        ]
    if form.paused_until is not None and form.paused_until > today:
        until = form.paused_until
        items.append(("Matching", f"Paused until {until:%B} {until.day}, {until.year}"))
    elif form.is_mentor:
        items.append(("Matching", "Open to new requests"))
    return reply(
        paragraph("Your profile is saved."),
        Fields(tuple(items)),
        note("To change it, type ", Command("mentor profile"), "."),
        summary="Your profile is saved",
    )


class Profiles:
    def __init__(self, database: Database) -> None:
        self.database = database

    def load(self, ref: PersonRef) -> ProfileForm:
        with self.database.read() as session:
            person = PersonRepository(session).find(ref)
            if person is None or person.id is None:
                return ProfileForm()
            profile = ProfileRepository(session).for_person(person.id)
            never_pair = PersonRepository(session).user_ids(profile.never_pair if profile else [])
            return _form(person, profile, tuple(sorted(never_pair.values())))

    def save(self, ref: PersonRef, form: ProfileForm) -> ProfileForm:
        """Validate and store; raises ProfileProblems and stores nothing if anything is off."""
        problems = validate(form, ref.user_id)
        if problems:
            raise ProfileProblems(problems)
        with self.database.write() as session:
            people = PersonRepository(session)
            person = people.get_or_create(ref)
            assert person.id is not None
            never_pair_ids = [
                p.id
                for p in (people.get_or_create(replace(ref, user_id=u)) for u in form.never_pair)
                if p.id is not None
            ]
            profile = ProfileRepository(session).get_or_create(person.id)
            person.is_mentee = form.is_mentee
            person.is_mentor = form.is_mentor
            profile.career_stage = form.career_stage.value if form.career_stage else None
            profile.specialty = form.specialty
            profile.subspecialty = form.subspecialty
            profile.topics = list(form.topics)
            profile.about = form.about.strip()
            profile.capacity = form.capacity if form.is_mentor else 0
            profile.chats_per_month = form.chats_per_month if form.is_mentor else 0
            profile.languages = list(form.languages)
            profile.paused_until = form.paused_until
            profile.never_pair = never_pair_ids
            profile.department = (form.department or "").strip() or None
            profile.department_preference = form.department_preference.value
            profile.shoutout_opt_in = form.shoutout_opt_in and form.is_mentor
            profile.self_described = form.self_described.strip()[:64] or None
            session.add(profile)
            session.add(person)
        return form

    def pause(self, ref: PersonRef, until: date | None) -> None:
        with self.database.write() as session:
            person = PersonRepository(session).get_or_create(ref)
            assert person.id is not None
            profile = ProfileRepository(session).get_or_create(person.id)
            profile.paused_until = until
            session.add(profile)

    def mentors(self) -> list[MentorProfile]:
        with self.database.read() as session:
            return mentor_profiles(ProfileRepository(session))


def mentor_profiles(
    repository: ProfileRepository, workspace_id: str | None = None
) -> list[MentorProfile]:
    """The mentors (of one workspace, when given) as matching sees them, with their load."""
    rows = repository.mentors(workspace_id)
    load = repository.active_mentee_counts(row.person_id for row in rows)
    profiles = [_unloaded_profile(row) for row in rows]
    return [
        replace(profile, active_mentees=load[row.person_id]) if row.person_id in load else profile
        for row, profile in zip(rows, profiles, strict=True)
    ]


# Ranking reads every mentor on each request; a row read before, unchanged, is not converted
# again.
@lru_cache(maxsize=MENTOR_ROWS_KEPT)
def _unloaded_profile(row: MentorRow) -> MentorProfile:
    return mentor_profile(row, 0)


def mentor_profile(profile: Profile | MentorRow, active_mentees: int) -> MentorProfile:
    vocabulary = load_vocabulary()
    specialties = {s for s in (profile.specialty, profile.subspecialty) if s}
    topics = set(profile.topics)
    return MentorProfile(
        person_id=str(profile.person_id),
        specialties=frozenset(s for s in specialties if s in vocabulary.concepts),
        topics=frozenset(t for t in topics if t in vocabulary.concepts),
        help_text=profile.about,
        career_stage=CareerStage(profile.career_stage or CareerStage.ATTENDING),
        stage_given=bool(profile.career_stage),
        capacity=profile.capacity,
        active_mentees=active_mentees,
        chats_per_month=profile.chats_per_month,
        paused_until=profile.paused_until,
        never_pair=frozenset(str(i) for i in profile.never_pair),
        department=profile.department,
        languages=frozenset(profile.languages),
    )


def mentee_need(
    person: Person | None,
    profile: Profile | None,
    goal: str,
    topics: Sequence[str],
    specialty: str | None,
) -> MenteeNeed:
    read_from_goal = read_concepts(goal)
    concepts = set(topics) | {c.id for c in read_from_goal if c.kind is ConceptKind.TOPIC}
    field_of_interest = (
        specialty
        or next((c.id for c in read_from_goal if c.kind is ConceptKind.SPECIALTY), None)
        or (profile.subspecialty or profile.specialty if profile else None)
    )
    return MenteeNeed(
        person_id=str(person.id) if person is not None else "",
        goal=goal,
        topics=frozenset(concepts),
        specialty=field_of_interest,
        career_stage=CareerStage(profile.career_stage)
        if profile and profile.career_stage
        else CareerStage.PGY1,
        stage_given=bool(profile and profile.career_stage),
        never_pair=_never_pair(profile.never_pair if profile else ()),
        department=profile.department if profile else None,
        department_preference=DepartmentPreference(profile.department_preference)
        if profile
        else DepartmentPreference.NONE,
        languages=frozenset(profile.languages if profile else []),
    )


def rules_need(person_id: int, never_pair: Sequence[int]) -> MenteeNeed:
    """A mentee as the hard rules see them, without reading their goal."""
    return MenteeNeed(person_id=str(person_id), never_pair=_never_pair(never_pair))


def _never_pair(person_ids: Iterable[int]) -> frozenset[str]:
    return frozenset(str(i) for i in person_ids)


def _form(person: Person, profile: Profile | None, never_pair: tuple[str, ...]) -> ProfileForm:
    if profile is None:
        return ProfileForm(is_mentee=person.is_mentee, is_mentor=person.is_mentor)
    return ProfileForm(
        is_mentee=person.is_mentee,
        is_mentor=person.is_mentor,
        career_stage=CareerStage(profile.career_stage) if profile.career_stage else None,
        specialty=profile.specialty,
        subspecialty=profile.subspecialty,
        topics=tuple(profile.topics),
        about=profile.about,
        capacity=profile.capacity or 2,
        chats_per_month=profile.chats_per_month or 2,
        languages=tuple(profile.languages),
        paused_until=profile.paused_until,
        never_pair=never_pair,
        department=profile.department,
        department_preference=DepartmentPreference(profile.department_preference),
        shoutout_opt_in=profile.shoutout_opt_in,
        self_described=profile.self_described or "",
    )
