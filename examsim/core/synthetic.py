"""Synthetic banks for tests and benchmarks: valid cards of every facet, in any number."""

from __future__ import annotations

import tomli_w


def synthetic_cards(per_task: int, tasks: tuple[str, ...] = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"),
                    with_cases: bool = True) -> dict:
    """A bank document (for tomli_w) with `per_task` cards per task statement."""
    cards = []
    cases = []
    for task in tasks:
        domain = int(task.split(".")[0])
        for n in range(per_task):
            cid = f"syn-{task.replace('.', '-')}-{n:05d}"
            k = n % 6
            card = {
                "id": cid, "domain": domain, "task": task, "level": "intermediate", "category": "concept",
                "tags": [f"tag{n % 7}", f"task{task}"],
                "question": f"Synthetic question {n} for task {task}: which option is the key?",
                "answer": f"Key {n} is right because it is the key. Alpha{n} is wrong. Beta{n} is wrong. Gamma{n} is wrong. Delta{n} is wrong.",
            }
            if k == 1:
                card["question"] += " (Select TWO.)"
                card["choice"] = {"correct": [f"Key {n}", f"Second key {n}"], "distractors": [f"Alpha{n}", f"Beta{n}", f"Gamma{n}"]}
            else:
                card["choice"] = {"correct": [f"Key {n}"], "distractors": [f"Alpha{n}", f"Beta{n}", f"Gamma{n}"]}
            if k == 2:
                card["order"] = {"stem": f"Order the steps of process {n}.", "steps": [f"Step one {n}", f"Step two {n}", f"Step three {n}", f"Step four {n}"]}
            if k == 3:
                card["match"] = {"stem": f"Match each term of set {n}.", "pairs": [[f"Term A{n}", f"Meaning A{n}"], [f"Term B{n}", f"Meaning B{n}"], [f"Term C{n}", f"Meaning C{n}"]]}
            cards.append(card)
        if with_cases:
            case_id = f"case-{task.replace('.', '-')}"
            cases.append({"id": case_id, "scenario": f"A shared scenario for task {task}."})
            for m in range(2):
                cards.append({
                    "id": f"{case_id}-{m}", "domain": domain, "task": task, "case": case_id,
                    "question": f"Case question {m} of {task}?", "answer": f"Case key {m}. Case wrong one {m}, two {m}, three {m} are wrong.",
                    "choice": {"correct": [f"Case key {m}"], "distractors": [f"Case wrong one {m}", f"Case wrong two {m}", f"Case wrong three {m}"]},
                })
    doc: dict = {}
    if cases:
        doc["case"] = cases
    doc["card"] = cards
    return doc


def synthetic_bank_text(per_task: int, **kwargs) -> str:
    return tomli_w.dumps(synthetic_cards(per_task, **kwargs))
