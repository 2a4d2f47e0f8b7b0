"""Read mentors and mentees from a CSV roster, reporting every bad row by line number.

Columns (header names are case-insensitive; only id and role are required):

    id                 unique person id, e.g. an email address
    name               display name
    role               mentor | mentee
    specialty          free text ("peds cards", "OB/GYN"); a mentee's first specialty is their field
    career_stage       student, PGY-1 ... PGY-7, fellow, early attending, attending, faculty
    topics             free text or a list ("fellowship apps; research")
    text               free text: a mentee's goal, or what a mentor can help with
    capacity           mentors: how many mentees at once (default 1)
    active_mentees     mentors: mentees they already have (default 0)
    chats_per_month    mentors: availability (default 1)
    paused_until       mentors: first day available again, YYYY-MM-DD
    department         e.g. "Pediatrics"
    department_preference  mentees: prefer | avoid | none (a mentor from their own department)
    languages          list, e.g. "en; es"
    never_pair         list of person ids this person must never be paired with

Lists are separated by ";" or ",". Concepts are read from specialty, topics and text with
the normalizer, so people can write the way they talk.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import TextIO, TypeVar

from bot.career import CareerStage
from bot.matching.normalize import normalize, read_ahead
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.vocabulary import Concept, ConceptKind, Vocabulary

T = TypeVar("T")
REQUIRED_COLUMNS = ("id", "role")
_LIST_SEPARATOR = re.compile(r"[;,]")
_READ_COLUMNS = ("specialty", "topics", "text")
_STAGE_ALIASES = {
    "student": CareerStage.STUDENT,
    "medicalstudent": CareerStage.STUDENT,
    "ms": CareerStage.STUDENT,
    **{f"ms{n}": CareerStage.STUDENT for n in range(1, 5)},
    **{f"pgy{n}": CareerStage(f"pgy{n}") for n in range(1, 8)},
    **{f"r{n}": CareerStage(f"pgy{n}") for n in range(1, 8)},
    "intern": CareerStage.PGY1,
    "fellow": CareerStage.FELLOW,
    "earlyattending": CareerStage.EARLY_ATTENDING,
    "earlycareerattending": CareerStage.EARLY_ATTENDING,
    "juniorattending": CareerStage.EARLY_ATTENDING,
    "attending": CareerStage.ATTENDING,
    "faculty": CareerStage.FACULTY,
    "professor": CareerStage.FACULTY,
}


class RowError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class People:
    """The mentors and needs read from a roster, display names by id, and the rows refused."""

    mentors: tuple[MentorProfile, ...]
    needs: tuple[MenteeNeed, ...]
    names: dict[str, str]
    bad_rows: tuple[BadRow, ...]
    lines: dict[str, int] = field(default_factory=dict)


def read_people(file: TextIO, vocabulary: Vocabulary | None = None) -> People:
    """Parse a roster CSV; a bad row is skipped and reported, the others are kept."""
    reader = csv.reader(file)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return People((), (), {}, (BadRow(1, f"missing column(s): {', '.join(missing)}"),))
    mentors: list[MentorProfile] = []
    needs: list[MenteeNeed] = []
    names: dict[str, str] = {}
    lines: dict[str, int] = {}
    bad_rows: list[BadRow] = []
    # Rosters repeat the same specialty and topics cells many times: each distinct cell is
    # read once, and a person's text once for all concept kinds.
    read = cache(lambda text: tuple(normalize(text, vocabulary)))
    # As csv.DictReader reads them: blank lines skipped, missing cells empty, extra ones
    # dropped; without building a dictionary to copy for every row.
    blank = [""] * len(header)
    rows = [
        (reader.line_num, dict(zip(header, [v.strip() for v in raw] + blank, strict=False)))
        for raw in reader
        if raw
    ]
    read_ahead({row.get(c, "") for _, row in rows for c in _READ_COLUMNS}, vocabulary)
    for line, row in rows:
        try:
            person = _person(row, read)
            if person.person_id in names:
                raise RowError(f"duplicate id {person.person_id!r}")
        except RowError as error:
            bad_rows.append(BadRow(line, str(error)))
            continue
        names[person.person_id] = row.get("name") or person.person_id
        lines[person.person_id] = line
        if isinstance(person, MentorProfile):
            mentors.append(person)
        else:
            needs.append(person)
    return People(tuple(mentors), tuple(needs), names, tuple(bad_rows), lines)


@cache
def parse_career_stage(text: str) -> CareerStage:
    """A career stage as people write it: "PGY-2", "pgy 2", "R2", "fellow", "Faculty"..."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    for stage in CareerStage:
        if key == re.sub(r"[^a-z0-9]", "", stage.label.lower()):
            return stage
    if key in _STAGE_ALIASES:
        return _STAGE_ALIASES[key]
    raise RowError(f"unknown career stage {text!r}")


