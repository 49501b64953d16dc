"""Webex Contact Center: wire models and the agent API client."""
