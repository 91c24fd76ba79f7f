"""Self-check helpers for assignment test cells.

A failed check raises :class:`CheckFailed` whose message says what is wrong and why it matters, so a
learner never has to read a bare ``AssertionError``. ``CheckFailed`` is an ``AssertionError`` so that
nbgrader counts the test cell as failed.
"""

from __future__ import annotations


class CheckFailed(AssertionError):
    """A self-check did not pass; the message is written for the learner."""

    def _render_traceback_(self):  # IPython shows only this instead of a long traceback
        return [f"\u274c Not yet: {self}"]


def check(condition: object, message: str) -> None:
    """Raise :class:`CheckFailed` with ``message`` unless ``condition`` is true."""
    if not condition:
        raise CheckFailed(message)
