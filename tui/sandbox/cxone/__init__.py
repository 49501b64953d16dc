"""The NICE CXone agent API over the engine: router, long poll, events, input, errors,
and the edge (path casing, CorrelationId).

May import the engine, the sandbox's shared HTTP modules and `tui.backends.cxone.wire` only.
"""
