"""TOML bank files and the linter: every problem has a file, a line and a fix."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.cards.toml_reader import load_toml_bank
from examsim.lint import default_names_path, lint_card, load_name_rules

GOOD = '''
[[card]]
id = "c-one"
domain = 1
task = "1.1"
question = "Which store fits?"
answer = "Amazon S3 is right. Amazon EBS is wrong: it is a block volume. Amazon EFS is wrong: it is a file system. Amazon FSx is wrong: it is a managed file server."

[card.choice]
correct = ["Amazon S3"]
distractors = ["Amazon EBS", "Amazon EFS", "Amazon FSx"]
'''


def load(text: str, tmp_path: Path):
    path = tmp_path / "bank.toml"
    path.write_text(text, encoding="utf-8")
    return load_toml_bank(path)


def lint(loaded):
    rules = load_name_rules(str(default_names_path()))
    return [d for c in loaded.cards for d in lint_card(c, loaded.path, loaded.card_lines.get(c.id), rules)]


def test_good_card_loads_clean(tmp_path):
    loaded = load(GOOD, tmp_path)
    assert [c.id for c in loaded.cards] == ["c-one"]
    assert loaded.diagnostics == [] and lint(loaded) == []
    assert loaded.card_lines["c-one"] == 2


def test_syntax_error_names_the_line(tmp_path):
    loaded = load(GOOD + '\n[[card]]\nid = "broken\n', tmp_path)
    assert loaded.cards == []
    assert [(d.line, d.code) for d in loaded.diagnostics] == [(14, "toml-syntax")]


def test_bad_card_does_not_stop_the_good_one(tmp_path):
    bad = '\n[[card]]\nid = "c-two"\ndomain = 1\nlevel = "guru"\nquestion = "Q?"\nanswer = "A."\n'
    loaded = load(GOOD + bad, tmp_path)
    assert [c.id for c in loaded.cards] == ["c-one"]
    [diag] = loaded.diagnostics
    assert diag.card_id == "c-two" and diag.line == 16 and "level" in diag.message


def test_unknown_field_is_named(tmp_path):
    loaded = load(GOOD.replace('task = "1.1"', 'task = "1.1"\ndificulty = 3'), tmp_path)
    [diag] = loaded.diagnostics
    assert "unknown field 'dificulty'" in diag.message and diag.line == 6


def test_task_outside_its_domain_is_an_error(tmp_path):
    loaded = load(GOOD.replace('task = "1.1"', 'task = "2.1"'), tmp_path)
    assert loaded.cards == [] and "does not belong to domain 1" in loaded.diagnostics[0].message


def test_case_must_be_defined(tmp_path):
    loaded = load(GOOD.replace('task = "1.1"', 'task = "1.1"\ncase = "nowhere"'), tmp_path)
    assert loaded.cards == [] and loaded.diagnostics[0].code == "case"


def test_select_n_must_match_the_keys(tmp_path):
    text = GOOD.replace("Which store fits?", "Which stores fit? (Select THREE.)").replace(
        'correct = ["Amazon S3"]', 'correct = ["Amazon S3", "Amazon S3 Glacier"]')
    codes = [(d.code, d.severity) for d in lint(load(text, tmp_path))]
    assert ("select-n", "error") in codes


def test_multiple_response_needs_the_select_phrase_and_five_options(tmp_path):
    text = GOOD.replace('correct = ["Amazon S3"]', 'correct = ["Amazon S3", "Amazon S3 Glacier"]').replace(', "Amazon FSx"]', "]")
    diags = lint(load(text, tmp_path))
    assert {"select-n", "option-count"} <= {d.code for d in diags if d.severity == "error"}


def test_unexplained_distractor_is_warned(tmp_path):
    text = GOOD.replace("Amazon FSx is wrong: it is a managed file server.", "")
    diags = lint(load(text, tmp_path))
    assert [(d.code, d.severity) for d in diags] == [("unexplained-distractor", "warning")]
    assert "Amazon FSx" in diags[0].message


def test_retired_name_is_warned(tmp_path):
    text = GOOD.replace("Amazon EBS", "Amazon Kinesis Data Firehose")
    assert "retired-name" in {d.code for d in lint(load(text, tmp_path))}


def test_key_repeated_among_distractors(tmp_path):
    text = GOOD.replace('"Amazon EBS", ', '"Amazon S3", ')
    assert "key-in-distractors" in {d.code for d in lint(load(text, tmp_path))}


def test_all_of_the_above_and_negative_stems(tmp_path):
    text = GOOD.replace("Which store fits?", "Which store does not fit?").replace('"Amazon FSx"]', '"All of the above"]')
    codes = {d.code for d in lint(load(text, tmp_path))}
    assert {"negative-stem", "all-of-the-above"} <= codes


def test_lint_ok_accepts_a_justified_warning(tmp_path):
    text = GOOD.replace("Amazon FSx is wrong: it is a managed file server.", "").replace(
        'task = "1.1"', 'task = "1.1"\nlint_ok = ["unexplained-distractor"]\nnotes = "explained by the scenario"')
    assert lint(load(text, tmp_path)) == []


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_toml_reader_never_raises(data):
    loaded = load_toml_bank("fuzz.toml", data)
    assert all(d.message for d in loaded.diagnostics)


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_toml_reader_never_raises_on_text(text):
    load_toml_bank("fuzz.toml", text.encode("utf-8", "surrogatepass") if "\ud800" not in text else b"")


def test_bank_files_in_repo_parse_as_toml():
    for path in Path(__file__).resolve().parent.parent.joinpath("banks").rglob("*.toml"):
        with open(path, "rb") as fh:
            tomllib.load(fh)
