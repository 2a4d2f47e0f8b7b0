from __future__ import annotations

import csv
import html
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.events import EventSpec, Expert, Mentee, Plan, plan_event
from bot.events.export import plain_summary, plan_to_csv, plan_to_html

# These plans only feed the exports, so their search gets a short budget.
QUICK = 0.05


def _small_plan(
    mentee_name: str = "Ana", expert_name: str = "Dr Bo", search_seconds: float = QUICK
) -> Plan:
    experts = [
        Expert("a", expert_name, "ICU", "1"),
        Expert("b", "Dr Cy", "Surgery", "2"),
    ]
    mentees = [Mentee(f"m{i}", f"{mentee_name} {i}", ("ICU",)) for i in range(4)]
    mentees.append(Mentee("late", "Wait Ing"))
    return plan_event(
        experts,
        mentees,
        EventSpec(rounds=2, table_min=2, table_max=2),
        search_seconds=search_seconds,
    )


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
    # Escaping does not depend on where people sit, so no seat search for each example.
    page = plan_to_html(_small_plan(mentee_name, expert_name, search_seconds=0), "Event")
    assert "<i>" not in page
    assert html.escape(f"{mentee_name} 0") in page
    assert html.escape(expert_name) in page


def test_the_summary_says_in_words_what_mentees_get_and_how_often_pairs_meet_again() -> None:
    topics = ["ICU", "Surgery", "Research"]
    experts = [Expert(f"e{i}", f"Dr {i}", topics[i], f"T{i}") for i in range(3)]
    mentees = [Mentee(f"m{i}", f"M {i}", ("ICU", "Surgery")) for i in range(9)]
    plan = plan_event(
        experts, mentees, EventSpec(rounds=2, table_min=3, table_max=3), search_seconds=QUICK
    )
    assert plain_summary(plan).startswith("every mentee meets at least 1 of their 2 top topics; ")
    pairs = plan.figures.repeated_mentee_pairs
    assert plain_summary(plan).endswith(
        "no two mentees meet twice" if pairs == 0 else f"{pairs} pairs meet twice"
    )


def test_the_summary_opens_the_printed_figures() -> None:
    page = plan_to_html(_small_plan(), "Day")
    assert "every mentee meets each of their top topics" in page
