"""Hostile input: every bad file gives diagnostics with file and line, exit 1 or 2, never a
traceback, and never touches what the user already has."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from examsim.core.profiles import ProfileError, load_profile
from examsim.core.store import Store, StoreError, exam_from_json

BAD = Path(__file__).resolve().parent / "data" / "bad"
ROOT = Path(__file__).resolve().parent.parent


def cli(*argv, data_dir):
    return subprocess.run([sys.executable, "-m", "examsim", "--data-dir", str(data_dir), *argv],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_every_bad_file_is_reported_cleanly_and_user_data_is_untouched(path, tmp_path, synthetic_bank, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.session import Session

    data = tmp_path / "data"
    store = Store(data)
    s = Session.create(assemble_exam(synthetic_bank.items, profile, 1), profile, store)
    s.start()
    s.choose(0)
    s.submit()
    store.close()
    before = (data / "examsim.db").read_bytes()
    proc = cli("bank", "check", str(path), "--json", data_dir=data)
    assert proc.returncode in (0, 1, 2)
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["diagnostics"], "a bad file must say what is wrong"
    for d in report["diagnostics"]:
        assert d["file"] and d["message"] and d["severity"] in ("error", "warning")
        if d["code"] not in ("empty-file", "key-longest"):
            assert d["line"] is None or d["line"] >= 1
    proc = cli("exam", "--bank", str(path), "--dry-run", data_dir=data)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr and proc.stderr.startswith("examsim:")
    assert (data / "examsim.db").read_bytes() == before


@given(st.binary(max_size=600))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_profile_loader_never_tracebacks(tmp_path, data):
    path = tmp_path / "p.toml"
    path.write_bytes(data)
    try:
        load_profile(str(path))
    except ProfileError as exc:
        assert str(path) in str(exc)


_base = tomllib.loads((ROOT / "configs" / "mla-c01.toml").read_text())


@given(st.sampled_from(sorted(_base)), st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=5), st.lists(st.integers(), max_size=2)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_profile_with_a_mangled_key_names_the_key(tmp_path, key, value):
    import tomli_w

    doc = dict(_base)
    if value is None:
        doc.pop(key)
    else:
        doc[key] = value
    path = tmp_path / "p.toml"
    path.write_text(tomli_w.dumps(doc))
    try:
        load_profile(str(path))
    except ProfileError as exc:
        assert str(path) in str(exc) and "key" in str(exc)


@given(st.one_of(st.text(max_size=200), st.recursive(st.none() | st.integers() | st.text(max_size=5),
                                                       lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                                                       max_leaves=15).map(json.dumps)))
@settings(max_examples=200, deadline=None)
def test_run_snapshot_reader_rejects_garbage_with_known_errors(text):
    from examsim.core.store import SnapshotError

    try:
        exam = exam_from_json(text)
    except SnapshotError as exc:
        assert str(exc)
    else:  # whatever parses can be shown: every option and prompt of every item
        for entry in exam.entries:
            entry.presentation.shown_options(entry.item)
            entry.presentation.shown_prompts(entry.item)


@pytest.fixture(scope="module")
def good_snapshot(synthetic_bank, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.store import exam_to_json

    return json.loads(exam_to_json(assemble_exam(synthetic_bank.items, profile, 5)))


_MUTATIONS = st.sampled_from(["option_order", "prompt_order", "key", "options", "scored", "entries"])


@given(where=_MUTATIONS, index=st.integers(0, 64), value=st.one_of(
    st.lists(st.integers(-3, 12), max_size=8), st.integers(-5, 50), st.none(), st.text(max_size=4)))
@settings(max_examples=300, deadline=None)
def test_inconsistent_snapshots_are_refused_not_crashed_on(good_snapshot, where, index, value):
    """Snapshots that parse but do not fit together (an option order out of range, a key past
    the options) are refused with a message, or are consistent enough to show and score."""
    import copy

    from examsim.core.scoring import score
    from examsim.core.store import SnapshotError

    doc = copy.deepcopy(good_snapshot)
    entry = doc["entries"][index % len(doc["entries"])]
    if where in ("option_order", "prompt_order", "scored"):
        entry[where] = value
    elif where == "entries":
        doc["entries"] = value
    else:
        entry["item"][where] = value
    try:
        exam = exam_from_json(json.dumps(doc))
    except SnapshotError as exc:
        assert str(exc)
        return
    for e in exam.entries:
        e.presentation.shown_options(e.item)
        e.presentation.shown_key(e.item)
    from examsim.core.profiles import load_profile

    score(exam, {}, load_profile("mla-c01"))


def test_damaged_run_row_is_a_clear_error(tmp_path, synthetic_bank, profile):
    import sqlite3

    from examsim.core.assembler import assemble_exam
    from examsim.core.session import Session

    store = Store(tmp_path)
    s = Session.create(assemble_exam(synthetic_bank.items, profile, 1), profile, store)
    s.start()
    s.submit()
    store.close()
    con = sqlite3.connect(tmp_path / "examsim.db")
    con.execute("UPDATE runs SET exam_json='{\"entries\": 3}'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="damaged"):
        Store(tmp_path).exam(1)
    proc = cli("report", "latest", data_dir=tmp_path)
    assert proc.returncode == 2 and "damaged" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_settings_file_falls_back_to_defaults_and_is_kept(tmp_path):
    from examsim.core.settings import Settings, load_settings

    (tmp_path / "settings.toml").write_bytes(b"theme = 3\n\xff")
    settings, warning = load_settings(tmp_path)
    assert settings == Settings() and "settings.toml" in warning
    assert (tmp_path / "settings.toml").read_bytes() == b"theme = 3\n\xff"


def test_locked_database_is_explained(tmp_path):
    import sqlite3

    Store(tmp_path).close()
    con = sqlite3.connect(tmp_path / "examsim.db", isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        proc = subprocess.run([sys.executable, "-c", (
            "from examsim.core.store import Store, StoreError\n"
            f"s = Store({str(tmp_path)!r})\n"
            "import sqlite3\n"
            "s.conn.execute('PRAGMA busy_timeout=100')\n"
            "try:\n    s.save_elapsed(1, 1.0)\nexcept StoreError as e:\n    print('ERR', e)\n")],
            capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.stdout.startswith("ERR") and "locked" in proc.stdout
    finally:
        con.execute("ROLLBACK")
        con.close()


@pytest.mark.parametrize("reader", ["toml", "deck"])
def test_a_field_too_long_to_show_is_refused_by_name_and_the_rest_loads(tmp_path, reader):
    """A pasted document (or a hostile file) in one field would take seconds to lay out on every
    screen: the card is refused with its line, field and the limit; the other cards load."""
    from examsim.core.bank import load_bank
    from examsim.core.cards.model import MAX_FIELD_CHARS

    long_text = "word " * (MAX_FIELD_CHARS // 5 + 1)
    if reader == "toml":
        path = tmp_path / "bank.toml"
        cards = [{"id": f"c-{n}", "domain": 1, "task": "1.1", "question": f"Which option is right for case {n}?",
                  "answer": long_text if n == 1 else "A is right because it is. B, C and D are wrong.",
                  "choice": {"correct": ["A"], "distractors": ["B", "C", "D"]}} for n in range(3)]
        import tomli_w

        path.write_text(tomli_w.dumps({"card": cards}), encoding="utf-8")
    else:
        path = tmp_path / "deck.txt"
        path.write_text("What is the first thing?\nThe first answer.\nWhat is the second thing?\n" + long_text
                        + "\nWhat is the third thing?\nThe third answer.\n", encoding="utf-8")
    bank = load_bank([path], load_profile("mla-c01"), warnings=False)
    errors = [d for d in bank.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and len(bank.cards) == 2
    message = errors[0].render()
    assert "'answer'" in message and f"{MAX_FIELD_CHARS:,}" in message and "shorten" in message
    lines = path.read_text(encoding="utf-8").splitlines()
    # The line of the long answer (TOML), or of the card's question line (a deck card starts there).
    where = next(n for n, line in enumerate(lines, 1) if (line.startswith("answer = \"word") if reader == "toml"
                                                          else line == "What is the second thing?"))
    assert errors[0].line == where
