"""The report's charts as PNG images, drawn with matplotlib off screen."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.reports.model import ProgramReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

COLORS = ("#1d4e89", "#e07a1f", "#3a9d5d", "#8c8c8c")


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    png: bytes


def _png(draw: Callable[[Figure], None], width: float = 7.0, height: float = 3.6) -> bytes:
    # matplotlib takes a third of a second to import: only drawing a report pays for it.
    import matplotlib

    # A server has no display: draw to memory only, whatever the environment asks for.
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Figure objects, unlike pyplot, keep no global state, so threads can draw at once.
    figure = Figure(figsize=(width, height), dpi=110)
    draw(figure)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _integer_ticks() -> MaxNLocator:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _trends(report: ProgramReport) -> Callable[[Figure], None]:
    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        months = [row.month for row in report.months]
        series = (
            ("Requests", [row.requests for row in report.months]),
            ("Matches", [row.matches for row in report.months]),
            ("Meetings held", [row.meetings for row in report.months]),
            ("Goals done", [row.goals_done for row in report.months]),
        )
        width = 0.8 / len(series)
        for index, (label, values) in enumerate(series):
            positions = [m + (index - 1.5) * width for m in range(len(months))]
            axes.bar(positions, values, width, label=label, color=COLORS[index])
        axes.set_xticks(range(len(months)), months)
        axes.set_title("Month by month")
        axes.legend(frameon=False, fontsize=8)
        axes.yaxis.set_major_locator(_integer_ticks())

    return draw


def _mentor_load(report: ProgramReport) -> Callable[[Figure], None]:
    rows = report.mentor_load[:20]

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        names = [row.name for row in rows][::-1]
        axes.barh(names, [row.capacity for row in rows][::-1], color="#d9d9d9", label="Capacity")
        axes.barh(
            names, [row.active for row in rows][::-1], height=0.5, color=COLORS[0], label="Active"
        )
        axes.set_title("Mentor load at the end of the period")
        axes.legend(frameon=False, fontsize=8)
        axes.xaxis.set_major_locator(_integer_ticks())

    return draw


def _usefulness(report: ProgramReport) -> Callable[[Figure], None]:
    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.bar([1, 2, 3, 4, 5], report.feedback.usefulness_counts, color=COLORS[2])
        axes.set_xticks([1, 2, 3, 4, 5])
        axes.set_xlabel("Usefulness (1 = not useful, 5 = very useful)")
        axes.set_title("Feedback scores")
        axes.yaxis.set_major_locator(_integer_ticks())

    return draw


def _participation(report: ProgramReport) -> Callable[[Figure], None]:
    rows = report.participation.by_career_stage

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        groups = range(len(rows))
        axes.bar(
            [g - 0.2 for g in groups],
            [r.active_mentees for r in rows],
            0.4,
            label="Active mentees",
            color=COLORS[0],
        )
        axes.bar(
            [g + 0.2 for g in groups],
            [r.active_mentors for r in rows],
            0.4,
            label="Active mentors",
            color=COLORS[1],
        )
        axes.set_xticks(list(groups), [r.group for r in rows], rotation=30, ha="right")
        axes.set_title("Who took part, by career stage")
        axes.legend(frameon=False, fontsize=8)
        axes.yaxis.set_major_locator(_integer_ticks())

    return draw


def report_charts(report: ProgramReport) -> list[Chart]:
    """PNG charts for what the period holds; none for an empty period."""
    charts: list[Chart] = []
    if any(row.requests or row.matches or row.meetings or row.goals_done for row in report.months):
        charts.append(Chart("trends.png", "Month by month", _png(_trends(report))))
    if report.participation.by_career_stage and not report.is_empty:
        charts.append(Chart("participation.png", "Who took part", _png(_participation(report))))
    if report.mentor_load and not report.is_empty:
        height = 1.6 + 0.3 * min(len(report.mentor_load), 20)
        charts.append(
            Chart("mentor-load.png", "Mentor load", _png(_mentor_load(report), height=height))
        )
    if report.feedback.responses:
        charts.append(Chart("feedback.png", "Feedback scores", _png(_usefulness(report))))
    return charts
