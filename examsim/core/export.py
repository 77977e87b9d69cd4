"""Missed cards as an Anki package (`examsim export anki`), written with genanki.

Each note holds the question (with its case study), the options as the run showed them, the
key, the explanation and the references, tagged by domain and task statement. Card text is
HTML in Anki: it is escaped here (a second line of defence after `clean_text`), and a
reference is a link only when it is a safe https:// URL. Note ids derive from item ids, so
importing a newer export updates the notes instead of adding copies.
"""

from __future__ import annotations

import html
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from examsim.core.assembler import ExamEntry
from examsim.core.store import Store
from examsim.core.text import is_safe_link

# Fixed ids: Anki recognises the note type on every import (never change them).
MODEL_ID = 1_662_410_116
FIELDS = ("Question", "Options", "Key", "Explanation", "References", "examsim item")
_FRONT = "{{Question}}<br><br>{{Options}}"
_BACK = "{{FrontSide}}<hr id=answer><b>{{Key}}</b><br><br>{{Explanation}}<br><br><small>{{References}}</small>"
_CSS = ".card{font-family:sans-serif;font-size:18px;text-align:left;max-width:46em;margin:auto}"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Missed:
    """One card to export: the item as a finished run showed it."""

    entry: ExamEntry
    profile: str


def missed_in_run(store: Store, run_id: int) -> tuple[list[Missed], int]:
    """The items of a finished run the candidate was shown and got wrong, and how many items
    were never reached (no evidence of missing them: left out)."""
    from examsim.core.session import open_finished

    session = open_finished(store, run_id)  # refuses an open run, reads only
    missed = [Missed(session.entry(i), session.exam.profile_id) for i in range(len(session.exam.entries))
              if session.was_shown(i) and not session.is_correct(i)]
    return missed, len(session.exam.entries) - len(session.shown_items())


def missed_across_runs(store: Store) -> list[Missed]:
    """Every card missed or flagged where it was last shown (as `quiz --missed` takes them),
    each as the latest finished run that showed it."""
    from examsim.core.modes import missed_card_ids
    from examsim.core.study import shown_in_finished_runs

    wanted = set(missed_card_ids(store))
    latest = {entry.item.card_id: Missed(entry, run.profile) for run, entry, _rec in shown_in_finished_runs(store)
              if entry.item.card_id in wanted}
    return [latest[c] for c in sorted(latest)]


def _lines(texts: list[str]) -> str:
    return "<br>".join(texts)


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def note_fields(entry: ExamEntry) -> list[str]:
    """The note's fields, as HTML, in FIELDS order."""
    item, shown = entry.item, entry.presentation
    options = shown.shown_options(item)
    key = shown.shown_key(item)
    question = _text(item.stem)
    if item.scenario:
        question = f"<i>{_text(item.scenario)}</i><br><br>{question}"
    if item.kind == "matching":
        prompts = shown.shown_prompts(item)
        choices = _lines([f"{n + 1}. {_text(p)}" for n, p in enumerate(prompts)]
                         + [""] + [f"{LETTERS[n]}. {_text(o)}" for n, o in enumerate(options)])
        answer = _lines([f"{n + 1}. {_text(p)} &rarr; {LETTERS[k]}. {_text(options[k])}"
                         for n, (p, k) in enumerate(zip(prompts, key))])
    else:
        choices = _lines([f"{LETTERS[n]}. {_text(o)}" for n, o in enumerate(options)])
        if item.kind == "ordering":
            answer = _lines([f"{n + 1}. {LETTERS[k]}. {_text(options[k])}" for n, k in enumerate(key)])
        else:
            answer = _lines([f"{LETTERS[k]}. {_text(options[k])}" for k in key])
    references = _lines([f'<a href="{html.escape(r)}">{html.escape(r)}</a>' if is_safe_link(r)
                         else f"{html.escape(r)} (not a link: not an https:// URL)" for r in item.references])
    return [question, choices, answer, _text(item.explanation), references, html.escape(item.id)]


def note_tags(missed: Missed) -> list[str]:
    """Anki tags (no spaces): examsim, the profile, the domain and the task statement."""
    entry = missed.entry
    tags = ["examsim", missed.profile, f"domain-{entry.domain}"]
    if entry.task:
        tags.append(f"task-{entry.task}")
    return ["".join(c if c.isalnum() or c in "-_.:" else "_" for c in t) for t in tags]


def write_anki(cards: list[Missed], out: Path, deck_name: str) -> None:
    """Write the cards as an .apkg (written aside, then moved into place: never half a file)."""
    import genanki

    model = genanki.Model(MODEL_ID, "examsim item", fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Card 1", "qfmt": _FRONT, "afmt": _BACK}], css=_CSS)
    deck = genanki.Deck(zlib.crc32(deck_name.encode()) + (1 << 31), deck_name)
    for card in cards:
        deck.add_note(genanki.Note(model=model, fields=note_fields(card.entry), tags=note_tags(card),
                                   guid=genanki.guid_for("examsim", card.entry.item.id)))
    tmp = out.with_name(out.name + ".tmp")
    genanki.Package(deck).write_to_file(str(tmp))
    os.replace(tmp, out)
