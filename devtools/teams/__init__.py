"""The fake Bot Connector and the local Teams harness."""
