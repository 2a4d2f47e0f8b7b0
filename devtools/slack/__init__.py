"""The fake Slack Web API, a signed request driver and the local Slack harness."""
