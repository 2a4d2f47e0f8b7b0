"""Schedules for people: a CSV for spreadsheets and a printable HTML page."""

from __future__ import annotations

import csv
import io
from html import escape

from bot.events.model import Expert, Itinerary, Mentee, Plan, PlanFigures, StopKind
from bot.events.scoring import TOP_POINTS, ranks_by_topic, topic_key
from bot.replies import counted

CSV_COLUMNS = (
    "round",
    "status",
    "table",
    "expert_id",
    "expert_name",
    "topic",
    "mentee_id",
    "mentee_name",
    "preference_rank",
    "note",
)


def plan_to_csv(plan: Plan) -> str:
    """One row per mentee per round (seated, free round, not attending), then the waitlist."""
    experts = {expert.expert_id: expert for expert in plan.experts}
    mentees = {mentee.mentee_id: mentee for mentee in plan.mentees}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for round_number in plan.spec.round_numbers:
        for itinerary in plan.itineraries:
            stop = itinerary.stops[round_number - 1]
            mentee = mentees[itinerary.mentee_id]
            expert = experts.get(stop.expert_id or "")
            writer.writerow(
                (
                    round_number,
                    stop.kind.value,
                    stop.table or "",
                    expert.expert_id if expert else "",
                    expert.name if expert else "",
                    stop.topic or "",
                    mentee.mentee_id,
                    mentee.name,
                    _rank_text(mentee, expert),
                    "",
                )
            )
    for entry in plan.waitlist:
        mentee = mentees[entry.mentee_id]
        writer.writerow(
            ("", "waitlisted", "", "", "", "", mentee.mentee_id, mentee.name, "", entry.reason)
        )
    return buffer.getvalue()


def _rank_text(mentee: Mentee, expert: Expert | None) -> str:
    if expert is None:
        return ""
    rank = ranks_by_topic(mentee.ranked_topics).get(topic_key(expert.topic))
    return "" if rank is None else str(rank)


def plan_lines(plan: Plan) -> list[str]:
    """A plain-words summary of the plan, then its figures."""
    return [plain_summary(plan), *figures_lines(plan.figures)]


def plain_summary(plan: Plan) -> str:
    """What people will notice, e.g. "every mentee meets 4 of their 5 top topics; ..."."""
    figures = plan.figures
    parts = [_topics_text(plan)] if plan.itineraries else []
    pairs = figures.repeated_mentee_pairs
    parts.append(
        "no two mentees meet twice"
        if pairs == 0
        else f"{pairs} {'pair meets' if pairs == 1 else 'pairs meet'} twice"
    )
    if figures.expert_repeats:
        parts.append(f"{figures.expert_repeats} meetings repeat an expert")
    if figures.meetings_short:
        parts.append(f"{figures.meetings_short} meetings short of what people could have")
    return "; ".join(part for part in parts if part)


def _topics_text(plan: Plan) -> str:
    """How many of their top topics (those some expert covers) each mentee meets."""
    offered = {topic_key(expert.topic) for expert in plan.experts}
    topic_of = {expert.expert_id: topic_key(expert.topic) for expert in plan.experts}
    ranked = {m.mentee_id: m.ranked_topics for m in plan.mentees}
    counts: list[tuple[int, int]] = []
    for itinerary in plan.itineraries:
        top = {t for t in ranks_by_topic(ranked[itinerary.mentee_id][:TOP_POINTS]) if t in offered}
        met = {topic_of[s.expert_id] for s in itinerary.stops if s.expert_id is not None}
        if top:
            counts.append((len(top & met), len(top)))
    if not counts:
        return ""
    if all(met == wanted for met, wanted in counts):
        return "every mentee meets each of their top topics"
    fewest = min(met for met, _ in counts)
    wanted_sizes = {wanted for _, wanted in counts}
    everyone = len(counts) == len(plan.itineraries)
    who = "every mentee" if everyone else "every mentee who ranked topics"
    if len(wanted_sizes) == 1:
        return f"{who} meets at least {fewest} of their {wanted_sizes.pop()} top topics"
    meets_all = sum(met == wanted for met, wanted in counts)
    return (
        f"{who} meets at least {fewest} of their top topics; "
        f"{meets_all} of {len(counts)} meet all of them"
    )


_ORDINALS = ("1st", "2nd", "3rd", "4th", "5th")


