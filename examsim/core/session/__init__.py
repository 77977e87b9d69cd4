"""The exam in progress (see machine.Session), split along its seams:

- clock.RunClock: pure time (elapsed, the limit, warnings, autosave due); no store.
- sheet.AnswerSheet: the candidate's marks, shown <-> canonical indexes, answer states and
  counts; no store, no clock. rules: what an item accepts and what a key press makes of an
  answer; undo.AnswerHistory: the answers undo walks back through.
- record.RunRecord: one run's writes to the Store, each with the clock, before memory changes.
- machine.Session: the state machine composing them (start, close, goto, submit, expiry,
  guards), with answering.Answering (changes to the sheet) and reviewing.Reviewing (quiz
  feedback, FSRS reviews through an injected reviews.CardReviews, drill ratings).
- finished.open_finished: a finished run, read-only.

examsim.core.runs opens runs for the app with the study loop wired in.
"""

from examsim.core.errors import RatingRefused
from examsim.core.session.clock import AUTOSAVE_SECONDS, WARNINGS_AT_MINUTES
from examsim.core.session.finished import open_finished
from examsim.core.session.machine import ItemLocked, Session, SessionFinished, State
from examsim.core.session.reviewing import CheckVerdict
from examsim.core.session.reviews import CardReviews
from examsim.core.session.rules import AnswerRefused
from examsim.core.session.sheet import CONFIDENCE_LEVELS, Counts

__all__ = ["AUTOSAVE_SECONDS", "CONFIDENCE_LEVELS", "WARNINGS_AT_MINUTES", "AnswerRefused", "CardReviews", "CheckVerdict",
           "Counts", "ItemLocked", "RatingRefused", "Session", "SessionFinished", "State", "open_finished"]
