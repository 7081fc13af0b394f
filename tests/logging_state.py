"""For tests that call `bot.logs.configure_logging`: it replaces the root logger's handlers and
sets levels process-wide, so put everything back afterwards (pytest's own handlers included)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


def _loggers() -> dict[str, logging.Logger]:
    return {
        name: logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }


@contextmanager
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, root_level = root.handlers[:], root.level
    levels = {name: logger.level for name, logger in _loggers().items()}
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(root_level)
        for name, logger in _loggers().items():
            logger.setLevel(levels.get(name, logging.NOTSET))