def figures_lines(figures: PlanFigures) -> list[str]:
    """The plan's figures as short lines an organizer reads, for a terminal or a page."""
    sizes = "; ".join(
        f"round {size.round_number}: {size.smallest} to {size.largest}"
        if size.smallest != size.largest
        else f"round {size.round_number}: {size.smallest}"
        for size in figures.table_sizes
    )
    ranks = ", ".join(
        f"{_ORDINALS[rank - 1] if rank <= len(_ORDINALS) else f'{rank}th'} choice {count}"
        for rank, count in enumerate(figures.meetings_by_rank[:-1], 1)
    )
    return [
        f"Taking part: {counted(figures.participants, 'mentee')}; "
        f"on the waitlist: {figures.waitlisted}",
        f"Topic wishes met: {figures.preference_ratio:.0%} of the best any seating could do",
        f"Meetings on each mentee's topics: {ranks}; "
        f"on a topic they did not pick: {figures.meetings_by_rank[-1]}",
        f"Mentees per table: {sizes}",
        f"Mentees seated together twice: {counted(figures.repeated_mentee_pairs, 'pair')}",
        f"Mentees meeting the same expert twice: {figures.expert_repeats}",
        f"Meetings short of each mentee's target: {figures.meetings_short}",
    ]


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
h1 { margin-bottom: .2rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid #333; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; }
.card { border: 1px solid #555; border-radius: 6px; padding: .6rem .8rem; width: 15rem;
        break-inside: avoid; page-break-inside: avoid; }
.card h3 { margin: 0 0 .3rem; font-size: 1.05rem; }
.card .sub { color: #444; font-size: .9rem; margin-bottom: .3rem; }
.card ol, .card ul { margin: 0; padding-left: 1.2rem; }
.free { color: #777; font-style: italic; }
.figures li { margin: .1rem 0; }
@media print { h2 { page-break-before: always; } h2.first { page-break-before: avoid; } }
"""


def plan_to_html(plan: Plan, event_name: str) -> str:
    """A self-contained printable page: a card per table per round, a card per person."""
    experts = {expert.expert_id: expert for expert in plan.experts}
    mentees = {mentee.mentee_id: mentee for mentee in plan.mentees}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(event_name)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(event_name)}</h1>",
        '<ul class="figures">',
        *(f"<li>{escape(line)}</li>" for line in plan_lines(plan)),
        "</ul>",
    ]
    for seating in plan.rounds:
        heading_class = ' class="first"' if seating.round_number == 1 else ""
        parts.append(f"<h2{heading_class}>Round {seating.round_number}</h2>")
        parts.append('<div class="cards">')
        for table in seating.tables:
            expert = experts[table.expert_id]
            names = "".join(f"<li>{escape(mentees[m].name)}</li>" for m in table.mentee_ids)
            parts.append(
                f'<div class="card"><h3>Table {escape(table.table)}</h3>'
                f'<div class="sub">{escape(expert.name)} · {escape(table.topic)}</div>'
                f"<ul>{names}</ul></div>"
            )
        if seating.free_mentee_ids:
            names = ", ".join(escape(mentees[m].name) for m in seating.free_mentee_ids)
            parts.append(
                f'<div class="card"><h3>Free round</h3><div class="free">{names}</div></div>'
            )
        parts.append("</div>")
    parts.append("<h2>Mentee itineraries</h2>")
    parts.append('<div class="cards">')
    parts.extend(_mentee_card(mentees[it.mentee_id], it, experts) for it in plan.itineraries)
    parts.append("</div>")
    parts.append("<h2>Expert schedules</h2>")
    parts.append('<div class="cards">')
    parts.extend(_expert_card(expert, plan) for expert in plan.experts)
    parts.append("</div>")
    if plan.waitlist:
        parts.append("<h2>Waitlist</h2><ul>")
        parts.extend(
            f"<li>{escape(mentees[entry.mentee_id].name)}: {escape(entry.reason)}</li>"
            for entry in plan.waitlist
        )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _mentee_card(mentee: Mentee, itinerary: Itinerary, experts: dict[str, Expert]) -> str:
    lines = []
    for stop in itinerary.stops:
        if stop.kind is StopKind.SEATED and stop.expert_id is not None:
            expert = experts[stop.expert_id]
            lines.append(
                f"<li>Table {escape(stop.table or '')}: {escape(expert.name)}"
                f" · {escape(stop.topic or '')}</li>"
            )
        else:
            lines.append(f'<li class="free">{escape(stop.kind.value)}</li>')
    return f'<div class="card"><h3>{escape(mentee.name)}</h3><ol>{"".join(lines)}</ol></div>'


def _expert_card(expert: Expert, plan: Plan) -> str:
    lines = []
    for seating in plan.rounds:
        table = next((t for t in seating.tables if t.expert_id == expert.expert_id), None)
        if table is not None:
            lines.append(f"<li>Table {escape(table.table)}: {len(table.mentee_ids)} mentees</li>")
        elif expert.present_in(seating.round_number):
            lines.append('<li class="free">no group this round</li>')
        else:
            lines.append('<li class="free">absent</li>')
    return (
        f'<div class="card"><h3>{escape(expert.name)}</h3>'
        f'<div class="sub">{escape(expert.topic)}</div><ol>{"".join(lines)}</ol></div>'
    )
