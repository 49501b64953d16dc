"""NICE CXone: wire models and the agent API client."""
