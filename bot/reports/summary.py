"""The report as a chat message: headline figures, who needs attention, and what is attached."""

from bot.replies import Divider, Fields, Header, Part, Reply, Strong, bullet_list, note, paragraph
from bot.reports.model import ProgramReport
from bot.reports.tables import figure_groups, no_sections_text, period_text

LISTED = 5


def _names(rows: tuple[str, ...]) -> str:
    shown = ", ".join(rows[:LISTED])
    return shown + (f" and {len(rows) - LISTED} more" if len(rows) > LISTED else "")


def report_summary(report: ProgramReport) -> Reply:
    """Headline figures for organizers; the charts and the CSV travel as files beside it."""
    parts: list[Part] = [
        Header("Rounds program report"),
        paragraph(period_text(report)),
    ]
    if report.is_empty:
        parts.append(paragraph("No mentoring activity in this period."))
    for group in figure_groups(report):
        parts += [paragraph(Strong(group.title)), Fields(group.items)]
    if (missing := no_sections_text(report)) is not None:
        parts.append(note(missing))
    if report.full_mentors:
        names = tuple(f"{row.name} ({row.active}/{row.capacity})" for row in report.full_mentors)
        parts.append(paragraph(Strong("Full: "), _names(names)))
    if report.unused_mentors:
        parts.append(
            paragraph(Strong("Unused: "), _names(tuple(r.name for r in report.unused_mentors)))
        )
    if report.stuck:
        parts.append(paragraph(Strong("Stuck and unmatched requests")))
        parts.extend(
            bullet_list(
                (f"#{row.request_id} ", row.mentee, f": {row.why}") for row in report.stuck[:LISTED]
            )
        )
        if len(report.stuck) > LISTED:
            parts.append(note(f"…and {len(report.stuck) - LISTED} more in the CSV."))
    parts += [
        Divider(),
        note(
            "Feedback averages appear only for groups of 3 or more people; comments are never "
            "shown. Definitions are in the HTML report (rounds report)."
        ),
    ]
    return Reply(tuple(parts), summary=f"Rounds program report, {period_text(report)}")
