"""Test doubles and the demo: a fake Slack Web API, a fake Bot Connector, drivers, harnesses.

Used by `rounds demo` and by the tests; the product in `handlers/` never imports them.
"""
