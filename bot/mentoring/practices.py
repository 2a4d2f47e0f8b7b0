"""Mentoring practices and first-conversation agendas, from bot/data/practices.yaml."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Tip:
    title: str
    text: str


@dataclass(frozen=True)
class Practices:
    tips: tuple[Tip, ...]
    agendas: dict[str, tuple[str, ...]]
    default_agenda: tuple[str, ...]

    def tips_for(self, seed: int, count: int = 2) -> tuple[Tip, ...]:
        """A stable, varied pair of tips (the same request always shows the same ones)."""
        start = seed % len(self.tips)
        return tuple(self.tips[(start + i) % len(self.tips)] for i in range(count))

    def agenda_for(self, topics: Iterable[str]) -> tuple[str, ...]:
        for topic in sorted(topics):
            if topic in self.agendas:
                return self.agendas[topic]
        return self.default_agenda


@cache
def load_practices() -> Practices:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("bot.data").joinpath("practices.yaml").read_text(encoding="utf-8")
    )
    return Practices(
        tips=tuple(Tip(str(t["title"]), str(t["text"])) for t in raw["tips"]),
        agendas={str(k): tuple(str(i) for i in v) for k, v in raw["agendas"].items()},
        default_agenda=tuple(str(i) for i in raw["default_agenda"]),
    )
