"""TOML bank files and the linter: every problem has a file, a line and a fix."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.cards.toml_reader import load_toml_bank
from examsim.core.lint import default_names_path, lint_card, load_name_rules

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


ORDER = '''
[card.order]
stem = "Arrange the steps."
steps = ["Create the bucket", "Upload the objects", "Read the objects"]
extra = ["Format an EBS volume"]
explanation = "The bucket must exist before objects go in, and objects must be in it before they are read. Formatting an EBS volume is wrong: S3 needs no volume."
'''

MATCH = '''
[card.match]
stem = "Match each store with its kind."
pairs = [["Amazon S3", "object storage"], ["Amazon EBS", "block storage"], ["Amazon EFS", "shared file system"]]
extra = ["graph database"]
explanation = "S3 stores objects, EBS volumes are block devices, EFS is a shared NFS file system. A graph database is none of them: that is Amazon Neptune."
'''


def codes_of(text, tmp_path):
    return [d.code for d in lint(load(text, tmp_path))]


def test_facet_with_explanation_and_named_extras_is_clean(tmp_path):
    assert codes_of(GOOD + ORDER + MATCH, tmp_path) == []


def test_facet_without_explanation_is_warned(tmp_path):
    order = "\n".join(line for line in ORDER.splitlines() if not line.startswith("explanation"))
    match = "\n".join(line for line in MATCH.splitlines() if not line.startswith("explanation"))
    diags = lint(load(GOOD + order + "\n" + match, tmp_path))
    assert [(d.code, d.severity) for d in diags] == [("facet-unexplained", "warning")] * 2
    assert {"order" in diags[0].message, "match" in diags[1].message} == {True}


def test_extra_step_or_response_not_named_in_explanation_is_warned(tmp_path):
    order = ORDER.replace(" Formatting an EBS volume is wrong: S3 needs no volume.", "")
    match = MATCH.replace(" A graph database is none of them: that is Amazon Neptune.", "")
    diags = lint(load(GOOD + order + match, tmp_path))
    assert [d.code for d in diags] == ["extra-unexplained", "extra-unexplained"]
    assert "Format an EBS volume" in diags[0].message and "graph database" in diags[1].message


def test_answer_naming_a_sibling_item_is_warned(tmp_path):
    for phrase in ("In the matching item, S3 stores objects.", "The ordering item creates the bucket first.",
                   "For the ordering: bucket first.", "The sequence above starts with the bucket."):
        text = GOOD.replace("managed file server.", "managed file server. " + phrase) + ORDER
        assert codes_of(text, tmp_path) == ["answer-names-sibling"], phrase
    # ordinary words stay quiet
    text = GOOD.replace("managed file server.", "managed file server, matching no pattern, in order of keys.")
    assert codes_of(text, tmp_path) == []


def test_closed_feature_key_needs_an_existing_user(tmp_path):
    closed = GOOD.replace('correct = ["Amazon S3"]', 'correct = ["Amazon Kendra"]').replace(
        "Amazon S3 is right.", "Amazon Kendra is right; it is closed to new customers.")
    assert codes_of(closed, tmp_path) == ["closed-feature-key"]
    framed = closed.replace("Which store fits?", "A team that already uses Amazon Kendra today asks: which store fits?")
    assert codes_of(framed, tmp_path) == []
    # a closed feature among the distractors is fine, and the common verb is not the product name
    as_distractor = GOOD.replace('"Amazon EBS"', '"Amazon Kendra"').replace("Amazon EBS is wrong", "Amazon Kendra is wrong")
    assert codes_of(as_distractor, tmp_path) == []
    verb = GOOD.replace('correct = ["Amazon S3"]', 'correct = ["Amazon S3 to clarify storage"]')
    assert "closed-feature-key" not in codes_of(verb, tmp_path)


def test_closed_feature_names_come_from_the_config(tmp_path):
    config = tmp_path / "names.toml"
    config.write_text('[closed]\nexisting_user = "already"\n[[closed.feature]]\npattern = "Amazon S3"\nmessage = "closed"\n')
    rules = load_name_rules(str(config))
    loaded = load(GOOD, tmp_path)
    [card] = loaded.cards
    assert [d.code for d in lint_card(card, "f", 1, rules)] == ["closed-feature-key"]


def test_a_run_loads_the_same_sound_cards_without_the_writing_warnings(tmp_path, profile):
    """Starting a run skips the item-writing checks: the same cards load, the same errors
    are found, and only the authors' warnings are left out."""
    import tomli_w

    from examsim.core.bank import load_bank
    from examsim.core.synthetic import synthetic_cards

    doc = synthetic_cards(6, tasks=("1.1", "3.3"))
    for card in doc["card"][::2]:  # flaws a linter warns about
        card["question"] = "Which option is not the key? " + card["question"]
        card["answer"] = "The key is right."
    (tmp_path / "flawed.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    bad = sorted((Path(__file__).parent / "data" / "bad").glob("*.toml"))
    paths = [*bad, Path(__file__).resolve().parents[1] / "banks" / "examples", tmp_path / "flawed.toml"]
    full = load_bank(paths, profile)
    run = load_bank(paths, profile, warnings=False)
    assert [i.id for i in run.items] == [i.id for i in full.items] and run.items
    assert [d for d in run.diagnostics if d.severity == "error"] == [d for d in full.diagnostics if d.severity == "error"]
    assert any(d.severity == "warning" for d in full.diagnostics)
    lint_warnings = {"unexplained-distractor", "leaked-key-words", "retired-name", "negative-stem", "facet-unexplained",
                     "extra-unexplained", "answer-names-sibling", "closed-feature-key"}
    assert [d for d in full.diagnostics if d.code in lint_warnings]
    assert not [d for d in run.diagnostics if d.code in lint_warnings]


def test_the_name_prefilter_never_hides_a_match():
    """The linter skips the slow case-blind regex of all name rules when a text holds none of
    their hint words: every text the regex matches must hold one (else a retired or closed
    name would pass unseen)."""
    from examsim.core.bank import load_bank
    from examsim.core.lint import _any_name, _may_name, default_names_path, load_name_rules

    rules = load_name_rules(str(default_names_path()))
    combined = _any_name(rules)
    samples = [
        "Amazon SageMaker", "kinesis data analytics", "Kinesis Data Firehose", "Fraud Detector", "Lookout for Vision",
        "CodeGuru Reviewer", "AWS Chatbot", "Studio Classic", "CodeCommit", "DataZone", "Cognito", "Route 53",
        "Elastic Beanstalk", "AppFlow", "Security Hub", "Amazon Inspector", "SageMaker Clarify", "Model Monitor",
        "a monitoring schedule", "SageMaker Debugger", "Ground Truth", "a labeling job", "Role Manager",
        "Augmented AI", "A2I", "a flow definition", "StartHumanLoop", "a human loop", "Bedrock Agents", "Agents Classic",
        "Bedrock agent", "InvokeAgent", "an action group", "action groups", "Kendra", "Comprehend to find the topics",
        "topic modeling", "event detection", "events detection", "prompt safety classifier", "Lookout for Equipment",
        "Amazon Forecast",
    ]
    bank = load_bank(None, None)
    texts = samples + [t for s in bank.cards for t in [s.card.question, *(s.card.choice.correct + s.card.choice.distractors if s.card.choice else [])]]
    missed = [t for t in texts if combined.search(t) and not _may_name(t, rules)]
    assert missed == []
    assert sum(1 for t in samples if combined.search(t)) == len(samples)  # every sample names a rule
