import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from devtools.narration import MISSED
from handlers.cli import main

RULE = "═" * 72
SLACK_ID = re.compile(r"\b[UCGDTW]0[A-Z0-9]+\b")
SLUG = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
LOAD = re.compile(r"Mentees: (\d+) of (\d+)")
FULL = re.compile(r"(\d+)/(\d+)\)")
PEOPLE_LISTS = re.compile(r"(?:Mentees: \d+ of \d+ —|Your mentors:) (.*)")


@dataclass
class Box:
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Step:
    chapter: str
    title: str
    boxes: list[Box] = field(default_factory=list)


@pytest.fixture(scope="module")
def output() -> str:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def steps(output: str) -> list[Step]:
    """The demo's output cut into chapters, narrated steps and the boxes each step printed."""
    lines = output.splitlines()
    found: list[Step] = []
    chapter, box = "", None
    for number, line in enumerate(lines):
        if line == RULE and number + 2 < len(lines) and lines[number + 2] == RULE:
            chapter = lines[number + 1]
        elif line.startswith("▶ "):
            found.append(Step(chapter, line[2:]))
        elif line.startswith("  ┌") and found:
            box = Box(line.lstrip(" ┌─"))
            found[-1].boxes.append(box)
        elif line.startswith("  │") and box is not None:
            box.lines.append(line[4:])
        elif line.startswith("  └"):
            box = None
    return found


def read_text(steps: list[Step]) -> list[str]:
    """Every line a person reads in Slack or Teams: box titles and message text."""
    return [text for step in steps for box in step.boxes for text in (box.title, *box.lines)]


def test_the_demo_plays_every_journey_without_slack(output: str) -> None:
    assert "Ana Ruiz sees (only visible to them)" in output
    assert "Ana Ruiz's App Home" in output
    assert "Mentors who fit your request" in output
    assert "Meet your mentoring match" in output
    assert "Reminder: a mentoring request" in output
    assert "A request needs a person" in output
    assert "Demo finished" in output


def test_the_demo_plays_a_week_of_check_ins(output: str) -> None:
    assert "direct message to Ben Okafor\n  │ Did you meet @Dr. Sam Lee?" in output
    assert "Thank you! Your feedback is confidential." in output
    assert "direct message to Dr. Ines Cho\n  │ @Ana Ruiz asked for help with a goal" in output


def test_every_narrated_step_shows_what_it_promised(output: str, steps: list[Step]) -> None:
    missed = [line.strip() for line in output.splitlines() if MISSED in line]

    assert len(steps) > 40
    assert missed == []


def test_no_step_prints_the_same_message_twice(steps: list[Step]) -> None:
    for step in steps:
        bodies = Counter(box.body for box in step.boxes if len(box.lines) > 1)
        repeated = [body for body, times in bodies.items() if times > 1]
        assert repeated == [], f"{step.title!r} prints this more than once: {repeated}"


def test_no_chapter_shows_an_earlier_message_again(steps: list[Step]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for step in steps:
        for box in step.boxes:
            if len(box.lines) < 2:
                continue
            key = (step.chapter, box.title, box.body)
            assert key not in seen, f"{step.title!r} repeats {box.title!r} from {seen[key]!r}"
            seen[key] = step.title


def test_people_read_names_never_ids_or_slugs(steps: list[Step]) -> None:
    text = read_text(steps)

    assert [line for line in text if SLACK_ID.search(line)] == []
    assert [line for line in text if SLUG.search(line)] == []
    assert any("#events" in line for line in text)
    assert any("#residents" in line for line in text)


def test_no_mentor_is_shown_above_capacity_or_with_a_person_twice(steps: list[Step]) -> None:
    text = read_text(steps)
    loads = [(int(held), int(cap)) for line in text for held, cap in LOAD.findall(line)]
    full = [
        (int(held), int(cap))
        for line in text
        if "Full:" in line
        for held, cap in FULL.findall(line)
    ]
    people = [match.split(", ") for line in text for match in PEOPLE_LISTS.findall(line)]

    assert loads and all(held <= cap for held, cap in loads), loads
    assert all(held <= cap for held, cap in full), full
    assert people and all(len(names) == len(set(names)) for names in people), people
