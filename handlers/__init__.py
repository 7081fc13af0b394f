"""Slack listeners: one module per callback, registered by `handlers.registry.register_all`."""
