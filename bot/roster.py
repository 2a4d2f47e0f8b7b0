"""Importing a program's roster: everyone is checked first, then written in one go."""

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from bot.assessment import EvaluativeRole, RoleMarking, rows_for
from bot.identity import PersonRef
from bot.matching.people_csv import BadRow, read_people
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.profiles import ProfileForm, validate
from storage.assessment import AssessmentRepository
from storage.db import Database
from storage.models import EvaluativeRole as EvaluativeRoleRow
from storage.models import Person, Profile
from storage.people import PersonRepository
from storage.profiles import ProfileRepository


@dataclass(frozen=True)
class DirectoryUser:
    user_id: str
    name: str
    timezone: str | None


class UserDirectory(Protocol):
    """Finds a platform account by email; None when there is no such user."""

    def find_by_email(self, email: str) -> DirectoryUser | None: ...


@dataclass(frozen=True)
class RosterEntry:
    line: int
    email: str
    name: str
    form: ProfileForm
    never_pair_emails: tuple[str, ...]
    evaluative_roles: tuple[EvaluativeRole, ...] = ()
    evaluates_emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    bad_rows: tuple[BadRow, ...]
    written: bool


Progress = Callable[[int], None]
_LIST = re.compile(r"[;,]")


@dataclass(frozen=True)
class AssessmentColumns:
    """A row's evaluative roles and the trainees (emails) a supervisor evaluates."""

    roles: tuple[EvaluativeRole, ...] = ()
    evaluates: tuple[str, ...] = ()


def _assessment_columns(text: str) -> tuple[dict[int, AssessmentColumns], list[BadRow]]:
    """The evaluative_role and evaluates columns by line; matching reads the others."""
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
    found: dict[int, AssessmentColumns] = {}
    bad: list[BadRow] = []
    for row in reader:
        roles_text = _LIST.split(row.get("evaluative_role") or "")
        roles = [(item, EvaluativeRole.read(item)) for item in roles_text if item.strip()]
        unknown = [item.strip() for item, role in roles if role is None]
        if unknown:
            bad.append(BadRow(reader.line_num, f"unknown evaluative role {unknown[0]!r}"))
            continue
        evaluates = tuple(
            sorted(e.strip().lower() for e in _LIST.split(row.get("evaluates") or "") if e.strip())
        )
        chosen = tuple(dict.fromkeys(role for _, role in roles if role is not None))
        if evaluates and EvaluativeRole.CURRENT_SUPERVISOR not in chosen:
            chosen += (EvaluativeRole.CURRENT_SUPERVISOR,)
        if chosen:
            found[reader.line_num] = AssessmentColumns(chosen, evaluates)
    return found, bad


def read_roster(file: TextIO) -> tuple[list[RosterEntry], list[BadRow]]:
    text = file.read()
    people = read_people(io.StringIO(text))
    assessment, bad_assessment = _assessment_columns(text)
    bad = list(people.bad_rows) + bad_assessment
    refused = {row.line for row in bad_assessment}
    entries = []
    everyone: list[MentorProfile | MenteeNeed] = [*people.mentors, *people.needs]
    for person in everyone:
        line = people.lines[person.person_id]
        if line in refused:
            continue
        email = person.person_id.strip().lower()
        if "@" not in email:
            bad.append(BadRow(line, f"id {person.person_id!r} must be the person's email address"))
            continue
        entries.append(
            RosterEntry(
                line=line,
                email=email,
                name=people.names[person.person_id],
                form=_form(person),
                never_pair_emails=tuple(sorted(e.lower() for e in person.never_pair)),
                evaluative_roles=assessment.get(line, AssessmentColumns()).roles,
                evaluates_emails=assessment.get(line, AssessmentColumns()).evaluates,
            )
        )
    return sorted(entries, key=lambda e: e.line), bad


def _form(person: MentorProfile | MenteeNeed) -> ProfileForm:
    if isinstance(person, MentorProfile):
        specialties = sorted(person.specialties)
        return ProfileForm(
            is_mentor=True,
            career_stage=person.career_stage,
            specialty=specialties[0] if specialties else None,
            subspecialty=specialties[1] if len(specialties) > 1 else None,
            topics=tuple(sorted(person.topics)),
            about=person.help_text,
            capacity=max(person.capacity, 1),
            chats_per_month=person.chats_per_month,
            languages=tuple(sorted(person.languages)),
            paused_until=person.paused_until,
            department=person.department,
        )
    return ProfileForm(
        is_mentee=True,
        career_stage=person.career_stage,
        specialty=person.specialty,
        topics=tuple(sorted(person.topics)),
        about=person.goal,
        languages=tuple(sorted(person.languages)),
        department=person.department,
        department_preference=person.department_preference,
    )


