"""Signing in to a real tenant and staying signed in, with no Textual: the OAuth flows a
terminal can use (`flows`), where each platform serves them (`endpoints`), and refresh tokens
kept in the OS keyring (`keeping`)."""
