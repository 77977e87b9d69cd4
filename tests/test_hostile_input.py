"""Untrusted text (issue 13): card text never reaches a terminal or a report as anything but text.

The hostile corpus (tests/data/hostile/) goes through every way in (TOML escapes, raw deck
bytes, profiles, settings, notes, stored runs) and every sink (the exam and review screens,
the bank commands, exam --dry-run, report in four formats, history, bank feedback). No sink
may emit a C0 control but tab and newline, DEL, a C1 control, a bidi override or a
zero-width character; Markdown and HTML reports hold no HTML from card text and no link
that is not https.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.bank import load_bank
from examsim.cli import main
from tests.helpers.hostile import (CORPUS, HOSTILE, PAYLOAD, VISIBLE, assert_clean, finished_hostile_run,
                                   write_hostile_bank)

ROOT = Path(__file__).resolve().parent.parent
# Characters the cleaning must remove, beyond what hypothesis draws by default (it skips surrogates).
NASTY = "\x00\x07\x08\x0b\x0c\r\x1b\x7f\x80\x85\x9b\x9c\x9d\u061c\u200b\u200d\u200e\u202a\u202e\u2028\u2029\u2066\u2069\ufeff\ud800\U000e0041"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def hostile_bank_path(tmp_path_factory):
    return write_hostile_bank(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_bank(hostile_bank_path, profile):
    return load_bank([hostile_bank_path], profile)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, hostile_bank, profile):
    data = tmp_path_factory.mktemp("data")
    return data, finished_hostile_run(data, hostile_bank, profile)


# ---- the cleaning function ----
@given(st.text(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=80))
@settings(max_examples=400, deadline=None)
def test_cleaned_text_holds_no_control_character_and_cleaning_is_idempotent(text):
    from examsim.core.text import clean_text

    cleaned = clean_text(text)
    for ch in cleaned:
        assert ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp"), repr(ch)
    assert clean_text(cleaned) == cleaned


@given(st.text(st.one_of(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), st.sampled_from("\t\n")), max_size=80))
@settings(max_examples=200, deadline=None)
def test_cleaning_leaves_ordinary_text_alone(text):
    from examsim.core.text import clean_text

    assert clean_text(text) == text


def test_sinks_show_what_was_removed_instead_of_passing_it_on():
    from examsim.core.text import escape_text

    assert escape_text("a\x1b[2Jb\u009b\u202ec\td\ne") == "a\\x1b[2Jb\\x9b\\u202ec\td\ne"
    assert escape_text(escape_text(PAYLOAD)) == escape_text(PAYLOAD)
    assert_clean(escape_text(PAYLOAD), "escaped payload")


# ---- where text enters ----
def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("name", ["escapes.toml", "raw-c1-bidi.toml", "deck-raw.txt"])
def test_every_card_case_and_exhibit_field_is_cleaned_where_it_is_read(name, profile):
    bank = load_bank([HOSTILE / name], profile)
    assert bank.cards
    for s in bank.cards:
        for text in _strings(s.card.model_dump(mode="json")):
            assert_clean(text, f"{name} {s.card.id}")
    for case in bank.cases.values():
        for text in _strings(case.model_dump(mode="json")):
            assert_clean(text, f"{name} {case.id}")
    for item in bank.items:
        for text in (item.stem, item.explanation, *item.options, *item.prompts, item.scenario or "",
                     item.exhibit_title or "", item.exhibit_text or "", *item.exhibit_columns,
                     *(c for row in item.exhibit_rows for c in row)):
            assert_clean(text, f"{name} {item.id}")
    questions = " ".join(s.card.question for s in bank.cards)
    assert "]0;PWNED[2J" in questions or "31m" in questions  # only the controls go; the text stays


def test_linter_reports_each_cleaned_field_with_file_line_and_card(capsys):
    path = HOSTILE / "escapes.toml"
    status, out, _ = run(capsys, "bank", "check", str(path), "--json")
    report = json.loads(out)
    cleaned = [d for d in report["diagnostics"] if d["code"] == "control-character"]
    assert status == 0 and cleaned and all(d["severity"] == "warning" for d in cleaned)
    lines = path.read_text(encoding="utf-8").splitlines()
    question_line = next(n for n, line in enumerate(lines, 1) if line.startswith("question = ") and "Which option" in line)
    question = next(d for d in cleaned if d["card_id"] == "hostile-choice" and "'question'" in d["message"])
    assert question["file"] == str(path) and question["line"] == question_line
    assert "U+001B" in question["message"] and "U+202E" in question["message"]
    fields = {d["message"].split("'")[1] for d in cleaned}
    assert {"question", "answer", "choice.distractors", "exhibit.rows", "order.steps", "match.pairs", "scenario"} <= fields
    assert {d["card_id"] for d in cleaned} >= {"hostile-choice", "hostile-order", "hostile-match"}

    status, out, _ = run(capsys, "bank", "check", str(path), "--json", "--strict")
    report = json.loads(out)
    assert status == 1
    assert {d["severity"] for d in report["diagnostics"] if d["code"] == "control-character"} == {"error"}


def test_deck_lines_are_reported_with_their_line_and_card(profile):
    bank = load_bank([HOSTILE / "deck-raw.txt"], profile)
    cleaned = {(d.line, d.card_id) for d in bank.diagnostics if d.code == "control-character"}
    first = next(s.card for s in bank.cards if s.line == 1)
    assert (1, first.id) in cleaned and (2, first.id) in cleaned
    assert first.question == "What does this card do]0;PWNED[2J?"


def test_profile_and_settings_text_is_cleaned(tmp_path):
    from examsim.core.profiles import load_profile
    from examsim.core.settings import load_settings

    text = (ROOT / "configs" / "mla-c01.toml").read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("name = "))
    path = tmp_path / "p.toml"
    path.write_text(text.replace(name_line, 'name = "Hostile \\u001b]0;PWNED\\u0007 exam \\u202e\\u009b31m"'), encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.name == "Hostile ]0;PWNED exam 31m"
    (tmp_path / "settings.toml").write_text('profile = "mla\\u001b[2J\\u202e-c01"\n', encoding="utf-8")
    settings_, warning = load_settings(tmp_path)
    assert settings_.profile == "mla[2J-c01" and warning is None


def test_stored_snapshots_are_cleaned_as_they_are_read_back(hostile_bank, profile):
    from examsim.core.assembler import assemble_exam
    from examsim.core.store import exam_from_json, exam_to_json

    exam = assemble_exam(hostile_bank.items, profile, 3)
    data = json.loads(exam_to_json(exam))
    data["title"] = PAYLOAD
    for e in data["entries"]:
        item = e["item"]
        item["stem"] = PAYLOAD
        item["options"] = [PAYLOAD + o for o in item["options"]]
        item["explanation"] = PAYLOAD
        item["references"] = ["javascript:alert(1)"]
    back = exam_from_json(json.dumps(data))
    assert_clean(back.title, "title")
    for e in back.entries:
        for text in (e.item.stem, e.item.explanation, *e.item.options, *e.item.references):
            assert_clean(text, e.item.id)


# ---- files that hold no card, and TOML errors with a line ----
@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", b"Intermediateconcept\n", b"#tag#other\n\nAdvancedcert\n"],
                         ids=["empty", "blank", "header-only", "tags-and-header"])
def test_a_deck_with_no_card_is_an_error(content, tmp_path, capsys):
    path = tmp_path / "deck.txt"
    path.write_bytes(content)
    status, out, _ = run(capsys, "bank", "check", str(path))
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert status == 1 and len(lines) == 1 and "error" in lines[0] and "no card" in lines[0]


def test_text_that_is_not_a_deck_is_an_error(tmp_path, capsys):
    words = ("apple river stone cloud forty window orange paper marble yellow garden silver "
             "pencil thunder rocket butter candle dragon meadow puzzle").split()
    path = tmp_path / "words.txt"
    path.write_text("\n".join(" ".join(words[(i * 3 + j) % len(words)] for j in range(4)) for i in range(14)) + "\n")
    status, out, _ = run(capsys, "bank", "check", str(path))
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert status == 1 and len(lines) == 1 and "does not look like a deck" in lines[0]
    assert "0 cards loaded" in out


def test_the_seed_deck_still_reads_as_a_deck(capsys):
    from tests.conftest import SEED_DECK

    status, out, _ = run(capsys, "bank", "check", str(SEED_DECK))
    assert "does not look like a deck" not in out and "no card" not in out


@pytest.mark.parametrize("source, line, words", [
    ('[[card]]\nid = "a"\nanswer = """never closed\n\nmore text\n', 3, "string"),
    ("[[card]]\nid = 'a'\nquestion = 'never closed\nanswer = 'x'\n", 3, "string"),
    ('[[card]]\nid = "a"\ntags = ["a", "b"\nquestion = "q"\n', 3, "array"),
    ('[[card]]\nid = "a"\ntags = ["a",\n  "b",\n', 3, "array"),
], ids=["multi-line string", "literal string", "array", "array at end"])
def test_toml_syntax_errors_name_the_line_where_the_construct_starts(source, line, words, tmp_path):
    from examsim.core.cards.toml_reader import load_toml_bank

    path = tmp_path / "b.toml"
    path.write_text(source)
    diags = load_toml_bank(path).diagnostics
    assert [(d.line, d.code) for d in diags] == [(line, "toml-syntax")]
    assert words in diags[0].message and "end of document" not in diags[0].message


