"""The built-in contact center: one engine serving the Webex and CXone agent APIs."""
