"""Program reports for organizers, personal summaries, and monthly thanks to mentors."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.reports.build import build_report
    from bot.reports.charts import Chart, report_charts
    from bot.reports.export import report_csv, report_html
    from bot.reports.model import MIN_CONTRIBUTORS, ProgramReport
    from bot.reports.sections import SECTIONS, ProgramSection, register_section
    from bot.reports.summary import report_summary

# A re-export loads its module on first use only, so importing one light part of reports
# (the notices, the sections registry) never drags in the report builder or chart drawing.
_HOMES = {
    "build_report": "bot.reports.build",
    "Chart": "bot.reports.charts",
    "report_charts": "bot.reports.charts",
    "report_csv": "bot.reports.export",
    "report_html": "bot.reports.export",
    "MIN_CONTRIBUTORS": "bot.reports.model",
    "ProgramReport": "bot.reports.model",
    "SECTIONS": "bot.reports.sections",
    "ProgramSection": "bot.reports.sections",
    "register_section": "bot.reports.sections",
    "report_summary": "bot.reports.summary",
}

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