# ---- sinks: the bank commands ----
BANK_COMMANDS = [("check",), ("check", "--json"), ("show",), ("show", "--json", "--items"), ("stats",), ("stats", "--json")]


@pytest.mark.parametrize("command", BANK_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_bank_commands_never_emit_a_control_character(path, command, capsys):
    status, out, err = run(capsys, "bank", command[0], str(path), *command[1:])
    assert status in (0, 1, 2)
    assert_clean(out, f"stdout of bank {' '.join(command)}")
    assert_clean(err, f"stderr of bank {' '.join(command)}")
    if "--json" in command and status != 2 and out:
        assert out.isascii()
        json.loads(out)


@pytest.mark.parametrize("name", ["deck-raw.txt", "long-line.txt"])
def test_bank_import_reports_and_writes_clean_text(name, tmp_path, capsys):
    from examsim.core.cards.toml_reader import load_toml_bank

    out_path = tmp_path / "out.toml"
    status, out, err = run(capsys, "bank", "import", str(HOSTILE / name), "--out", str(out_path))
    assert status in (0, 1)
    assert_clean(out, "stdout of bank import")
    assert_clean(err, "stderr of bank import")
    loaded = load_toml_bank(out_path)
    assert loaded.cards and not [d for d in loaded.diagnostics if d.code == "control-character"]


def test_a_file_name_holding_escapes_is_shown_escaped(tmp_path, capsys):
    path = tmp_path / "evil\x1b]0;NAME\x07\u202e.txt"
    shutil.copy(HOSTILE / "deck-raw.txt", path)
    for argv in (("bank", "check", str(path)), ("bank", "show", str(path)),
                 ("bank", "import", str(path), "--out", str(tmp_path / "o.toml")), ("exam", "--bank", str(path), "--dry-run")):
        status, out, err = run(capsys, *argv)
        assert_clean(out + err, " ".join(argv[:2]))
        if argv[1] in ("check", "import"):  # their diagnostics name the file
            assert "evil\\x1b]0;NAME\\x07\\u202e.txt" in out + err
    from examsim.core.cards.toml_reader import load_toml_bank

    imported = load_toml_bank(tmp_path / "o.toml")  # the file name is written into a comment, escaped
    assert imported.cards and not imported.diagnostics


def test_bank_commands_write_clean_bytes_from_a_real_process(tmp_path):
    import subprocess
    import sys

    for argv in (["bank", "show", str(HOSTILE / "deck-raw.txt")], ["bank", "check", str(HOSTILE / "raw-esc.toml")]):
        proc = subprocess.run([sys.executable, "-m", "examsim", "--data-dir", str(tmp_path), *argv], capture_output=True, cwd=ROOT)
        assert b"Traceback" not in proc.stderr
        assert_clean(proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8"), " ".join(argv[:2]))


# ---- sinks: exam --dry-run, report, history, bank feedback ----
def test_exam_dry_run_is_clean_and_shows_the_text_as_typed(hostile_bank_path, tmp_path, capsys):
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "exam", "--bank", str(hostile_bank_path), "--seed", "4", "--dry-run", "--json")
    assert status == 0 and out.isascii()
    assert_clean(out, "exam --dry-run --json")
    assert_clean(err, "exam --dry-run stderr")
    stems = " ".join(i["options"][0] for i in json.loads(out)["items"])
    assert all(v in stems for v in VISIBLE)
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "exam", "--bank", str(hostile_bank_path), "--seed", "4", "--dry-run")
    assert status == 0
    assert_clean(out + err, "exam --dry-run")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_report_of_a_hostile_run_is_clean_in_every_format(fmt, finished_run, capsys):
    data, run_id = finished_run
    status, out, err = run(capsys, "--data-dir", str(data), "report", str(run_id), "--format", fmt)
    assert status == 0
    assert_clean(out, f"report --format {fmt}")
    assert_clean(err, f"report --format {fmt} stderr")
    if fmt == "json":
        assert out.isascii() and json.loads(out)["run"] == run_id
    if fmt == "text":
        assert "Question" in out and all(v in out for v in VISIBLE)


