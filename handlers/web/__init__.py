"""The room's web pages (board, check-in, seat pages, printables), served beside Slack's
endpoint by the one HTTP server, in HTTP and in Socket Mode alike."""

from handlers.web.app import WEB_PREFIXES, web_app, web_wsgi

__all__ = ["WEB_PREFIXES", "web_app", "web_wsgi"]
