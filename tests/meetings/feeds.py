"""Calendar feeds served from loopback: a call schedule, a clinic, an OR day, a slow and a
broken feed. Times are around the test clock's Monday 23 November 2026 (New York)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CALL_SCHEDULE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Amion//Call//EN
BEGIN:VEVENT
UID:call-1@amion
DTSTAMP:20261101T000000Z
DTSTART:20261124T220000Z
DTEND:20261125T120000Z
SUMMARY:Night call
END:VEVENT
BEGIN:VEVENT
UID:call-2@amion
DTSTAMP:20261101T000000Z
DTSTART:20261130T220000Z
DTEND:20261201T120000Z
SUMMARY:Night call
END:VEVENT
BEGIN:VEVENT
UID:free-1@amion
DTSTAMP:20261101T000000Z
DTSTART:20261202T210000Z
DTEND:20261202T230000Z
TRANSP:TRANSPARENT
SUMMARY:Optional journal club
END:VEVENT
END:VCALENDAR
"""

CLINIC = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Outlook//Clinic//EN
BEGIN:VEVENT
UID:clinic@hospital
DTSTAMP:20261101T000000Z
DTSTART;TZID=America/New_York:20261126T130000
DTEND;TZID=America/New_York:20261126T170000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/New_York:20261203T130000
SUMMARY:Clinic
END:VEVENT
END:VCALENDAR
"""

OR_DAY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//QGenda//OR//EN
BEGIN:VEVENT
UID:or-day@qgenda
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261127
DTEND;VALUE=DATE:20261128
SUMMARY:OR day
END:VEVENT
END:VCALENDAR
"""

MALFORMED = "BEGIN:VCALENDAR\nthis is not a calendar\nBEGIN:VEVENT\nDTSTART:yesterday\n"

FEEDS = {
    "/call.ics": CALL_SCHEDULE,
    "/clinic.ics": CLINIC,
    "/or.ics": OR_DAY,
    "/bad.ics": MALFORMED,
}


class FeedServer:
    def __init__(self, server: ThreadingHTTPServer, release: threading.Event) -> None:
        self.server = server
        self.release = release

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """Serves FEEDS; /slow.ics answers only once the test is over (a feed that times out)."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/slow.ics":
                release.wait(10)
                return
            body = FEEDS.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            raw = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield FeedServer(server, release)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