def check_markdown(out: str) -> None:
    """As a CommonMark previewer reads it: no HTML, no image, links only to https, card text as typed."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(out)
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    assert not [t for t in flat if t.type in ("html_block", "html_inline", "image")]
    hrefs = [t.attrGet("href") for t in flat if t.type == "link_open"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    rendered = MarkdownIt("commonmark").render(out)
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered and "[@click=app.quit]quit[/]" in rendered


def test_markdown_report_holds_no_html_from_cards_and_no_link_but_https(finished_run, capsys):
    data, run_id = finished_run
    _, out, _ = run(capsys, "--data-dir", str(data), "report", str(run_id), "--format", "markdown")
    check_markdown(out)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def check_html(out: str) -> None:
    """As a browser reads it: only the report's own tags, links only to https with rel=noopener."""
    parser = _Tags()
    parser.feed(out)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "tr", "th",
                           "td", "div", "strong", "span", "a", "br", "ul", "ol", "li",
                           "figure", "figcaption", "pre"}  # the last three: exhibits
    assert parser.links and all(a["href"].startswith("https://") and a.get("rel") == "noopener noreferrer" for a in parser.links)
    assert "<img src=x onerror=alert(1)>" in "".join(parser.text)


def test_html_report_holds_only_its_own_tags_and_https_links(finished_run, capsys):
    data, run_id = finished_run
    _, out, _ = run(capsys, "--data-dir", str(data), "report", str(run_id), "--format", "html")
    check_html(out)


