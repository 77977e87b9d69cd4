"""What a run needs from the spaced-repetition schedule, as the Session sees it.

The Session imports nothing from the study loop: whoever opens a run hands it a CardReviews
(examsim.core.runs wires its FsrsReviews, over examsim.core.study, for the app and the tests'
helpers). A Session without one (a practice session with no store, a finished run read
back) reviews nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from examsim.core.assembler import Exam
from examsim.core.items import Item, Response
from examsim.core.profiles import Profile


class CardReviews(Protocol):
    def review(self, run_id: int, exam: Exam, responses: dict[int, Response], profile: Profile,
               indexes: set[int]) -> dict[int, dict]:
        """Review the cards of these items (shown, not yet reviewed) and mark the items reviewed,
        in one transaction; the reviews given, by item index."""

    def replace(self, run_id: int, index: int, item: Item, review: dict, rating: int) -> dict:
        """The item's review done again at the candidate's rating (1-4); the new review.
        Raises RatingRefused when it can no longer replace it."""

    def next_due(self, card_id: str, review: dict | None) -> dict[int, dt.timedelta]:
        """For each rating 1-4, how long until the card is due if the review used it; reads nothing."""
