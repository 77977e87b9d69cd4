"""Profiles: adding an exam version is adding a file."""

from __future__ import annotations

from collections import Counter

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.profiles import ProfileError, largest_remainder, load_profile


def test_shipped_profiles_load():
    mla = load_profile("mla-c01")
    assert (mla.items, mla.scored, mla.unscored, mla.minutes, mla.minutes_for(True)) == (65, 50, 15, 130, 160)
    assert mla.scale.pass_mark == 720 and load_profile("aif-c01").scale.pass_mark == 700
    c02 = load_profile("mla-c02")
    assert c02.item_kinds == ["multiple-choice", "multiple-response"] and not c02.duration_confirmed
    assert largest_remainder(50, [d.weight for d in c02.domain]) == [14, 12, 12, 12]
    assert largest_remainder(15, [d.weight for d in c02.domain]) == [4, 4, 4, 3]


def test_a_profile_written_in_the_test_just_works(tmp_path, synthetic_bank):
    text = (tmp_path / "x.toml")
    base = open(load_profile.__globals__["profile_path"]("mla-c02"), encoding="utf-8").read()
    text.write_text(base.replace('id = "mla-c02"', 'id = "mini"').replace("items = 65", "items = 20")
                    .replace("scored = 50", "scored = 16").replace("unscored = 15", "unscored = 4"))
    profile = load_profile(str(text))
    exam = assemble_exam(synthetic_bank.items, profile, 3)
    assert len(exam) == 20
    assert {e.item.kind for e in exam.entries} <= {"multiple-choice", "multiple-response"}
    assert Counter(e.domain for e in exam.entries if e.scored) == dict(zip([1, 2, 3, 4], largest_remainder(16, [28, 24, 24, 24])))


def test_bad_profile_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(open(load_profile.__globals__["profile_path"]("mla-c01"), encoding="utf-8").read().replace("pass_mark = 720", "pass_mark = 7200"))
    with pytest.raises(ProfileError) as info:
        load_profile(str(bad))
    assert "bad.toml" in str(info.value) and "scale" in str(info.value)
    with pytest.raises(ProfileError, match="known profiles"):
        load_profile("no-such-exam")