def test_history_and_bank_feedback_are_clean(finished_run, capsys):
    data, _ = finished_run
    for argv in (("history",), ("history", "--json"), ("bank", "feedback"), ("bank", "feedback", "--json")):
        status, out, err = run(capsys, "--data-dir", str(data), *argv)
        assert status == 0
        assert_clean(out + err, " ".join(argv))
        if "--json" in argv:
            assert out.isascii()
    _, out, _ = run(capsys, "--data-dir", str(data), "bank", "feedback")
    assert "]0;PWNED" in out


# ---- sinks: the TUI ----
def screen_text(app) -> str:
    """What the terminal is sent as text: every cell of the current screen, toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toast_text(app) -> str:
    """The text of the toasts on screen, cropped from the rendered cells."""
    from textual.widgets._toast import Toast

    strips = app.screen._compositor.render_strips()
    out = []
    for toast in app.screen.query(Toast):
        r = toast.region
        out += [strips[y].crop(r.x, r.right).text for y in range(r.y, r.bottom)]
    return "\n".join(out)


@pytest.mark.asyncio
async def test_exam_screen_shows_card_text_as_typed_with_no_control_character(hostile_bank, profile, tmp_path):
    from examsim.core.assembler import QuizFilter, assemble_quiz
    from examsim.core.store import Store
    from examsim.tui.app import ExamsimApp
    from tests.conftest import FakeClock

    exam = assemble_quiz(hostile_bank.items, profile, 2, 40, QuizFilter(), feedback="now")
    app = ExamsimApp(Store(tmp_path), ("exam", exam, hostile_bank, profile), clock=FakeClock())
    async with app.run_test(size=(120, 60), notifications=True) as pilot:
        await pilot.pause()
        session = app.screen.session
        kinds = {}
        for i, e in enumerate(exam.entries):
            kinds.setdefault((e.item.kind, e.item.case_id is not None), i)
        for i in kinds.values():
            session.goto(i)
            app.screen.render_item()
            await pilot.pause()
            assert_clean(screen_text(app), f"exam screen, item {i}")
            entry = session.entry(i)
            session.set_response(i, entry.presentation.shown_key(entry.item))
            await pilot.press("enter")  # check: the explanation is shown
            await pilot.pause()
            shown = screen_text(app)
            assert_clean(shown, f"exam screen after checking item {i}")
            assert "]0;PWNED[2J" in shown and "[@click=app.quit]quit[/]" in shown
        await pilot.press("ctrl+n")
        await pilot.pause()
        from textual.widgets import TextArea

        app.screen.query_one(TextArea).text = "my note " + PAYLOAD
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert_clean(session.note(), "saved note")
        assert session.note().startswith("my note Which option is the key ]0;PWNED[2J")


@pytest.mark.asyncio
async def test_review_screen_shows_card_text_with_no_control_character(finished_run, profile):
    from examsim.core.store import Store
    from examsim.tui.app import ExamsimApp

    data, run_id = finished_run
    app = ExamsimApp(Store(data), ("review", run_id))
    async with app.run_test(size=(120, 80)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        kinds = set()
        for n in range(12):
            await pilot.pause()
            shown = screen_text(app)
            assert_clean(shown, f"review screen, item {n + 1}")
            assert "]0;PWNED[2J" in shown and "[@click=app.quit]quit[/]" in shown
            if n == 1:
                assert "Your note" in shown
            kinds.add(app.screen.session.entry(n).item.kind)
            await pilot.press("right")
        assert len(kinds) >= 3  # the choice, ordering and matching layouts were all checked


@pytest.mark.asyncio
async def test_a_toast_naming_a_hostile_path_is_clean(tmp_path):
    from examsim.core.store import Store
    from examsim.tui.app import ExamsimApp

    data = tmp_path / "data\x1b]0;PWNED\x07\u009b31m"
    data.mkdir()
    (data / "settings.toml").write_text("theme = [\n")  # unusable: a warning toast names the file
    app = ExamsimApp(Store(data), ("home",))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert_clean(screen_text(app), "home screen with a toast")
        toast = "".join(toast_text(app).split())
        assert "]0;PWNED31m/settings.toml" in toast and "couldnotbeused" in toast


# ---- a database written before cleaning existed ----
def test_a_database_written_before_cleaning_reviews_and_reports_clean(finished_run, tmp_path, capsys):
    """Rewrite a run as an older examsim stored it: raw controls in the snapshot, the title,
    the results, the notes and an item report; then report and review it."""
    import asyncio

    src, run_id = finished_run
    data = tmp_path / "old"
    shutil.copytree(src, data)
    raw = "\x1b]0;PWNED\x07\x1b[2J\u009b31m\u202e\u200d<img src=x onerror=alert(1)>[@click=app.quit]quit[/]"
    con = sqlite3.connect(data / "examsim.db")
    exam_json, result_json = con.execute("SELECT exam_json, result_json FROM runs WHERE id=?", (run_id,)).fetchone()
    snapshot = json.loads(exam_json)
    snapshot["title"] = raw
    for e in snapshot["entries"]:
        item = e["item"]
        item["stem"] = raw + "\ud800" + item["stem"]  # a lone surrogate: valid JSON, unprintable as UTF-8
        item["options"] = [raw + o for o in item["options"]]
        item["prompts"] = [raw + p for p in item["prompts"]]
        item["explanation"] = raw
        item["scenario"] = raw if item.get("scenario") else None
        item["references"] = ["javascript:alert(1)", "data:text/html,<script>alert(2)</script>", "https://ok.example/"]
    result = json.loads(result_json)
    for d in result.get("domains", []):
        d["name"] = raw + d["name"]
    con.execute("UPDATE runs SET exam_json=?, result_json=?, title=? WHERE id=?",
                (json.dumps(snapshot), json.dumps(result, ensure_ascii=False), raw, run_id))
    con.execute("UPDATE responses SET note=? WHERE run_id=?", (raw, run_id))
    con.execute("UPDATE item_feedback SET comment=?, source=?", (raw, raw))
    con.commit()
    con.close()

    for fmt in ("text", "json", "markdown", "html"):
        status, out, err = run(capsys, "--data-dir", str(data), "report", str(run_id), "--format", fmt)
        assert status == 0
        assert_clean(out + err, f"old run, report --format {fmt}")
        if fmt == "markdown":
            check_markdown(out)
        if fmt == "html":
            check_html(out)
    for argv in (("history",), ("bank", "feedback")):
        status, out, err = run(capsys, "--data-dir", str(data), *argv)
        assert_clean(out + err, f"old run, {' '.join(argv)}")

    async def review():
        from examsim.core.store import Store
        from examsim.tui.app import ExamsimApp

        app = ExamsimApp(Store(data), ("review", run_id))
        async with app.run_test(size=(120, 80)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            for _ in range(4):
                await pilot.pause()
                assert_clean(screen_text(app), "old run, review screen")
                await pilot.press("right")
            from examsim.tui.screens.history import HistoryScreen

            app.push_screen(HistoryScreen())
            await pilot.pause()
            assert_clean(screen_text(app), "old run, history screen")
            assert "PWNED" in screen_text(app)

    asyncio.run(review())


def test_a_one_megabyte_line_is_refused_in_a_bank_and_shown_clean_from_a_stored_run(tmp_path, profile, capsys):
    """A bank refuses a field longer than a card may hold (with its file, line and the limit); a
    stored run (an old or tampered database) holding the same 1 MB line still reaches the exam
    screen and the reports as clean text."""
    import asyncio
    import json
    import sqlite3

    import tomli_w

    from examsim.core.assembler import QuizFilter, assemble_quiz
    from examsim.core.session import Session
    from examsim.core.store import Store
    from examsim.tui.app import ExamsimApp
    from tests.conftest import FakeClock

    line = (HOSTILE / "long-line.txt").read_text(encoding="utf-8").splitlines()[1]
    assert len(line) >= 1_000_000
    # TOML forbids raw ESC and BEL: raw C1 controls stand in (escapes would be slow to parse at this size).
    as_toml = line.replace("\x1b", "\u009b").replace("\x07", "\u009c")
    card = {"id": "long", "domain": 1, "task": "1.1", "references": ["https://docs.aws.amazon.com/"],
            "choice": {"correct": ["Key"], "distractors": ["Wrong one", "Wrong two", "Wrong three"]}}
    body = tomli_w.dumps({"card": [card]}).split("\n", 1)[1]
    (tmp_path / "long.toml").write_text(f'[[card]]\nquestion = "Which? {as_toml}"\nanswer = "Key. {as_toml}"\n' + body,
                                        encoding="utf-8")
    status, out, err = run(capsys, "bank", "check", str(tmp_path / "long.toml"))
    assert status == 1 and "long.toml:2:" in out and "field 'question' holds 1," in out and "8,000" in out
    assert_clean(out + err, "bank check of a 1 MB field")

    (tmp_path / "short.toml").write_text('[[card]]\nquestion = "Which? SHORT"\nanswer = "Key. SHORT"\n' + body, encoding="utf-8")
    bank = load_bank([tmp_path / "short.toml"], profile)
    data = tmp_path / "data"
    store = Store(data)
    stored = Session.create(assemble_quiz(bank.items, profile, 1, 1, QuizFilter(card_ids={"long"}), feedback="now"),
                            profile, store)
    stored.close()
    store.close()
    with sqlite3.connect(data / "examsim.db") as con:  # the tampered snapshot: the 1 MB line in stem and explanation
        (snapshot,) = con.execute("SELECT exam_json FROM runs WHERE id=?", (stored.run_id,)).fetchone()
        con.execute("UPDATE runs SET exam_json=? WHERE id=?", (snapshot.replace("SHORT", json.dumps(line)[1:-1]), stored.run_id))
    store = Store(data)
    exam = store.exam(stored.run_id)
    store.close()
    assert len(exam.entries[0].item.stem) >= 1_000_000

    async def take():
        app = ExamsimApp(Store(data), ("exam", exam, bank, profile), clock=FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            shown = screen_text(app)
            assert_clean(shown, "exam screen with a 1 MB stem")
            assert "Which? word word" in shown
            entry = exam.entries[0]
            wrong = next(o for o in range(4) if o not in entry.presentation.shown_key(entry.item))
            await pilot.press("abcd"[wrong], "enter")  # a wrong answer, checked: the 1 MB explanation is shown
            await pilot.pause()
            assert_clean(screen_text(app), "exam screen with a 1 MB explanation")
            await pilot.press("ctrl+e", "y")
            await pilot.pause()
            return app.screen.session.run_id

    run_id = asyncio.run(take())
    for fmt in ("text", "markdown"):
        status, out, err = run(capsys, "--data-dir", str(data), "report", str(run_id), "--format", fmt)
        assert status == 0 and len(out) > 2_000_000  # the stem and the explanation, whole
        assert_clean(out + err, f"report --format {fmt} with a 1 MB line")
