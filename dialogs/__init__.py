"""Conversation flows: thin route modules that collect input and call domain services.

Each feature module exposes ``register(app, services, commands)``; list it in
``FEATURE_MODULES`` (invoke/card routes are registered before the catch-all message route).
"""

FEATURE_MODULES: tuple[str, ...] = ()
