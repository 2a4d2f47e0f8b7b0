"""The report as a CSV of its rows and as one self-contained HTML page."""

import base64
import csv
import io
from collections.abc import Sequence
from html import escape

from bot.reports.charts import Chart
from bot.reports.model import ProgramReport
from bot.reports.tables import figure_groups, no_sections_text, period_text, tables

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:60rem;
color:#1b1b1b;padding:0 1rem}
h1{color:#1d4e89}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ddd;padding:.25rem .6rem;
text-align:left}th{background:#f3f6fa}.figures{display:flex;flex-wrap:wrap;gap:1rem}
.figures table{min-width:18rem}img{max-width:100%}footer{color:#555;font-size:.9rem}
"""


def report_csv(report: ProgramReport) -> str:
    """Every table behind the report, one after another, each headed by its name.

    Holds no free text and no feedback by person: feedback appears only as group counts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("report", "Rounds program report", period_text(report)))
    for table in tables(report):
        writer.writerow(())
        writer.writerow((f"# {table.name}",))
        writer.writerow(table.header)
        writer.writerows(table.rows)
    return buffer.getvalue()


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    head = f"<thead><tr>{cells}</tr></thead>" if header else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table>{head}<tbody>{body}</tbody></table>"


def report_html(report: ProgramReport, charts: Sequence[Chart]) -> str:
    """One HTML file with everything in it, charts included as data URIs."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Rounds program report, {escape(period_text(report))}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Rounds program report</h1>",
        f"<p>{escape(period_text(report))}</p>",
    ]
    if report.is_empty:
        parts.append("<p>No mentoring activity in this period.</p>")
    parts.append('<div class="figures">')
    for group in figure_groups(report):
        parts.append(f"<section><h2>{escape(group.title)}</h2>")
        parts.append(_html_table((), group.items))
        parts.append("</section>")
    parts.append("</div>")
    if (missing := no_sections_text(report)) is not None:
        parts.append(f"<p>{escape(missing)}</p>")
    for chart in charts:
        data = base64.b64encode(chart.png).decode("ascii")
        parts.append(
            f"<h2>{escape(chart.title)}</h2>"
            f'<img alt="{escape(chart.title)}" src="data:image/png;base64,{data}">'
        )
    for table in tables(report):
        if table.name == "requests":
            continue
        parts.append(f"<h2>{escape(table.title)}</h2>")
        parts.append(
            _html_table(table.header, table.rows) if table.rows else "<p>None in this period.</p>"
        )
    parts.append("<footer><h2>How the figures are defined</h2><ul>")
    parts.extend(f"<li>{escape(line)}</li>" for line in report.definitions)
    parts.append("</ul></footer></body></html>")
    return "\n".join(parts)
