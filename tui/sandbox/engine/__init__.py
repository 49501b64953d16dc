"""The contact center itself, protocol-neutral: org, engine, store, hub, traffic, sign-in limits.

Imports its own modules and the sandbox's plain `config` only: no FastAPI, router or client side.
"""
