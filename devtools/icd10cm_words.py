"""Write bot/data/icd10cm_words.tsv: each word of ICD-10-CM titles and the specialties it points to.

    uv run python -m devtools.icd10cm_words

Reads the curated chapter/block -> specialty map (bot/data/icd10cm_specialties.tsv) and the
titles of every category and subcategory (3 and 4 characters) from simple-icd-10-cm, a dev
dependency (with wordfreq): the bot reads only the small table this writes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

import simple_icd_10_cm as cm
from wordfreq import zipf_frequency

DATA = Path(__file__).resolve().parent.parent / "bot" / "data"
_WORD = re.compile(r"[a-z]+")
# A word in titles of this many specialties says nothing about which one treats it.
_MAX_SPECIALTIES = 4
_MIN_LENGTH = 4
# Words this common in everyday English (Zipf scale, wordfreq) mean too many things to point to
# a specialty ("stress", "falls", "induction"); the curated table covers the common conditions.
_MAX_EVERYDAY_ZIPF = 3.6
_GENERIC = {
    "other",
    "unspecified",
    "specified",
    "with",
    "without",
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "due",
    "and",
    "not",
    "elsewhere",
    "classified",
    "condition",
    "conditions",
    "part",
    "parts",
    "site",
    "sites",
    "type",
    "types",
    "left",
    "right",
    "bilateral",
    "side",
    "initial",
    "subsequent",
    "encounter",
    "sequela",
    "acute",
    "chronic",
    "primary",
    "secondary",
    "congenital",
    "complication",
    "complications",
    "personal",
    "history",
    "family",
    "unilateral",
    "multiple",
    "single",
    "benign",
    "malignant",
    "neoplasm",
    "neoplasms",
    "injury",
    "injuries",
    "syndrome",
    "syndromes",
    "abnormal",
    "abnormalities",
    "deformities",
    "deformity",
    "lesion",
    "lesions",
    "involving",
    "following",
    "associated",
    "organ",
    "organs",
    "region",
    "level",
    "degree",
    "stage",
    "less",
    "than",
    "more",
    "over",
    "under",
    "into",
    "from",
    "body",
    "status",
    "care",
    "health",
    "medicine",
    "management",
    "services",
    "service",
    "examination",
    "screening",
    "counseling",
    "problems",
    "problem",
    "child",
    "children",
    "childhood",
    "adult",
    "newborn",
    "infant",
    "feeding",
    "supervision",
    "need",
    "risk",
    "exposure",
    "contact",
    "procedure",
    "procedures",
    "surgery",
    "surgical",
    "medical",
    "drug",
    "drugs",
    "reaction",
    "effect",
    "effects",
    "adverse",
    "poisoning",
    "accidental",
    "intentional",
    "self",
    "harm",
    "assault",
    "undetermined",
    "late",
    "early",
    "mild",
    "moderate",
    "severe",
    "recurrent",
    "episode",
    "persistent",
    "intermittent",
    "localized",
    "generalized",
    "unknown",
    "cause",
    "pediatric",
    "paediatric",
    "adolescent",
    "elderly",
    "female",
    "male",
    "maternal",
    "fetal",
}
# A word in fewer titles than this is too rare to say anything reliable.
_MIN_TITLES = 2


def _specialty_map() -> dict[str, list[str]]:
    rows = {}
    for line in (DATA / "icd10cm_specialties.tsv").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            code, specialties = line.split("\t")
            rows[code] = [s for s in specialties.split(",") if s]
    return rows


def _specialties_of(code: str, rows: dict[str, list[str]]) -> list[str]:
    """The narrowest row that covers the code: itself, its category, a block range, its chapter."""
    ancestors = [code, *cm.get_ancestors(code)]
    for ancestor in ancestors[:-1]:
        if "-" not in ancestor and ancestor in rows:
            return rows[ancestor]
    category = code[:3]
    ranges = [key.split("-") for key in rows if "-" in key]
    covering = sorted((lo, hi) for lo, hi in ranges if lo <= category <= hi)
    if covering:
        lo, hi = max(covering, key=lambda r: (r[0], [-ord(c) for c in r[1]]))
        return rows[f"{lo}-{hi}"]
    return rows.get(ancestors[-1], [])


def main() -> None:
    rows = _specialty_map()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for code in cm.get_all_codes(False):
        if not (cm.is_category(code) or (cm.is_subcategory(code) and len(code) == 5)):
            continue
        specialties = _specialties_of(code, rows)
        title = cm.get_description(code).lower()
        words = set(_WORD.findall(title)) | {
            w.replace("-", "") for w in re.findall(r"[a-z]+-[a-z]+", title)
        }
        for word in words:
            if len(word) < _MIN_LENGTH or word in _GENERIC:
                continue
            if zipf_frequency(word, "en") >= _MAX_EVERYDAY_ZIPF:
                continue
            for specialty in specialties:
                counts[word][specialty] += 1
            if specialties and len(examples[word]) < 2:
                examples[word].append(code)
    lines = [
        "# Generated by devtools/icd10cm_words.py from simple-icd-10-cm "
        f"{version('simple-icd-10-cm')}"
        " (ICD-10-CM titles of categories and subcategories) and icd10cm_specialties.tsv;",
        f"# words of Zipf frequency {_MAX_EVERYDAY_ZIPF}+ in English (wordfreq) left out.",
        "# word\tspecialty:count,...\texample codes",
    ]
    for word in sorted(counts):
        if 0 < len(counts[word]) <= _MAX_SPECIALTIES and counts[word].total() >= _MIN_TITLES:
            spread = ",".join(f"{s}:{n}" for s, n in counts[word].most_common())
            lines.append(f"{word}\t{spread}\t{','.join(examples[word])}")
    (DATA / "icd10cm_words.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 3} words")


if __name__ == "__main__":
    main()
