"""The Session's feedback side: a quiz answer checked at once, the spaced-repetition review of
each shown item's card, and the candidate's own rating of a drill card (as in Anki).

The reviews go through the CardReviews the run was opened with (examsim.core.runs wires
FSRS); a Session without one reviews nothing. Mixed into Session, which provides `sheet`,
`record`, `reviews`, `run_id`, `exam`, `profile`, `finished`, `_open_for_change`, `_at` and `entry`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from examsim.core.errors import RatingRefused
from examsim.core.session.rules import AnswerRefused, still_missing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckVerdict:
    """Whether an answer may be checked now; `missing` says what it lacks ("Select TWO first"),
    empty when checking is not on offer (feedback at the end, or already checked)."""

    allowed: bool
    missing: str = ""


class Reviewing:
    """Quiz feedback, the FSRS reviews and drill ratings of a Session (see the module)."""

    def offers_check(self) -> bool:
        """The run shows the key after each item (a quiz or drill with feedback "now")."""
        return self.exam.feedback == "now"

    def check_verdict(self, index: int | None = None) -> CheckVerdict:
        """Whether the answer to an item may be checked now: the run gives feedback after each
        item, the item is not checked yet, and the answer is complete."""
        i = self._at(index)
        if not self.offers_check() or self.sheet.is_revealed(i):
            return CheckVerdict(False)
        if self.is_complete(i):
            return CheckVerdict(True)
        return CheckVerdict(False, still_missing(self.entry(i).item))

    def shows_key(self, index: int | None = None) -> bool:
        """The item's key may be seen: its answer was checked, or the run is over."""
        return self.finished or self.sheet.is_revealed(self._at(index))

    def takes_rating(self, index: int | None = None) -> bool:
        """A drill item whose answer is shown takes the candidate's own rating (1-4, as in Anki)."""
        return self.exam.mode == "drill" and self.is_revealed(index) and self.rating(index) is not None

    def reveal(self, index: int | None = None) -> bool:
        """Check the answer (feedback after each item): lock the item and say whether it is right.
        Only a complete answer, in a run that gives feedback now, is checked (AnswerRefused
        otherwise); checking it again says the same."""
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        if not self.sheet.is_revealed(i):
            verdict = self.check_verdict(i)
            if not verdict.allowed:
                raise AnswerRefused(f"{verdict.missing}, then check it." if verdict.missing
                                    else "This run shows the keys at the end, not after each item.")
            self.record.save_revealed(i, self.entry(i).item.id)
            self.sheet.mark_revealed(i)
        # A revealed answer is final: it feeds the spaced-repetition schedule at once.
        self._review_cards({i})
        return self.is_correct(i)

    def _review_cards(self, indexes: set[int]) -> None:
        """The review of these items' cards, once each, for the items shown (an item never shown
        is no evidence). Best effort: a failure is logged, never fatal (the answer and the score
        are already saved); the cards are then reviewed at the run's finish or not at all."""
        todo = self.sheet.shown_not_yet_reviewed(indexes)
        if self.reviews is None or self.run_id is None or not todo:
            return
        try:
            reviews = self.reviews.review(self.run_id, self.exam, self.canonical_responses(), self.profile, todo)
        except Exception:  # noqa: BLE001 - the study schedule must never cost the candidate the run
            log.exception("FSRS update failed for run %s items %s", self.run_id, sorted(todo))
            return
        self.sheet.add_reviews(todo, reviews)

    def rating(self, index: int | None = None) -> tuple[int, bool] | None:
        """The FSRS rating the item's review used (1 Again, 2 Hard, 3 Good, 4 Easy) and whether the
        candidate chose it (else it came from the answer); None before the item is reviewed."""
        review = self.sheet.review(self._at(index))
        return (int(review["rating"]), bool(review.get("chosen"))) if review else None

    def next_reviews(self, index: int | None = None) -> dict[int, dt.timedelta]:
        """For each rating 1-4, how long until the card is due if the item's review uses it
        (empty before the item is reviewed). Reads nothing from the store."""
        i = self._at(index)
        if self.reviews is None:
            return {}
        return self.reviews.next_due(self.entry(i).item.card_id, self.sheet.review(i))

    def rate(self, rating: int, index: int | None = None) -> None:
        """The candidate's own rating (1-4, drills, as in Anki) replaces the revealed item's
        review: the card keeps one review for this item, at this rating. Store first, then memory."""
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating}")
        if not self.sheet.is_revealed(i):
            raise PermissionError("an item is rated after its answer is shown")
        review = self.sheet.review(i)
        if self.reviews is None or self.run_id is None or review is None:
            raise RatingRefused("this item's card has no review to rate: check the answer first")
        self.sheet.set_review(i, self.reviews.replace(self.run_id, i, self.entry(i).item, review, rating))

