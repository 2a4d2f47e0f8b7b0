"""Program reports for organizers, personal summaries, and monthly thanks to mentors."""

from bot.reports.build import build_report
from bot.reports.charts import Chart, report_charts
from bot.reports.export import report_csv, report_html
from bot.reports.model import MIN_CONTRIBUTORS, ProgramReport
from bot.reports.sections import SECTIONS, ProgramSection, register_section
from bot.reports.summary import report_summary

__all__ = [
    "MIN_CONTRIBUTORS",
    "SECTIONS",
    "Chart",
    "ProgramReport",
    "ProgramSection",
    "build_report",
    "register_section",
    "report_charts",
    "report_csv",
    "report_html",
    "report_summary",
]
