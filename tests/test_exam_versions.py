"""Exam versions: each profile serves only the cards and item types valid for it."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import assemble_exam
from examsim.core.bank import load_bank
from examsim.cli import main
from examsim.core.profiles import load_profile

C01 = load_profile("mla-c01")
C02 = load_profile("mla-c02")
BUNDLED = load_bank(None, C01)


@given(seed=st.integers(0, 2**31))
@settings(max_examples=15, deadline=None)
def test_c02_exam_has_no_c01_only_card_and_no_ordering_or_matching(seed):
    exam = assemble_exam(BUNDLED.items, C02, seed)
    assert len(exam) == 65
    for e in exam.entries:
        assert e.item.kind in ("multiple-choice", "multiple-response")
        assert e.item.exams is None or "mla-c02" in e.item.exams
        assert not e.item.case_id


@given(seed=st.integers(0, 2**31))
@settings(max_examples=15, deadline=None)
def test_c01_exam_has_no_c02_only_card(seed):
    exam = assemble_exam(BUNDLED.items, C01, seed)
    for e in exam.entries:
        assert e.item.exams is None or "mla-c01" in e.item.exams


def test_c02_dry_run_follows_its_blueprint(capsys):
    assert main(["exam", "--profile", "mla-c02", "--dry-run", "--json", "--seed", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["items"]) == 65 and data["profile"] == "mla-c02"
    scored = Counter(i["domain"] for i in data["items"] if i["scored"])
    unscored = Counter(i["domain"] for i in data["items"] if not i["scored"])
    assert scored == {1: 14, 2: 12, 3: 12, 4: 12} and unscored == {1: 4, 2: 4, 3: 4, 4: 3}


def test_bank_marks_removed_skills_as_c01_only():
    c01_only = [s.card for s in BUNDLED.cards if s.card.exams == ["mla-c01"]]
    assert len(c01_only) >= 8  # EFS/FSx input, Neo for edge, BYOC, size reduction, capacity troubleshooting ...


def test_card_on_a_new_c02_skill_must_be_c02_only(tmp_path):
    text = '''
[[card]]
id = "v-one"
domain = 2
task = "2.1"
skills = ["2.1.5"]
question = "Which store fits?"
answer = "Amazon S3 is right. Amazon EBS is wrong: block. Amazon EFS is wrong: files. Amazon FSx is wrong: file server."
[card.choice]
correct = ["Amazon S3"]
distractors = ["Amazon EBS", "Amazon EFS", "Amazon FSx"]
'''
    (tmp_path / "b.toml").write_text(text)
    bank = load_bank([tmp_path / "b.toml"], C01)
    assert [d.code for d in bank.diagnostics] == ["skill"]
    (tmp_path / "b.toml").write_text(text.replace('skills = ["2.1.5"]', 'skills = ["2.1.5"]\nexams = ["mla-c02"]'))
    assert load_bank([tmp_path / "b.toml"], C01).diagnostics == []


def test_stats_report_per_skill_coverage(capsys):
    assert main(["bank", "stats", "--profile", "mla-c02", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert set(stats["by_skill"]) == set(C02.new_skills) and len(C02.new_skills) == 45
    assert stats["full_exams"] >= 2
