"""Platform backends: one client per contact-center wire protocol."""
