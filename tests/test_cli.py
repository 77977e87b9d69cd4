"""The command line: --json shapes (a contract), exit codes, and readable errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from examsim.cli import main
from tests.conftest import SEED_DECK


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_exam_dry_run_json_shape(capsys, synthetic_bank_path, tmp_path):
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "exam", "--bank", str(synthetic_bank_path), "--seed", "4", "--dry-run", "--json")
    assert status == 0
    data = json.loads(out)
    assert {"profile", "seed", "minutes", "items"} <= set(data)
    assert data["profile"] == "mla-c01" and data["seed"] == 4 and data["minutes"] == 130
    assert len(data["items"]) == 65
    for item in data["items"]:
        assert {"id", "card_id", "domain", "task", "type", "scored", "options", "key"} <= set(item)
        assert all(0 <= k < len(item["options"]) for k in item["key"])
    again = json.loads(run(capsys, "--data-dir", str(tmp_path), "exam", "--bank", str(synthetic_bank_path), "--seed", "4", "--dry-run", "--json")[1])
    assert again == data


def test_accommodation_adds_thirty_minutes(capsys, synthetic_bank_path, tmp_path):
    out = run(capsys, "exam", "--bank", str(synthetic_bank_path), "--seed", "1", "--accommodation", "--dry-run", "--json")[1]
    assert json.loads(out)["minutes"] == 160


def test_scale_json(capsys):
    status, out, _ = run(capsys, "scale", "--json")
    table = json.loads(out)
    assert status == 0 and table[36] == {"right": 36, "scored": 50, "scaled": 720, "pass": True}
    assert table[35]["scaled"] == 703 and table[35]["pass"] is False


def test_bank_check_json_shape_and_exit_codes(capsys, tmp_path):
    status, out, _ = run(capsys, "bank", "check", str(SEED_DECK), "--json")
    data = json.loads(out)
    assert status == 0 and data["cards_loaded"] == 20
    for d in data["diagnostics"]:
        assert {"file", "line", "card_id", "severity", "message"} <= set(d)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[card]]\nid = "x"\nquestion = "q"\n')
    status, out, _ = run(capsys, "bank", "check", str(bad), "--json")
    assert status == 1 and json.loads(out)["diagnostics"][0]["line"] == 1
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01")
    assert run(capsys, "bank", "check", str(binary))[0] == 2


def test_bank_show_json_shape(capsys):
    status, out, _ = run(capsys, "bank", "show", str(SEED_DECK), "--json")
    cards = json.loads(out)
    assert status == 0 and len(cards) == 20
    for c in cards:
        assert {"id", "question", "answer", "level", "category", "tags", "domain", "task"} <= set(c)
    assert cards[0]["level"] is None and cards[1]["level"] == "foundational"


def test_bank_import_writes_toml_and_never_overwrites(capsys, tmp_path):
    out_file = tmp_path / "imported.toml"
    status, out, _ = run(capsys, "bank", "import", str(SEED_DECK), "--out", str(out_file))
    assert status == 0 and out_file.exists()
    from examsim.core.cards.toml_reader import load_toml_bank

    loaded = load_toml_bank(out_file)
    assert len(loaded.cards) == 20 and loaded.diagnostics == []
    mapped = [c for c in loaded.cards if c.domain]
    assert len(mapped) >= 12
    out_file.write_text("keep me")
    status, _, err = run(capsys, "bank", "import", str(SEED_DECK), "--out", str(out_file))
    assert status == 2 and "--force" in err and out_file.read_text() == "keep me"


def test_bank_stats_json_shape(capsys, synthetic_bank_path):
    status, out, _ = run(capsys, "bank", "stats", str(synthetic_bank_path), "--json")
    data = json.loads(out)
    assert {"cards", "by_domain", "by_task", "by_type", "full_exams"} <= set(data)
    assert data["by_domain"]["1"] == 36 and data["full_exams"] == 1


def test_bank_stats_counts_cards_per_skill(capsys, synthetic_bank_path):
    data = json.loads(run(capsys, "bank", "stats", "--profile", "mla-c02", "--json")[1])
    assert len(data["skills"]) == 107 and list(data["skills"])[:2] == ["1.1.1", "1.1.2"]
    assert data["skills_under_3"] == [s for s, n in data["skills"].items() if n < 3]
    text = run(capsys, "bank", "stats", "--profile", "mla-c02")[1]
    assert "cards per MLA-C02 skill" in text and "\n  4.3  4.3.1: " in text
    assert "every MLA-C02 skill has 3+ cards" in text or "MLA-C02 skills with fewer than 3 cards: " in text
    thin = json.loads(run(capsys, "bank", "stats", str(synthetic_bank_path), "--profile", "mla-c02", "--json")[1])
    assert thin["skills_under_3"] == list(thin["skills"])  # a bank with no skills tagged
    assert "MLA-C02 skills with fewer than 3 cards: 1.1.1 (0)" in run(capsys, "bank", "stats", str(synthetic_bank_path), "--profile", "mla-c02")[1]
    plain = json.loads(run(capsys, "bank", "stats", str(synthetic_bank_path), "--json")[1])
    assert plain["skills"] == {} and plain["skills_under_3"] == []


def test_history_and_report_json(capsys, tmp_path, synthetic_bank, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.session import Session
    from examsim.core.store import Store

    store = Store(tmp_path)
    s = Session.create(assemble_exam(synthetic_bank.items, profile, 2), profile, store)
    s.start()
    for i, e in enumerate(s.exam.entries[:40]):
        s.set_response(i, e.presentation.shown_key(e.item))
    s.submit()
    store.close()
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "report", "latest", "--json")
    report = json.loads(out)
    assert status == 0
    assert {"run", "mode", "scaled", "pass", "right", "scored", "domains"} <= set(report)
    assert report["scored"] == 50 and isinstance(report["pass"], bool)
    assert {"domain", "right", "scored", "result"} <= set(report["domains"][0])
    history = json.loads(run(capsys, "--data-dir", str(tmp_path), "history", "--json")[1])
    assert history[0]["run"] == report["run"] and history[0]["scaled"] == report["scaled"]
    md = run(capsys, "--data-dir", str(tmp_path), "report", "latest", "--format", "markdown")[1]
    assert "Needs Improvement" in md or "Meets Competencies" in md


def test_errors_are_one_paragraph_not_tracebacks(tmp_path):
    cases = [
        ["exam", "--profile", "nope", "--dry-run"],
        ["report", "999"],
        ["report", "abc"],
        ["exam", "--bank", str(tmp_path / "missing.toml"), "--dry-run"],
    ]
    for argv in cases:
        proc = subprocess.run([sys.executable, "-m", "examsim", "--data-dir", str(tmp_path), *argv], capture_output=True, text=True)
        assert proc.returncode in (1, 2), argv
        assert "Traceback" not in proc.stderr and proc.stderr.startswith("examsim:"), (argv, proc.stderr)


def test_corrupt_store_is_a_clear_error(tmp_path):
    (tmp_path / "examsim.db").write_bytes(b"garbage" * 200)
    proc = subprocess.run([sys.executable, "-m", "examsim", "--data-dir", str(tmp_path), "history"], capture_output=True, text=True)
    assert proc.returncode == 2 and "damaged" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "examsim.db").read_bytes().startswith(b"garbage")


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and "examsim" in capsys.readouterr().out


def test_report_html_is_self_contained_and_escaped(capsys, tmp_path, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.bank import load_bank
    from examsim.core.session import Session
    from examsim.core.store import Store
    from examsim.core.synthetic import synthetic_cards
    import tomli_w

    doc = synthetic_cards(10)
    for card in doc["card"]:
        card["question"] = "<script>alert(1)</script> " + card["question"]
    (tmp_path / "b.toml").write_text(tomli_w.dumps(doc))
    bank = load_bank([tmp_path / "b.toml"], profile)
    store = Store(tmp_path / "d")
    s = Session.create(assemble_exam(bank.items, profile, 2), profile, store)
    s.start()
    s.submit()
    store.close()
    status, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "report", "latest", "--format", "html")
    assert status == 0 and out.startswith("<!doctype html>")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "http://" not in out.split("References")[0] and "<link" not in out and "src=" not in out
    assert "Missed items (65)" in out


def test_drill_readiness_and_feedback_commands(capsys, tmp_path, synthetic_bank_path, synthetic_bank, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.runs import create_run
    from examsim.core.store import Store

    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "drill", "--bank", str(synthetic_bank_path), "--dry-run"]) == 1  # nothing studied yet
    capsys.readouterr()
    store = Store(data)
    s = create_run(assemble_exam(synthetic_bank.items, profile, 2), profile, store)
    s.start()
    for i in range(len(s.exam.entries)):
        s.goto(i)  # every item shown, none answered: every card is due
    s.submit()
    store.add_feedback(s.run_id, s.entry(0).item.id, s.entry(0).item.card_id, "ambiguous", "two keys defensible", "x.toml")
    store.close()
    status, out, _ = run(capsys, "--data-dir", data, "drill", "--bank", str(synthetic_bank_path), "--dry-run", "--count", "5")
    drill = json.loads(out)
    assert status == 0 and drill["mode"] == "drill" and len(drill["items"]) == 5
    status, out, _ = run(capsys, "--data-dir", data, "readiness", "--json")
    est = json.loads(out)
    assert status == 0 and est["answers"] == 65 and est["pass_probability"] < 0.01
    status, out, _ = run(capsys, "--data-dir", data, "bank", "feedback", "--json")
    [fb] = json.loads(out)
    assert fb["kind"] == "ambiguous" and fb["comment"] == "two keys defensible"


def test_serve_answers_on_loopback(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "examsim", "--data-dir", str(tmp_path), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = ""
        for _ in range(40):  # bounded: at most ~10 s
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert "textual" in page.lower()
    finally:
        proc.kill()
        proc.wait()


def test_exam_unseen_prefers_cards_not_served_before(capsys, tmp_path, profile):
    from examsim.core.store import Store

    data = str(tmp_path / "d")
    first = json.loads(run(capsys, "--data-dir", data, "exam", "--seed", "1", "--dry-run", "--json")[1])
    from examsim.core.assembler import assemble_exam
    from examsim.core.bank import load_bank
    from examsim.core.session import Session

    bank = load_bank(None, profile)
    store = Store(data)
    s = Session.create(assemble_exam(bank.items, profile, 1), profile, store)
    s.start()
    s.submit()
    store.close()
    second = json.loads(run(capsys, "--data-dir", data, "exam", "--seed", "2", "--unseen", "--dry-run", "--json")[1])
    assert not {i["card_id"] for i in first["items"]} & {i["card_id"] for i in second["items"]}


def test_exam_and_quiz_are_the_runs_core_modes_builds_for_the_home_screen(capsys, synthetic_bank_path, synthetic_bank, profile, tmp_path):
    """The CLI starts runs through examsim.core.modes, as the TUI does: a seed gives the same run either way."""
    from examsim.cli.contracts import DryRunJson
    from examsim.core.assembler import QuizFilter
    from examsim.core.modes import new_exam, new_quiz

    bank = ["--bank", str(synthetic_bank_path)]
    exam = json.loads(run(capsys, "--data-dir", str(tmp_path), "exam", *bank, "--seed", "7", "--dry-run", "--json")[1])
    assert exam == DryRunJson.build(new_exam(synthetic_bank, profile, seed=7)).model_dump(mode="json", by_alias=True)
    quiz = json.loads(run(capsys, "--data-dir", str(tmp_path), "quiz", *bank, "--seed", "7", "--domain", "2", "--type", "ordering", "--count", "3", "--dry-run")[1])
    built = new_quiz(synthetic_bank, profile, QuizFilter(domains=[2], kinds=["ordering"]), count=3, seed=7, title="MLA-C01 quiz, domain 2")
    assert quiz == DryRunJson.build(built).model_dump(mode="json", by_alias=True)
    assert {i["type"] for i in quiz["items"]} == {"ordering"}


def test_quiz_types_are_the_item_kinds(capsys):
    from examsim.core.items import ITEM_KINDS

    for kind in ITEM_KINDS:
        assert run(capsys, "quiz", "--type", kind, "--count", "1", "--seed", "1", "--dry-run")[0] == 0
    with pytest.raises(SystemExit):
        main(["quiz", "--type", "essay", "--dry-run"])
    assert "invalid choice: 'essay'" in capsys.readouterr().err


@pytest.mark.parametrize("as_json", [False, True])
def test_bank_stats_of_a_file_with_errors_says_so_and_exits_1(capsys, tmp_path, as_json):
    """Counts of a bank that dropped cards are not the bank's counts: `stats` says so and exits 1,
    as `check` does; the bundled bank, sound, exits 0."""
    (tmp_path / "nothing.toml").write_text("title = 'no card here'\n", encoding="utf-8")
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "bank", "stats", str(tmp_path / "nothing.toml"),
                           *(["--json"] if as_json else []))
    assert status == 1 and "error(s) in the bank" in err and "bank check" in err
    assert (json.loads(out)["cards"] == 0) if as_json else out.startswith("0 cards")
    status, _out, err = run(capsys, "--data-dir", str(tmp_path), "bank", "stats", "--json")
    assert status == 0 and not err
