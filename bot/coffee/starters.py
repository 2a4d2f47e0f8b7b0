"""Opening lines for coffee-chat introductions, built from what the group has in common."""

import zlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources

import yaml

from bot.coffee.models import Member
from bot.matching.vocabulary import load_vocabulary

_SECTIONS = ("shared_topic", "shared_specialty", "mixed_specialties", "generic")


@cache
def starter_templates() -> dict[str, tuple[str, ...]]:
    """The starter templates shipped in ``bot/data/coffee_starters.yaml``, by section."""
    text = resources.files("bot.data").joinpath("coffee_starters.yaml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError("coffee_starters.yaml must map section names to lists of starters")
    templates = {}
    for section in _SECTIONS:
        lines = loaded.get(section)
        if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
            raise ValueError(f"coffee_starters.yaml needs a non-empty list of text under {section}")
        templates[section] = tuple(lines)
    return templates


def conversation_starter(group_members: Sequence[Member], seed: int = 0) -> str:
    """An opening line for a group: a topic they share, else their specialties, else generic.

    A topic everyone in the group follows wins over one only some of them follow. The
    choice depends only on the group and ``seed``, so a reposted intro reads the same.
    """
    templates = starter_templates()
    ids = sorted(member.person_id for member in group_members)
    pick = zlib.crc32(f"{seed}|{'|'.join(ids)}".encode())
    topic = _most_shared([_distinct_topics(member) for member in group_members])
    if topic is not None:
        return _choose(templates["shared_topic"], pick).format(topic=topic)
    specialties = sorted(
        {_specialty_words(member.specialty) for member in group_members if member.specialty} - {""}
    )
    if len(specialties) == 1:
        return _choose(templates["shared_specialty"], pick).format(specialty=specialties[0])
    if len(specialties) > 1:
        joined = ", ".join(specialties[:-1]) + " and " + specialties[-1]
        return _choose(templates["mixed_specialties"], pick).format(specialties=joined)
    return _choose(templates["generic"], pick)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _specialty_words(text: str) -> str:
    """A specialty as a person would say it mid-sentence, whether stored as an id or typed."""
    cleaned = _clean(text)
    label = load_vocabulary().label_of(cleaned)
    return label.lower() if label != cleaned else cleaned


def _distinct_topics(member: Member) -> list[str]:
    by_key: dict[str, str] = {}
    for topic in sorted(_clean(text) for text in member.topics):
        if topic:
            by_key.setdefault(topic.casefold(), topic)
    return list(by_key.values())


def _most_shared(topic_lists: Sequence[Sequence[str]]) -> str | None:
    """The topic followed by the most members (at least two), alphabetically first on ties."""
    followers = Counter(topic.casefold() for topics in topic_lists for topic in topics)
    spelling: dict[str, str] = {}
    for topics in topic_lists:
        for topic in topics:
            # The smallest spelling, not the first seen, so the group's order cannot change it.
            key = topic.casefold()
            spelling[key] = min(spelling.get(key, topic), topic)
    shared = [(-count, key) for key, count in followers.items() if count >= 2]
    if not shared:
        return None
    return spelling[min(shared)[1]]


def _choose(options: Sequence[str], pick: int) -> str:
    return options[pick % len(options)]