def _person(
    row: dict[str, str], read: Callable[[str], tuple[Concept, ...]]
) -> MentorProfile | MenteeNeed:
    person_id = row.get("id", "")
    if not person_id:
        raise RowError("missing id")
    role = row.get("role", "").lower()
    if role not in ("mentor", "mentee"):
        raise RowError(f"role must be mentor or mentee, not {row.get('role', '')!r}")
    specialties = _concepts(read(row.get("specialty", "")), ConceptKind.SPECIALTY)
    if row.get("specialty") and not specialties:
        raise RowError(f"specialty {row['specialty']!r} not recognised")
    text = row.get("text", "")
    in_text = read(text)
    topics = _concepts(read(row.get("topics", "")) + in_text, ConceptKind.TOPIC)
    never_pair = frozenset(_items(row.get("never_pair", "")))
    department = row.get("department") or None
    languages = _languages(row.get("languages", ""))
    stage_text = row.get("career_stage", "")
    if role == "mentor":
        return MentorProfile(
            person_id=person_id,
            specialties=frozenset(specialties + _concepts(in_text, ConceptKind.SPECIALTY)),
            topics=frozenset(topics),
            help_text=text,
            career_stage=parse_career_stage(stage_text) if stage_text else CareerStage.ATTENDING,
            capacity=_number(row, "capacity", 1),
            active_mentees=_number(row, "active_mentees", 0),
            chats_per_month=_number(row, "chats_per_month", 1),
            paused_until=_optional(row.get("paused_until", ""), date.fromisoformat, "paused_until"),
            never_pair=never_pair,
            department=department,
            languages=languages,
        )
    field = specialties or _concepts(in_text, ConceptKind.SPECIALTY)
    return MenteeNeed(
        person_id=person_id,
        goal=text,
        topics=frozenset(topics),
        specialty=field[0] if field else None,
        career_stage=parse_career_stage(stage_text) if stage_text else CareerStage.PGY1,
        department_preference=_optional(
            row.get("department_preference", "").lower(),
            DepartmentPreference,
            "department_preference",
        )
        or DepartmentPreference.NONE,
        never_pair=never_pair,
        department=department,
        languages=languages,
    )


def _concepts(concepts: Iterable[Concept], kind: ConceptKind) -> list[str]:
    return [c.id for c in concepts if c.kind is kind]


@lru_cache(maxsize=1024)
def _languages(text: str) -> frozenset[str]:
    # A roster writes a handful of language lists thousands of times.
    return frozenset(item.lower() for item in _items(text))


def _items(text: str) -> Iterable[str]:
    return [item.strip() for item in _LIST_SEPARATOR.split(text) if item.strip()]


def _number(row: dict[str, str], column: str, default: int) -> int:
    text = row.get(column, "")
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise RowError(f"{column} must be a whole number, not {text!r}") from None
    if value < 0:
        raise RowError(f"{column} must not be negative")
    return value


def _optional(text: str, parse: Callable[[str], T], column: str) -> T | None:
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise RowError(f"bad {column} {text!r}") from None
