"""The hostile corpus (tests/data/hostile/) and what tests build from it.

`PAYLOAD` is the question of the corpus's first card as the TOML reader decodes it: escape
sequences, BEL, DEL, C1 controls, bidi overrides, zero-width characters, Textual markup,
raw HTML and javascript:/data: links, all in one string.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import tomli_w

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile"
CORPUS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".toml", ".txt"))
PAYLOAD = tomllib.loads((HOSTILE / "escapes.toml").read_text(encoding="utf-8"))["card"][0]["question"]
RAW_LINE = (HOSTILE / "deck-raw.txt").read_text(encoding="utf-8").splitlines()[0]

# What must never leave a sink: C0 controls but tab and newline, DEL, C1, and (once cleaned)
# bidi overrides and zero-width characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# What a reader sees once the controls are gone: the visible part of the attack, as typed.
VISIBLE = ("]0;PWNED[2J", "[@click=app.quit]quit[/]", "<img src=x onerror=alert(1)>")


def assert_clean(text: str, where: str) -> None:
    m = FORBIDDEN.search(text)
    assert m is None, f"{where}: {m.group()!r} at {m.start()}: {text[max(0, m.start() - 60):m.start() + 20]!r}"


def hostile_bank_doc(per_task: int = 10) -> dict:
    """The synthetic bank with the payload in every text a card, facet and case holds."""
    from examsim.core.synthetic import synthetic_cards

    doc = synthetic_cards(per_task)
    p = PAYLOAD + " "
    for case in doc.get("case", []):
        case["title"] = p + "case"
        case["scenario"] = p + case["scenario"]
    for n, card in enumerate(doc["card"]):
        card["question"] = p + card["question"]
        card["answer"] = p + card["answer"]
        card["tags"] = [*card.get("tags", []), "tag" + RAW_LINE]
        card["references"] = ["https://docs.aws.amazon.com/sagemaker/latest/dg/whatis.html"]
        choice = card.get("choice")
        if choice:
            choice["correct"] = [p + c for c in choice["correct"]]
            choice["distractors"] = [p + d for d in choice["distractors"]]
        order = card.get("order")
        if order:
            order["stem"] = p + order["stem"]
            order["steps"] = [p + s for s in order["steps"]]
            order["explanation"] = p + "steps"
        match = card.get("match")
        if match:
            match["stem"] = p + match["stem"]
            match["pairs"] = [[p + a, p + b] for a, b in match["pairs"]]
            match["explanation"] = p + "pairs"
        if n % 5 == 0:
            card["exhibit"] = {"title": p + "exhibit", "columns": [p + "a", "b"], "rows": [[p + "1", "2"]]}
    return doc


def write_hostile_bank(folder: Path) -> Path:
    path = folder / "hostile-bank.toml"
    path.write_text(tomli_w.dumps(hostile_bank_doc()), encoding="utf-8")
    return path


def finished_hostile_run(data_dir: Path, bank, profile, seed: int = 5) -> int:
    """A finished exam over the hostile bank, made through the core Session API.

    Half the items are answered wrong (so reports list them), one carries a hostile note,
    and one has a hostile item report for `bank feedback`.
    """
    from examsim.core.assembler import assemble_exam
    from examsim.core.session import Session
    from examsim.core.store import Store
    from tests.conftest import FakeClock

    store = Store(data_dir)
    exam = assemble_exam(bank.items, profile, seed)
    session = Session.create(exam, profile, store, clock=FakeClock())
    session.start()
    for i, entry in enumerate(exam.entries):
        key = entry.presentation.shown_key(entry.item)
        if i % 2 == 0:
            session.set_response(i, key)
        elif entry.item.kind in ("multiple-choice", "multiple-response"):
            session.set_response(i, tuple(o for o in range(len(entry.item.options)) if o not in key)[: len(key)])
    session.set_note(PAYLOAD, 1)
    session.submit()
    item = exam.entries[1].item
    store.add_feedback(session.run_id, item.id, item.card_id, "wrong-key", PAYLOAD, item.source)
    run_id = session.run_id
    store.close()
    return run_id
