"""The contact center itself, protocol-neutral: org, engine, store, hub, traffic, sign-in limits.

Imports only its own modules at run time: no FastAPI, no router, nothing of the client side.
"""
