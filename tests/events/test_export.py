from __future__ import annotations

import csv
import html
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.events import EventSpec, Expert, Mentee, Plan, plan_event
from bot.events.export import plan_to_csv, plan_to_html


def _small_plan(mentee_name: str = "Ana", expert_name: str = "Dr Bo") -> Plan:
    experts = [
        Expert("a", expert_name, "ICU", "1"),
        Expert("b", "Dr Cy", "Surgery", "2"),
    ]
    mentees = [Mentee(f"m{i}", f"{mentee_name} {i}", ("ICU",)) for i in range(4)]
    mentees.append(Mentee("late", "Wait Ing"))
    return plan_event(experts, mentees, EventSpec(rounds=2, table_min=2, table_max=2))


def test_csv_has_a_row_per_mentee_per_round_and_the_waitlist() -> None:
    plan = _small_plan()
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan))))
    seated = [row for row in rows if row["status"] == "seated"]
    assert len(seated) == 8
    assert {row["status"] for row in rows} == {"seated", "waitlisted"}
    waitlisted = [row for row in rows if row["status"] == "waitlisted"]
    assert [row["mentee_id"] for row in waitlisted] == ["late"]
    assert "event full" in waitlisted[0]["note"]
    icu = [row for row in seated if row["topic"] == "ICU"]
    assert all(row["preference_rank"] == "1" for row in icu)


def test_html_has_cards_for_tables_and_people() -> None:
    plan = _small_plan()
    page = plan_to_html(plan, "Grand Rounds <2026>")
    assert page.startswith("<!DOCTYPE html>")
    assert "Grand Rounds &lt;2026&gt;" in page
    assert page.count("<h2") >= 3 + 2
    assert "Table 1" in page and "Dr Bo" in page and "Ana 0" in page
    assert "Wait Ing" in page


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12))
def test_html_escapes_every_name(mentee_text: str, expert_text: str) -> None:
    mentee_name, expert_name = f"<i>{mentee_text}</i>", f"<i>{expert_text}</i>"
    page = plan_to_html(_small_plan(mentee_name, expert_name), "Event")
    assert "<i>" not in page
    assert html.escape(f"{mentee_name} 0") in page
    assert html.escape(expert_name) in page