class RosterImport:
    def __init__(self, database: Database, platform: str, workspace_id: str) -> None:
        self.database = database
        self.platform = platform
        self.workspace_id = workspace_id

    def run(
        self,
        entries: Sequence[RosterEntry],
        bad_rows: Sequence[BadRow],
        directory: UserDirectory,
        *,
        skip_invalid: bool = False,
        progress: Progress = lambda _: None,
    ) -> ImportReport:
        """Look everyone up, then write all valid rows in one transaction (or none at all)."""
        bad = list(bad_rows)
        found: list[tuple[RosterEntry, DirectoryUser]] = []
        for entry in entries:
            user = directory.find_by_email(entry.email)
            progress(1)
            if user is None:
                bad.append(BadRow(entry.line, f"no Slack account uses {entry.email}"))
                continue
            problems = validate(entry.form, user.user_id)
            if problems:
                bad.append(BadRow(entry.line, "; ".join(problems.values())))
                continue
            found.append((entry, user))
        bad.sort(key=lambda row: row.line)
        if bad and not skip_invalid:
            return ImportReport(0, 0, 0, tuple(bad), written=False)
        created, updated, unchanged = self._write(found)
        return ImportReport(created, updated, unchanged, tuple(bad), written=True)

    def _write(self, found: Sequence[tuple[RosterEntry, DirectoryUser]]) -> tuple[int, int, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with self.database.write() as session:
            people = PersonRepository(session)
            profiles = ProfileRepository(session)
            person_ids: dict[str, int] = {}
            for entry, user in found:
                ref = PersonRef(self.platform, self.workspace_id, user.user_id)
                existed = people.find(ref) is not None
                person = people.get_or_create(ref)
                assert person.id is not None
                person_ids[entry.email] = person.id
                before = _snapshot(person, profiles.for_person(person.id))
                _apply(person, profiles.get_or_create(person.id), entry, user)
                after = _snapshot(person, profiles.for_person(person.id))
                counts["unchanged" if before == after else "updated" if existed else "created"] += 1
            for entry, _ in found:
                profile = profiles.get_or_create(person_ids[entry.email])
                wanted = sorted(person_ids[e] for e in entry.never_pair_emails if e in person_ids)
                if sorted(profile.never_pair) != wanted:
                    profile.never_pair = wanted
            _write_roles(AssessmentRepository(session), profiles, found, person_ids)
        return counts["created"], counts["updated"], counts["unchanged"]


def _write_roles(
    assessment: AssessmentRepository,
    profiles: ProfileRepository,
    found: Sequence[tuple[RosterEntry, DirectoryUser]],
    person_ids: dict[str, int],
) -> None:
    """A row with evaluative roles replaces that person's roles (a program-wide role covers
    their own department); rows without leave roles set by hand alone."""
    for entry, _ in found:
        if not entry.evaluative_roles:
            continue
        evaluator_id = person_ids[entry.email]
        profile = profiles.for_person(evaluator_id)
        marking = RoleMarking(
            roles=entry.evaluative_roles, department=profile.department if profile else None
        )
        supervised = [person_ids[e] for e in entry.evaluates_emails if e in person_ids]
        wanted = rows_for(evaluator_id, marking, supervised)
        if _role_keys(assessment.roles_of(evaluator_id)) != _role_keys(wanted):
            assessment.replace_roles(evaluator_id, wanted)


def _role_keys(rows: Sequence[EvaluativeRoleRow]) -> list[tuple[str, str | None, int | None]]:
    return sorted(
        ((row.role, row.department, row.mentee_id) for row in rows), key=lambda key: str(key)
    )


def _apply(person: Person, profile: Profile, entry: RosterEntry, user: DirectoryUser) -> None:
    form = entry.form
    person.display_name = entry.name if entry.name != entry.email else user.name
    person.timezone = user.timezone or person.timezone
    person.is_mentor = person.is_mentor or form.is_mentor
    person.is_mentee = person.is_mentee or form.is_mentee
    profile.email = entry.email
    profile.career_stage = form.career_stage.value if form.career_stage else None
    profile.specialty = form.specialty
    profile.subspecialty = form.subspecialty
    profile.topics = list(form.topics)
    profile.about = form.about
    if form.is_mentor:
        profile.capacity = form.capacity
        profile.chats_per_month = form.chats_per_month
    profile.languages = list(form.languages)
    profile.paused_until = form.paused_until
    profile.department = form.department
    profile.department_preference = form.department_preference.value


def _snapshot(person: Person, profile: Profile | None) -> tuple[object, ...]:
    profile_values = (
        tuple(v for k, v in profile.model_dump().items() if k != "updated_at") if profile else ()
    )
    return (
        person.display_name,
        person.timezone,
        person.is_mentor,
        person.is_mentee,
        profile_values,
    )
