"""The `--json` contracts: each shape docs/cli.md documents matches its model in
examsim/cli/contracts.py (keys, order and JSON types, both ways), every model is documented,
and every command's real output is what its model says."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel, RootModel

from examsim.cli import context, contracts, main
from tests.conftest import SEED_DECK

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
T0 = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)  # the CLI's now; the runs are a day older


# ---- the checker: a JSON value against a model's annotation ----
def _keys(model: type[BaseModel]) -> list[str]:
    """The model's keys as printed (aliases such as "pass"), in order."""
    return [field.alias or name for name, field in model.model_fields.items()]


def conformance(value, annotation, path: str = "$", *, documented: bool) -> list[str]:
    """What is wrong with `value` as a JSON value of `annotation`: [] when it conforms.

    JSON types are told apart as the output prints them: 74 is a whole number (int), 74.0 a
    number with a fraction (float), true a bool. `documented`: the value is docs/cli.md's
    example, so it must show every key of each object and at least one element of each list
    or map of objects; a real output may leave a defaulted key out (`bank show` without
    --items) and have empty lists."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        attempts = [conformance(value, arg, path, documented=documented) for arg in typing.get_args(annotation)]
        return [] if any(not a for a in attempts) else min(attempts, key=len)
    if annotation is type(None):
        return [] if value is None else [f"{path}: {json.dumps(value)[:40]} where the model has null"]
    if annotation in (bool, int, float, str):
        kind = {bool: (bool,), int: (int,), float: (float,), str: (str,)}[annotation]
        ok = isinstance(value, kind) and (annotation is bool or not isinstance(value, bool))
        return [] if ok else [f"{path}: {json.dumps(value)[:40]} where the model has {annotation.__name__}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__} where the model has a list"]
        (element,) = typing.get_args(annotation)
        if documented and not value and _is_model(element):
            return [f"{path}: an empty list documents nothing of {element.__name__}"]
        return [e for i, v in enumerate(value) for e in conformance(v, element, f"{path}[{i}]", documented=documented)]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__} where the model has a map"]
        _key, element = typing.get_args(annotation)
        if documented and not value and _is_model(element):
            return [f"{path}: an empty map documents nothing of {element.__name__}"]
        return [e for k, v in value.items() for e in conformance(v, element, f"{path}.{k}", documented=documented)]
    if _is_model(annotation) and issubclass(annotation, RootModel):
        return conformance(value, annotation.model_fields["root"].annotation, path, documented=documented)
    if _is_model(annotation):
        return _object_conformance(value, annotation, path, documented=documented)
    raise AssertionError(f"{path}: the checker knows no JSON type for {annotation!r}")


def _is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _object_conformance(value, model: type[BaseModel], path: str, *, documented: bool) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: {type(value).__name__} where the model has an object ({model.__name__})"]
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    errors = [f"{path}.{k}: not in the model {model.__name__}" for k in value if k not in fields]
    for key, field in fields.items():
        if key not in value and (documented or field.is_required()):
            errors.append(f"{path}.{key}: in the model {model.__name__}, missing here")
    printed = [k for k in _keys(model) if k in value]
    if not errors and list(value) != printed:
        errors.append(f"{path}: keys in the order {list(value)}, the model prints {printed}")
    for key, v in value.items():
        if key in fields:
            errors += conformance(v, fields[key].annotation, f"{path}.{key}", documented=documented)
    return errors


# ---- docs/cli.md ----
def documented_shapes(text: str) -> dict[str, list]:
    """Heading -> the JSON examples under it, in the section "## `--json` shapes"."""
    section = text.split("## `--json` shapes", 1)[1].split("\n## ", 1)[0]
    shapes = {}
    for block in re.split(r"^### ", section, flags=re.M)[1:]:
        heading, body = block.split("\n", 1)
        examples = re.findall(r"^```json\n(.*?)^```", body, flags=re.M | re.S)
        shapes[heading.strip().strip("`")] = [json.loads(e) for e in examples]
    return shapes


def test_every_model_is_documented_and_every_documented_shape_has_a_model():
    shapes = documented_shapes(CLI_DOC.read_text(encoding="utf-8"))
    assert sorted(shapes) == sorted(contracts.DOCUMENTED)
    assert all(len(examples) == 1 for examples in shapes.values()), {h: len(e) for h, e in shapes.items()}


@pytest.mark.parametrize("heading", sorted(contracts.DOCUMENTED))
def test_the_documented_shape_is_the_model(heading):
    [example] = documented_shapes(CLI_DOC.read_text(encoding="utf-8"))[heading]
    model = contracts.DOCUMENTED[heading]
    assert conformance(example, model, documented=True) == []
    model.model_validate(example, strict=True)


def test_the_check_fails_on_a_wrong_type_a_missing_or_an_unknown_key():
    """The checker is the test: it must not pass what the contract forbids."""
    [example] = documented_shapes(CLI_DOC.read_text(encoding="utf-8"))["examsim report RUN --json"]
    model = contracts.ReportJson

    def broken(change) -> list[str]:
        copy = json.loads(json.dumps(example))
        change(copy)
        return conformance(copy, model, documented=True)

    assert broken(lambda d: d.update(percent=74)) == ["$.percent: 74 where the model has float"]
    assert broken(lambda d: d.update(run="3")) == ['$.run: "3" where the model has int']
    assert broken(lambda d: d.update({"pass": 1})) == ["$.pass: 1 where the model has bool"]
    assert broken(lambda d: d["domains"][0].update(right=11.0)) == ["$.domains[0].right: 11.0 where the model has int"]
    assert broken(lambda d: d["forensics"]["slowest"][0].pop("seconds")) == [
        "$.forensics.slowest[0].seconds: in the model SlowItem, missing here"]
    assert broken(lambda d: d.update(extra=1)) == ["$.extra: not in the model ReportJson"]
    assert broken(lambda d: d.update(tasks=[])) == ["$.tasks: an empty list documents nothing of TaskResult"]
    assert broken(lambda d: d["forensics"]["calibration"]["sure"].update(right="20")) == [
        '$.forensics.calibration.sure.right: "20" where the model has int']
    reordered = {"run": example["run"], **{k: v for k, v in example.items() if k != "run"}}
    assert "keys in the order" in conformance(reordered, model, documented=True)[0]


# ---- the real outputs ----
@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, synthetic_bank_path):
    """A data dir with a finished exam and a finished quiz, both partly answered, two item
    reports and an exam date: every command has something to say."""
    from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
    from examsim.core.bank import load_bank
    from examsim.core.profiles import load_profile
    from examsim.core.runs import create_run
    from examsim.core.settings import load_settings, save_settings
    from examsim.core.store import Store

    data = tmp_path_factory.mktemp("contracts") / "d"
    profile = load_profile("mla-c01")
    bank = load_bank([synthetic_bank_path], profile)
    store = Store(data, wall_clock=lambda: T0 - dt.timedelta(days=1))
    for exam, answered in ((assemble_exam(bank.items, profile, 3), 50),
                           (assemble_quiz(bank.items, profile, 5, 10, QuizFilter(domains=[2]), title="quiz d2"), 6)):
        session = create_run(exam, profile, store)  # wired to FSRS, as the app opens runs: drills need memory
        session.start()
        for i, entry in enumerate(session.exam.entries[:answered]):
            session.goto(i)
            key = entry.presentation.shown_key(entry.item)
            session.set_response(i, key if i % 3 else tuple(reversed(key)))
        session.submit()
    store.add_feedback(1, session.entry(0).item.id, session.entry(0).item.card_id, "ambiguous", "two keys", "x.toml")
    store.add_feedback(1, session.entry(1).item.id, session.entry(1).item.card_id, "wrong-key", "", None)
    settings, _warning = load_settings(data)
    save_settings(data, settings.model_copy(update={"exam_date": (T0 + dt.timedelta(days=20)).date()}))
    store.close()
    return data


def commands(bank: Path) -> list[tuple[list[str], type[BaseModel]]]:
    synthetic = ["--bank", str(bank)]
    return [
        (["exam", "--dry-run", "--json", "--seed", "7", *synthetic], contracts.DryRunJson),
        (["quiz", "--dry-run", "--seed", "7", "--count", "5", *synthetic], contracts.DryRunJson),
        (["drill", "--dry-run", "--seed", "7", "--count", "5", *synthetic], contracts.DryRunJson),
        (["scale", "--json"], contracts.ScaleJson),
        (["report", "1", "--json"], contracts.ReportJson),
        (["report", "2", "--format", "json"], contracts.ReportJson),
        (["readiness", "--json"], contracts.ReadinessJson),
        (["plan", "--json"], contracts.PlanJson),
        (["bank", "feedback", "--json"], contracts.FeedbackJson),
        (["profiles", "--json"], contracts.ProfilesJson),
        (["drill", "--forecast", "--json"], contracts.ForecastJson),
        (["history", "--json", "--all"], contracts.HistoryJson),
        (["bank", "show", str(ROOT / "banks" / "examples"), "--json", "--items"], contracts.BankShowJson),
        (["bank", "show", str(SEED_DECK), "--json"], contracts.BankShowJson),
        (["bank", "check", str(SEED_DECK), "--json"], contracts.BankCheckJson),
        (["bank", "stats", str(bank), "--json", "--profile", "mla-c02"], contracts.BankStatsJson),
    ]


def test_every_documented_model_is_run_for_real(synthetic_bank_path):
    assert {model for _argv, model in commands(synthetic_bank_path)} == set(contracts.DOCUMENTED.values())


@pytest.mark.parametrize("index", range(16))
def test_the_real_output_is_its_model(index, data_dir, synthetic_bank_path, capsys, monkeypatch):
    monkeypatch.setattr(context, "wall_clock", lambda: T0)
    argv, model = commands(synthetic_bank_path)[index]
    assert main(["--data-dir", str(data_dir), *argv]) in (0, 1)  # bank check of the seed deck: warnings only
    out = capsys.readouterr().out
    assert out.isascii()
    model.model_validate_json(out, strict=True)
    data = json.loads(out)
    assert conformance(data, model, documented=False) == []
    assert data, argv  # something to check: the fixture gives every command a non-empty output


def test_bank_show_has_items_only_with_items(capsys):
    main(["bank", "show", str(SEED_DECK), "--json"])
    assert all("items" not in card for card in json.loads(capsys.readouterr().out))
    main(["bank", "show", str(SEED_DECK), "--json", "--items"])
    assert all(isinstance(card["items"], list) for card in json.loads(capsys.readouterr().out))


def test_the_report_of_a_finished_run_has_its_numbers(data_dir, capsys):
    main(["--data-dir", str(data_dir), "report", "1", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["run"] == 1 and report["mode"] == "exam" and report["scored"] == 50 and report["answered"] == 50
    assert isinstance(report["scaled"], int) and isinstance(report["pass"], bool) and isinstance(report["percent"], float)
    assert [d["domain"] for d in report["domains"]] == [1, 2, 3, 4] and report["forensics"]["calibration"]
    main(["--data-dir", str(data_dir), "report", "2", "--json"])
    quiz = json.loads(capsys.readouterr().out)
    assert quiz["mode"] == "quiz" and quiz["scaled"] is None and quiz["pass"] is None and quiz["minutes"] is None


def test_the_clock_tests_replace_reaches_every_command_that_reads_it(data_dir, synthetic_bank_path, capsys, monkeypatch):
    """`context.wall_clock` is the CLI's one clock: replaced there, readiness, plan, the
    forecast and the drill all read the replacement."""
    calls = []

    def clock():
        calls.append(1)
        return T0 + dt.timedelta(days=5)

    monkeypatch.setattr(context, "wall_clock", clock)
    for argv, says in ((["readiness", "--json"], '"days_left": 15'), (["plan", "--json"], '"days_left": 15'),
                       (["drill", "--forecast", "--json"], '"date": "2026-12-05"'),
                       (["drill", "--dry-run", "--count", "3", "--bank", str(synthetic_bank_path)], '"mode": "drill"')):
        calls.clear()
        assert main(["--data-dir", str(data_dir), *argv]) == 0
        assert calls and says in capsys.readouterr().out, argv


def test_an_item_report_tied_to_no_run_is_listed_not_a_traceback(tmp_path, capsys):
    """The store keeps a report's run_id nullable (Store.add_feedback takes None): `bank
    feedback` lists such a row, `"run_id": null` in JSON, as it did before the contracts were
    models, instead of failing validation with a traceback."""
    from examsim.core.store import Store

    store = Store(tmp_path)
    store.add_feedback(None, "t1-1-x:choice", "t1-1-x", "outdated", "", None)
    store.close()
    assert main(["--data-dir", str(tmp_path), "bank", "feedback", "--json"]) == 0
    out = capsys.readouterr().out
    [row] = json.loads(out)
    assert row["run_id"] is None and row["card_id"] == "t1-1-x"
    assert conformance(json.loads(out), contracts.FeedbackJson, documented=False) == []
    assert main(["--data-dir", str(tmp_path), "bank", "feedback"]) == 0
    assert "card t1-1-x (item t1-1-x:choice, run None, -)" in capsys.readouterr().out


def test_a_damaged_stored_result_reports_nulls_as_documented(tmp_path, synthetic_bank, profile, capsys):
    """docs/cli.md: `forensics` and the result's numbers are null when the stored result is
    damaged; the report still prints, in its model's shape."""
    import sqlite3

    from examsim.core.assembler import QuizFilter, assemble_quiz
    from examsim.core.runs import create_run
    from examsim.core.store import DB_NAME, Store

    store = Store(tmp_path)
    session = create_run(assemble_quiz(synthetic_bank.items, profile, 1, 2, QuizFilter()), profile, store)
    session.start()
    session.submit()
    store.close()
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("UPDATE runs SET result_json = '{not json' WHERE id = ?", (session.run_id,))
    assert main(["--data-dir", str(tmp_path), "report", str(session.run_id), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert conformance(report, contracts.ReportJson, documented=False) == []
    assert report["forensics"] is None
    assert [report[k] for k in ("scaled", "pass", "right", "scored", "percent", "answered")] == [None] * 6


NO_TASK_CARD = '''[[card]]
id = "no-task-card"
domain = 3
level = "intermediate"
category = "concept"
question = """Which SageMaker AI inference option queues requests and accepts payloads up to 1 GB?"""
answer = """Asynchronous inference queues requests and accepts payloads up to 1 GB. The others are wrong."""

[card.choice]
correct = ["Asynchronous inference"]
distractors = ["Real-time endpoint", "Serverless inference", "Batch transform"]
'''


def test_a_card_without_a_task_statement_prints_task_null_not_a_traceback(tmp_path, capsys):
    """A card may name its domain and no task (bank check passes it; an imported deck's tag
    rules may map only the domain): its items' `task` is null in `bank show --items` and in a
    dry run, as before the contracts were models."""
    bank = tmp_path / "no-task.toml"
    bank.write_text(NO_TASK_CARD, encoding="utf-8")
    assert main(["bank", "check", str(bank)]) == 0
    capsys.readouterr()
    for argv, model in ((["bank", "show", str(bank), "--json", "--items"], contracts.BankShowJson),
                        (["--data-dir", str(tmp_path / "d"), "quiz", "--dry-run", "--count", "1", "--seed", "1",
                          "--bank", str(bank)], contracts.DryRunJson)):
        assert main(argv) == 0, argv
        data = json.loads(capsys.readouterr().out)
        assert conformance(data, model, documented=False) == [], argv
        [item] = data[0]["items"] if model is contracts.BankShowJson else data["items"]
        assert item["id"] == "no-task-card:choice" and item["task"] is None
