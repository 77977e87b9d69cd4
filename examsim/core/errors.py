"""Errors the user can act on, shared by the core, the CLI and the TUI (neither imports the other).

Each message says what is wrong and what to do. `status` is the CLI's exit status for it:
1 the input has errors, 2 the input or the environment is unusable.
"""

from __future__ import annotations


class ExamsimError(Exception):
    """A problem the user can act on; the message says what and how."""

    status = 2


class RunNotFinished(ExamsimError):
    """A report or a review was asked of a run that is still open (or was never taken)."""

    status = 1


class StoreError(ExamsimError):
    """The data store cannot be used as it is; the message says why and what to do.
    (Here, not in examsim.core.store, so that screens catch it without importing the store.)"""


class RatingRefused(ValueError):
    """A rating cannot replace this item's review; the message says why, for the candidate.
    Raised by the Session and the study loop, shown by the drill screen."""
