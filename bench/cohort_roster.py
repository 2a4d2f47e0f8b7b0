"""A cohort roster as organizers would write it, for bench/cohort.py and its neighbours.

Free text in residents' and faculty's own words (no vocabulary aliases), so the reader is
measured on text it was not built from.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

COLUMNS = [
    "id",
    "name",
    "role",
    "specialty",
    "career_stage",
    "topics",
    "text",
    "capacity",
    "active_mentees",
    "chats_per_month",
    "paused_until",
    "department",
    "department_preference",
    "languages",
    "never_pair",
]
# Fields and asks the way people write them, chosen by hand for the bench, not read from
# the vocabulary, so the reader is measured on text it was not built from.
FIELDS = [
    "Pediatrics",
    "peds cardiology",
    "Cardiology",
    "internal medicine",
    "IM",
    "General Surgery",
    "Emergency Medicine",
    "EM",
    "Psychiatry",
    "child psych",
    "Radiology",
    "Neurology",
    "OB/GYN",
    "Anesthesiology",
    "Dermatology",
    "Orthopedic surgery",
    "ortho",
    "Family Medicine",
    "heme/onc",
    "GI",
    "Nephrology",
    "pulm crit",
    "Infectious Disease",
    "Endocrinology",
    "Neonatology",
    "NICU",
    "Urology",
    "Ophthalmology",
    "ENT",
    "Pathology",
    "Geriatrics",
    "palliative care",
    "Rheumatology",
    "Neurosurgery",
    "plastic surgery",
]
ASKS = [
    "fellowship applications",
    "applying to fellowship",
    "residency apps",
    "research",
    "getting a paper published",
    "QI project",
    "patient safety",
    "teaching",
    "med ed",
    "leadership",
    "burnout",
    "wellness",
    "work-life balance as a parent",
    "boards prep",
    "procedures",
    "global health",
    "contract negotiation",
    "job search",
    "DEI",
    "career planning",
    "networking",
    "public speaking",
    "women in medicine",
    "physician scientist track",
    "IMG pathway",
    "academic vs private practice",
]
GOALS = [
    "{stage} in {field} - want help with {ask} and {ask2}",
    "looking for a mentor for {ask}, thinking about {field}",
    "{field} resident, need advice on {ask}; also {ask2}",
    "help with {ask} please!! interested in {field}",
    "{ask} + {ask2} ({field})",
    "not sure about {field} yet. mostly {ask}",
]
OFFERS = [
    "Happy to help with {ask}, {ask2} and anything {field}",
    "{field} attending; I mentor residents on {ask} and {ask2}",
    "Ask me about {ask}. Been in {field} for 10 years.",
    "I run our {ask} program and enjoy talking {ask2}",
]
MENTEE_STAGES = ["MS3", "MS4", "PGY-1", "PGY-2", "PGY-3", "R2", "intern", "fellow"]
MENTOR_STAGES = ["early attending", "attending", "faculty", "professor"]
DEPARTMENTS = ["Pediatrics", "Medicine", "Surgery", "Emergency", "Psychiatry", "Radiology"]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    k = rng.randrange(len(words))
    word = words[k]
    if len(word) >= 7 and rng.random() < 0.2:
        cut = rng.randrange(1, len(word) - 2)
        words[k] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    return " ".join(words)


def roster_rows(mentee_count: int, mentor_count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for j in range(mentor_count):
        field = rng.choice(FIELDS)
        ask, ask2 = rng.sample(ASKS, 2)
        text = rng.choice(OFFERS).format(field=field, ask=ask, ask2=ask2)
        rows.append(
            {
                "id": f"mentor{j}@example.org",
                "name": f"Mentor {j}",
                "role": "mentor",
                "specialty": field,
                "career_stage": rng.choice(MENTOR_STAGES),
                "topics": "; ".join(rng.sample(ASKS, rng.randint(0, 2))),
                "text": _typo(text, rng),
                "capacity": str(rng.randint(1, 6)),
                "active_mentees": "0",
                "chats_per_month": str(rng.randint(1, 4)),
                "paused_until": "2026-12-01" if rng.random() < 0.03 else "",
                "department": rng.choice(DEPARTMENTS),
                "languages": "en; es" if rng.random() < 0.2 else "en",
            }
        )
    for i in range(mentee_count):
        field = rng.choice(FIELDS)
        ask, ask2 = rng.sample(ASKS, 2)
        stage = rng.choice(MENTEE_STAGES)
        text = rng.choice(GOALS).format(stage=stage, field=field, ask=ask, ask2=ask2)
        rows.append(
            {
                "id": f"mentee{i}@example.org",
                "name": f"Mentee {i}",
                "role": "mentee",
                "career_stage": stage,
                "text": _typo(text, rng),
                "department": rng.choice(DEPARTMENTS),
                "department_preference": rng.choice(["prefer", "avoid", "none"]),
                "languages": "es" if rng.random() < 0.05 else "en",
                "never_pair": f"mentor{rng.randrange(mentor_count)}@example.org",
            }
        )
    return rows


def write_roster(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
