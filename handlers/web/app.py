"""Starlette app for the room's pages; every page is reached only through a secret link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import segno
from a2wsgi import ASGIMiddleware
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.bootstrap import Services
from bot.events.conference import Conference, LinkNotFound
from bot.events.conference.links import checkin_token
from bot.events.live import EventProblem
from handlers.web.state import board_json, countdown_label, headline, seat_json

HERE = Path(__file__).parent
WEB_PREFIXES = ("/board/", "/checkin/", "/seat/", "/static/")
# Tokens ride in the path: keep them out of Referer headers, caches and search engines.
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
NOT_FOUND = "This link does not work any more. Ask the organizer for the current one."
Endpoint = Callable[[Request], Awaitable[Response]]


def _templates() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
    )
    environment.filters["clock"] = lambda moment, zone: moment.astimezone(ZoneInfo(zone)).strftime(
        "%H:%M"
    )
    return environment


class RoomPages:
    """The endpoints, each reading the conference service on a worker thread."""

    def __init__(self, conference: Conference, public_url: str | None) -> None:
        self.conference = conference
        self.public_url = public_url.rstrip("/") if public_url else None
        self.templates = _templates()

    def page(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**values)
        return HTMLResponse(html, status_code=status, headers=PRIVATE_HEADERS)

    def checkin_url(self, request: Request, board_token: str) -> str:
        """Where the QR code leads: PUBLIC_URL when set, else the address the board came from."""
        base = self.public_url or str(request.base_url).rstrip("/")
        return f"{base}/checkin/{checkin_token(board_token)}"

    def qr_svg(self, url: str) -> str:
        return str(
            segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff", omitsize=True)
        )

    async def board(self, request: Request) -> Response:
        token = request.path_params["token"]
        view = await run_in_threadpool(self.conference.board, token)
        checkin = self.checkin_url(request, token)
        return self.page(
            "board.html",
            view=view,
            state=board_json(view),
            headline=headline(view),
            countdown_label=countdown_label(view),
            checkin_url=checkin,
            qr=self.qr_svg(checkin),
            state_url=f"/board/{token}/state",
        )

    async def board_state(self, request: Request) -> Response:
        view = await run_in_threadpool(self.conference.board, request.path_params["token"])
        return JSONResponse(board_json(view), headers=PRIVATE_HEADERS)

    async def poster(self, request: Request) -> Response:
        token = request.path_params["token"]
        view = await run_in_threadpool(self.conference.printables, token)
        checkin = self.checkin_url(request, token)
        return self.page("poster.html", view=view, checkin_url=checkin, qr=self.qr_svg(checkin))

    async def cards(self, request: Request) -> Response:
        view = await run_in_threadpool(self.conference.printables, request.path_params["token"])
        return self.page("cards.html", view=view)

    async def schedule(self, request: Request) -> Response:
        view = await run_in_threadpool(self.conference.printables, request.path_params["token"])
        return self.page("schedule.html", view=view)

    async def checkin(self, request: Request) -> Response:
        token = request.path_params["token"]
        view = await run_in_threadpool(self.conference.checkin_page, token)
        if request.method == "GET":
            return self.page("checkin.html", view=view, problem=None, values={})
        form = await request.form()
        values = {key: str(value) for key, value in form.items() if isinstance(value, str)}
        try:
            if values.get("mentee"):
                seat = await run_in_threadpool(
                    self.conference.check_in, token, int(values["mentee"])
                )
            else:
                topics = [str(t) for t in form.getlist("topic") if isinstance(t, str)]
                seat = await run_in_threadpool(
                    self.conference.check_in_guest,
                    token,
                    values.get("name", ""),
                    values.get("email", ""),
                    topics,
                )
        except (EventProblem, ValueError) as problem:
            message = problem.message if isinstance(problem, EventProblem) else "Tap your name."
            return self.page("checkin.html", 422, view=view, problem=message, values=values)
        return RedirectResponse(f"/seat/{seat}", status_code=303, headers=PRIVATE_HEADERS)

    async def seat(self, request: Request) -> Response:
        token = request.path_params["token"]
        view = await run_in_threadpool(self.conference.seat, token)
        state_url = f"/seat/{token}/state"
        return self.page("seat.html", view=view, state=seat_json(view), state_url=state_url)

    async def seat_state(self, request: Request) -> Response:
        view = await run_in_threadpool(self.conference.seat, request.path_params["token"])
        return JSONResponse(seat_json(view), headers=PRIVATE_HEADERS)

    async def gone(self, request: Request, _error: Exception) -> Response:
        if request.url.path.endswith("/state"):
            return JSONResponse({"error": NOT_FOUND}, 404, headers=PRIVATE_HEADERS)
        return self.page("gone.html", 404, message=NOT_FOUND)


def web_wsgi(services: Services) -> Any:
    """The room's pages as a WSGI app, to share the one waitress server with Slack's endpoint."""
    return ASGIMiddleware(web_app(services))  # type: ignore[arg-type]


def web_app(services: Services) -> Starlette:
    """The room's pages for the services' conference mode."""
    pages = RoomPages(services.conference, services.settings.PUBLIC_URL)
    routes = [
        Route("/board/{token}", pages.board),
        Route("/board/{token}/state", pages.board_state),
        Route("/board/{token}/poster", pages.poster),
        Route("/board/{token}/cards", pages.cards),
        Route("/board/{token}/schedule", pages.schedule),
        Route("/checkin/{token}", pages.checkin, methods=["GET", "POST"]),
        Route("/seat/{token}", pages.seat),
        Route("/seat/{token}/state", pages.seat_state),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={LinkNotFound: pages.gone})
