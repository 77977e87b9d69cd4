"""Quick per-file check for bank authors: `python tools/author_check.py banks/mla/FILE.toml`."""
import sys
from examsim.core.cards.toml_reader import load_toml_bank
from examsim.core.lint import lint_card, lint_bank, load_name_rules, default_names_path

rules = load_name_rules(str(default_names_path()))
total = 0
for path in sys.argv[1:]:
    loaded = load_toml_bank(path)
    diags = list(loaded.diagnostics)
    for card in loaded.cards:
        diags += lint_card(card, path, loaded.card_lines.get(card.id), rules)
    diags += lint_bank([(c, path, loaded.card_lines.get(c.id)) for c in loaded.cards])
    for d in diags:
        print(d.render())
    kinds = {"mc": 0, "mr": 0, "order": 0, "match": 0, "case": 0}
    for c in loaded.cards:
        kinds["mr" if c.choice and c.choice.is_multiple_response else "mc"] += 1 if c.choice else 0
        kinds["order"] += c.order is not None
        kinds["match"] += c.match is not None
        kinds["case"] += c.case is not None
    print(f"{path}: {len(loaded.cards)} cards loaded {kinds}, {len(diags)} diagnostics")
    total += len(diags)
sys.exit(1 if total else 0)
