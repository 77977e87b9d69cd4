"""SQLite storage: runs, every response as it is given, and history.

WAL journal. Every change is one real transaction (`BEGIN IMMEDIATE ... COMMIT`, or
`ROLLBACK` on any error), written before the caller changes its memory. A run's exam
(items and option orders) is snapshotted into the run row, so a run stays reviewable
after the bank changes.
A running exam is locked with an OS file lock, released by the kernel if the
process dies, so a second process is told and nothing is written twice.
A corrupt, unreadable or newer database is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from examsim.core.assembler import Exam, ExamEntry
from examsim.core.errors import StoreError
from examsim.core.items import Item, Presentation, Response
from examsim.core.text import clean_tree

SCHEMA_VERSION = 3
DB_NAME = "examsim.db"

# The study tables came with schema 2 and have not changed since: the migration to 2 and a
# new database create them from this one text.
_STUDY_TABLES = """
CREATE TABLE IF NOT EXISTS card_memory (
    card_id TEXT PRIMARY KEY, fsrs TEXT NOT NULL, due TEXT NOT NULL, reviews INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS item_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER, item_id TEXT NOT NULL, card_id TEXT NOT NULL,
    kind TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', source TEXT, created_at TEXT NOT NULL
)"""

# The current schema, for a new database. A database of an older version is brought here
# by _MIGRATIONS, one step per version; tests/test_migrations.py holds the two paths equal.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mode TEXT NOT NULL, profile TEXT NOT NULL, seed INTEGER NOT NULL,
    bank_fingerprint TEXT NOT NULL, title TEXT NOT NULL,
    minutes INTEGER, feedback TEXT NOT NULL, accommodation INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL, elapsed REAL NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT,
    exam_json TEXT NOT NULL, result_json TEXT,
    warned TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS responses (
    run_id INTEGER NOT NULL REFERENCES runs(id), idx INTEGER NOT NULL, item_id TEXT NOT NULL,
    response TEXT, flagged INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
    struck TEXT NOT NULL DEFAULT '[]', seconds REAL NOT NULL DEFAULT 0, confidence TEXT,
    updated_at TEXT NOT NULL,
    history TEXT NOT NULL DEFAULT '[]',
    revealed INTEGER NOT NULL DEFAULT 0,
    reviewed INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    review TEXT,
    PRIMARY KEY (run_id, idx)
);
CREATE INDEX IF NOT EXISTS runs_state ON runs(state);
""" + _STUDY_TABLES
# responses.history: every answer given, [[elapsed, response or null], ...]
# responses.revealed: a feedback-now answer was checked (it is locked); reviewed: its card had its FSRS review
# responses.seen: the item was shown to the candidate (only shown items are evidence: docs/readiness.md)
# responses.review: the FSRS review this item gave its card, {"rating", "chosen", "before"}, so a rating
#   chosen after the reveal replaces that review (`before` is the card's memory row before it, or null)
# runs.warned: the time warnings (minutes) already given


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction first: run statement by statement instead.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _to_v2(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2. Schema 1 was released twice: first with an `answer_log` table and no
    `responses.history` (8eb6f05), then with `history` (1f25d75). Both arrive here."""
    if "history" not in _columns(conn, "responses"):
        conn.execute("ALTER TABLE responses ADD COLUMN history TEXT NOT NULL DEFAULT '[]'")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "answer_log" in tables:
        logs: dict[tuple[int, int], list] = {}
        for run_id, idx, elapsed, response in conn.execute(
                "SELECT run_id, idx, elapsed, response FROM answer_log ORDER BY id"):
            logs.setdefault((run_id, idx), []).append([round(elapsed, 1), json.loads(response) if response else None])
        for (run_id, idx), history in logs.items():
            conn.execute("UPDATE responses SET history=? WHERE run_id=? AND idx=?", (json.dumps(history), run_id, idx))
        conn.execute("DROP TABLE answer_log")
    _execute_script(conn, _STUDY_TABLES)


def _to_v3(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: what a resume needs that lived only in memory (revealed, reviewed, warned),
    which items were shown (seen), and each item's FSRS review (review)."""
    conn.execute("ALTER TABLE responses ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE responses ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE responses ADD COLUMN seen INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE responses ADD COLUMN review TEXT")
    conn.execute("ALTER TABLE runs ADD COLUMN warned TEXT NOT NULL DEFAULT '[]'")
    # Before schema 3 a finished run had reviewed every card it served.
    conn.execute("UPDATE responses SET reviewed=1 WHERE run_id IN (SELECT id FROM runs WHERE state IN ('submitted', 'expired'))")
    # Schema 2 did not record what was shown. An item the candidate answered, flagged, noted or
    # spent time on was on screen, and so was the item a run stands on; the rest never was.
    conn.execute("UPDATE responses SET seen=1 WHERE response IS NOT NULL OR flagged=1 OR note != '' OR seconds > 0")
    conn.execute("INSERT INTO responses(run_id, idx, item_id, seen, updated_at) "
                 "SELECT id, position, json_extract(exam_json, '$.entries[' || position || '].item.id'), 1, updated_at "
                 "FROM runs WHERE state != 'not-started' AND json_extract(exam_json, '$.entries[' || position || '].item.id') "
                 "IS NOT NULL ON CONFLICT(run_id, idx) DO UPDATE SET seen=1")


# Each step takes the schema from version N-1 to N, inside the one migration transaction.
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _to_v2, 3: _to_v3}

ACTIVE_STATES = ("not-started", "running")
FINISHED_STATES = ("submitted", "expired")  # scored runs; "abandoned" runs were never taken


class RunLocked(StoreError):
    """Another examsim process has this run open."""


def now_iso() -> str:
    # Same text as datetime.now(timezone.utc).isoformat(timespec="seconds"), at a third of the cost:
    # it is on the path of every saved answer.
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def default_data_dir() -> Path:
    env = os.environ.get("EXAMSIM_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("examsim", appauthor=False))


@dataclass
class RunRow:
    id: int
    mode: str
    profile: str
    seed: int
    title: str
    minutes: int | None
    feedback: str
    accommodation: bool
    state: str
    elapsed: float
    position: int
    created_at: str
    updated_at: str
    finished_at: str | None
    bank_fingerprint: str
    result: dict | None
    warned: tuple[int, ...] = ()

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def is_open(self) -> bool:
        return self.state in ACTIVE_STATES


@dataclass
class ItemRecord:
    response: Response | None
    flagged: bool
    note: str
    struck: tuple[int, ...]
    seconds: float
    confidence: str | None
    revealed: bool = False
    reviewed: bool = False
    seen: bool = False  # shown to the candidate: only shown items are evidence (FSRS, readiness)
    review: dict | None = None  # the FSRS review this item gave its card (see _SCHEMA)


_ITEM_FIELDS = tuple(f.name for f in fields(Item))  # with `source`: reports of bad items name the file


def _item_to_json(item: Item) -> dict:
    # Fields are flat (strings, numbers, tuples of them): no need for asdict's deep copy.
    return {name: getattr(item, name) for name in _ITEM_FIELDS}


def _item_from_json(data: dict) -> Item:
    # A snapshot is read back cleaned: a database written before examsim cleaned card text
    # (or by anything else) may hold terminal escapes (examsim.core.text).
    data = clean_tree(dict(data))
    for key in ("options", "key", "prompts", "tags", "references", "skills", "exhibit_columns"):
        data[key] = tuple(data.get(key) or ())
    data["exhibit_rows"] = tuple(tuple(row) for row in data.get("exhibit_rows") or ())
    if data.get("exams") is not None:
        data["exams"] = tuple(data["exams"])
    return Item(**data)


def exam_to_json(exam: Exam) -> str:
    return json.dumps({
        "profile": exam.profile_id, "mode": exam.mode, "seed": exam.seed, "minutes": exam.minutes,
        "feedback": exam.feedback, "bank_fingerprint": exam.bank_fingerprint, "title": exam.title,
        "entries": [
            {"item": _item_to_json(e.item), "option_order": list(e.presentation.option_order),
             "prompt_order": list(e.presentation.prompt_order), "scored": e.scored, "domain": e.domain, "task": e.task}
            for e in exam.entries
        ],
    })


def _review_from_json(text: str | None) -> dict | None:
    try:
        review = json.loads(text) if text else None
    except ValueError:
        return None  # a damaged review reads as none: the card's memory itself is intact
    return review if isinstance(review, dict) else None


class SnapshotError(ValueError):
    """A stored run snapshot that cannot be used as it is; the message says what is wrong."""


def exam_from_json(text: str) -> Exam:
    """A run's exam from its stored snapshot. Any damage (bad JSON, a missing field, an
    option order that does not fit its item) is a SnapshotError, never a later crash."""
    try:
        data = json.loads(text)
        entries = tuple(
            ExamEntry(_item_from_json(e["item"]), Presentation(tuple(e["option_order"]), tuple(e["prompt_order"])),
                      e["scored"], e["domain"], e["task"])
            for e in data["entries"]
        )
        exam = Exam(data["profile"], data["mode"], data["seed"], data["minutes"], entries, data["feedback"],
                    data["bank_fingerprint"], clean_tree(data["title"]))
    except SnapshotError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise SnapshotError(f"{type(exc).__name__}: {exc}") from None
    for n, entry in enumerate(exam.entries, 1):
        _check_entry(n, entry)
    return exam


def _check_entry(n: int, entry: ExamEntry) -> None:
    item, shown = entry.item, entry.presentation
    if sorted(shown.option_order) != list(range(len(item.options))):
        raise SnapshotError(f"item {n}: its option order {list(shown.option_order)} does not fit its {len(item.options)} options")
    if sorted(shown.prompt_order) != list(range(len(item.prompts))):
        raise SnapshotError(f"item {n}: its prompt order does not fit its {len(item.prompts)} prompts")
    if not item.key or any(not isinstance(k, int) or not 0 <= k < len(item.options) for k in item.key):
        raise SnapshotError(f"item {n}: its key {list(item.key)} does not fit its {len(item.options)} options")
    if item.kind == "matching" and len(item.key) != len(item.prompts):
        raise SnapshotError(f"item {n}: a matching key needs one response per prompt")


class _Transaction:
    """`with store._transaction() as conn:` - a class, not @contextmanager: it is on the path
    of every saved answer, and a generator costs more."""

    __slots__ = ("store",)

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.store.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.store._explain(exc) from None
        return self.store.conn

    def __exit__(self, exc_type, exc, tb) -> bool:
        conn = self.store.conn
        if exc_type is None:
            try:
                conn.execute("COMMIT")
                return False
            except sqlite3.Error as commit_error:
                exc = commit_error
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # a failed COMMIT may have rolled back already, or the connection is gone
        if isinstance(exc, sqlite3.Error):
            raise self.store._explain(exc) from None
        return False


class Store:
    """One SQLite database in the data dir. Every write is one transaction (`_transaction`).

    `read_only=True` opens an existing database for reading only (a worker thread's own
    connection): it never creates, migrates or writes.
    """

    def __init__(self, data_dir: Path | str | None = None, *, read_only: bool = False,
                 wall_clock: Callable[[], dt.datetime] | None = None):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.wall_clock = wall_clock or _utc_now
        self.path = self.data_dir / DB_NAME
        self.read_only = read_only
        self._locks: dict[int, int] = {}
        self._exams: dict[int, tuple[str, Exam]] = {}  # run id -> (snapshot text, its parsed exam)
        if read_only:
            try:
                self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0,
                                            isolation_level=None)
                self._check_version(self._schema_version())
            except sqlite3.DatabaseError as exc:
                raise self._explain(exc) from None
            return
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {self.data_dir} ({exc.strerror}); "
                             "choose another with --data-dir or EXAMSIM_HOME") from None
        try:
            self.conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc) from None
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise

    @property
    def wall_clock(self) -> Callable[[], dt.datetime]:
        """The time stamped on runs and answers (created_at, finished_at) and the "today" of
        readiness and plans: injected by tests and simulations, which then lay down weeks of
        study in a second."""
        return self._wall_clock

    @wall_clock.setter
    def wall_clock(self, clock: Callable[[], dt.datetime]) -> None:
        self._wall_clock = clock
        self.now_iso = now_iso if clock is _utc_now else (
            lambda: clock().astimezone(dt.timezone.utc).isoformat(timespec="seconds"))

    def reader(self) -> Store:
        """A read-only Store on the same database with its own connection (for worker threads)."""
        return Store(self.data_dir, read_only=True, wall_clock=self.wall_clock)

    def _explain(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return StoreError(f"the database {self.path} is damaged ({text}). It has not been changed. "
                              "Run `examsim store reset` to move it aside and start fresh, or point --data-dir elsewhere.")
        if "locked" in text or "busy" in text:
            return StoreError(f"the database {self.path} is locked by another process ({text}); close the other examsim and try again.")
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError(f"the database {self.path} cannot be written ({text}); check the folder's permissions or use --data-dir.")
        if "full" in text:
            return StoreError(f"the disk holding {self.path} is full ({text}); free some space. Answers saved before this are kept.")
        return StoreError(f"the database {self.path} failed: {text}")

    def _transaction(self) -> _Transaction:
        """One real transaction: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on any error."""
        if self.read_only:
            raise StoreError(f"the database {self.path} was opened for reading only; this is a bug in examsim")
        return _Transaction(self)

    def _write(self, sql: str, params: tuple) -> sqlite3.Cursor:
        with self._transaction() as conn:
            return conn.execute(sql, params)

    def _schema_version(self) -> int | None:
        has_meta = self.conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else None

    def _check_version(self, version: int | None) -> None:
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(f"the database {self.path} was written by a newer examsim (schema {version}, this one knows {SCHEMA_VERSION}). "
                             "It has not been changed; upgrade examsim or use another --data-dir.")
        if self.read_only and version != SCHEMA_VERSION:
            raise StoreError(f"the database {self.path} has schema {version}; open it once with examsim to upgrade it")

    def _migrate(self) -> None:
        try:
            version = self._schema_version()
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc) from None
        self._check_version(version)
        if version == SCHEMA_VERSION:
            return
        with self._transaction() as conn:
            version = self._schema_version()  # again, inside the transaction: another process may have migrated
            self._check_version(version)
            if version == SCHEMA_VERSION:
                return
            if version is None:
                _execute_script(conn, _SCHEMA)
            else:
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    _MIGRATIONS[step](conn)
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        try:
            for run_id in list(self._locks):
                self.release(run_id)
        finally:
            self.conn.close()

    # ---- runs ----
    def create_run(self, exam: Exam, accommodation: bool = False) -> int:
        stamp = self.now_iso()
        cur = self._write(
            "INSERT INTO runs(mode, profile, seed, bank_fingerprint, title, minutes, feedback, accommodation, state, "
            "elapsed, position, created_at, updated_at, exam_json) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (exam.mode, exam.profile_id, exam.seed, exam.bank_fingerprint, exam.title, exam.minutes, exam.feedback,
             int(accommodation), "not-started", 0.0, 0, stamp, stamp, exam_to_json(exam)),
        )
        return int(cur.lastrowid)

    def _row(self, row: tuple) -> RunRow:
        try:
            result = json.loads(row[15]) if row[15] else None
        except ValueError:
            result = None  # a damaged result reads as none; the run's responses are still there
        try:
            warned = tuple(int(m) for m in json.loads(row[16] or "[]"))
        except (ValueError, TypeError):
            warned = ()
        return RunRow(id=row[0], mode=row[1], profile=row[2], seed=row[3], title=row[4], minutes=row[5], feedback=row[6],
                      accommodation=bool(row[7]), state=row[8], elapsed=row[9], position=row[10], created_at=row[11],
                      updated_at=row[12], finished_at=row[13], bank_fingerprint=row[14],
                      result=result if isinstance(result, dict) else None, warned=warned)

    # An open run's clock is the later of the run row's and its last saved answer's (an answer
    # saves the clock in its history entry, not in the run row: see save_response).
    _COLS = ("id, mode, profile, seed, title, minutes, feedback, accommodation, state, "
             "CASE WHEN state IN ('not-started', 'running') THEN max(elapsed, coalesce((SELECT max(json_extract("
             "r.history, '$[#-1][0]')) FROM responses r WHERE r.run_id = runs.id), 0)) ELSE elapsed END, position, "
             "created_at, updated_at, finished_at, bank_fingerprint, result_json, warned")

    def run(self, run_id: int) -> RunRow | None:
        row = self.conn.execute(f"SELECT {self._COLS} FROM runs WHERE id=?", (run_id,)).fetchone()
        return self._row(row) if row else None

    def runs(self) -> list[RunRow]:
        return [self._row(r) for r in self.conn.execute(f"SELECT {self._COLS} FROM runs ORDER BY id")]

    # What a list of runs shows of each result; SQLite picks it out of the stored JSON, which
    # is many times faster than parsing whole results (per-item flags, tasks) in Python.
    _SUMMARY = ("json_object('scaled', json_extract(result_json, '$.scaled'), 'passed', CASE json_type(result_json, '$.passed') "
                "WHEN 'true' THEN json('true') WHEN 'false' THEN json('false') END, "
                "'percent', json_extract(result_json, '$.percent'), 'pass_mark', json_extract(result_json, '$.pass_mark'), "
                "'scale_max', json_extract(result_json, '$.scale_max'), 'domains', json_extract(result_json, '$.domains'))")

    def run_summaries(self) -> list[RunRow]:
        """Every run, oldest first, its `result` cut to the score, pass, percent, pass mark, top of
        the scale (None in results stored before it was) and domains (None without a result):
        for history lists and plots."""
        cols = self._COLS.replace("result_json", f"CASE WHEN json_valid(result_json) THEN {self._SUMMARY} END")
        return [self._row(r) for r in self.conn.execute(f"SELECT {cols} FROM runs ORDER BY id")]

    def unfinished_runs(self) -> list[RunRow]:
        return [r for r in self.runs() if r.state in ACTIVE_STATES]

    def latest_finished(self, profile: str | None = None) -> RunRow | None:
        """The latest finished run (of `profile`, when given)."""
        done = [r for r in self.runs() if r.state in FINISHED_STATES and profile in (None, r.profile)]
        return done[-1] if done else None

    def exam(self, run_id: int) -> Exam:
        row = self.conn.execute("SELECT exam_json FROM runs WHERE id=?", (run_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no run {run_id}; `examsim history` lists the runs")
        cached = self._exams.get(run_id)
        if cached is not None and cached[0] == row[0]:
            return cached[1]  # a snapshot is written once; parsing it is what costs
        try:
            exam = exam_from_json(row[0])
            self._exams[run_id] = (row[0], exam)
            return exam
        except SnapshotError as exc:
            raise StoreError(f"run {run_id} in {self.path} is damaged ({exc}); "
                             "the other runs are fine, and nothing was changed") from None

    def item_records(self, run_id: int) -> dict[int, ItemRecord]:
        out = {}
        for idx, response, flagged, note, struck, seconds, confidence, revealed, reviewed, seen, review in self.conn.execute(
            "SELECT idx, response, flagged, note, struck, seconds, confidence, revealed, reviewed, seen, review "
            "FROM responses WHERE run_id=?", (run_id,)
        ):
            out[idx] = ItemRecord(tuple(json.loads(response)) if response else None, bool(flagged), note,
                                  tuple(json.loads(struck)), seconds, confidence, bool(revealed), bool(reviewed),
                                  bool(seen), _review_from_json(review))
        return out

    def answer_log(self, run_id: int) -> dict[int, list[tuple[float, Response | None]]]:
        """Every answer given to each item, in order, with the clock at the time."""
        return {idx: [(at, tuple(r) if r else None) for at, r in json.loads(history)] for idx, history in
                self.conn.execute("SELECT idx, history FROM responses WHERE run_id=?", (run_id,))}

    # ---- one transaction per change; each also saves the run's clock ----
    @staticmethod
    def _set_clock(conn: sqlite3.Connection, run_id: int, elapsed: float, stamp: str) -> None:
        conn.execute("UPDATE runs SET elapsed=?, updated_at=? WHERE id=?", (elapsed, stamp, run_id))

    @staticmethod
    def _set_time_on(conn: sqlite3.Connection, run_id: int, time_on: tuple[int, str, float] | None, stamp: str) -> None:
        """The total seconds spent on one item (idx, item id, seconds), when there are any."""
        if time_on is None:
            return
        idx, item_id, seconds = time_on
        conn.execute(
            "INSERT INTO responses(run_id, idx, item_id, seconds, updated_at) VALUES(?,?,?,?,?) "
            "ON CONFLICT(run_id, idx) DO UPDATE SET seconds=excluded.seconds, updated_at=excluded.updated_at",
            (run_id, idx, item_id, seconds, stamp))

    def _upsert(self, run_id: int, idx: int, item_id: str, column: str, value, elapsed: float | None = None) -> None:
        stamp = self.now_iso()
        with self._transaction() as conn:
            conn.execute(
                f"INSERT INTO responses(run_id, idx, item_id, {column}, updated_at) VALUES(?,?,?,?,?) "
                f"ON CONFLICT(run_id, idx) DO UPDATE SET {column}=excluded.{column}, updated_at=excluded.updated_at",
                (run_id, idx, item_id, value, stamp),
            )
            if elapsed is not None:
                self._set_clock(conn, run_id, elapsed, stamp)

    def save_response(self, run_id: int, idx: int, item_id: str, response: Response | None, elapsed: float) -> None:
        """The answer, its place in the item's answer history, and the run's clock, in one
        statement inside one transaction: the history entry [elapsed, response] is where the
        clock is saved, and `run()` reads an open run's clock as the latest of the run row's
        and its answers' (this is the hottest write: one statement, not two)."""
        # A response is a short tuple of ints: format its JSON directly.
        value = "[" + ", ".join(map(str, response)) + "]" if response else None
        entry = f"[{round(elapsed, 1)!r}, {value or 'null'}]"
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO responses(run_id, idx, item_id, response, history, seen, updated_at) "
                "VALUES(?,?,?,?,json_array(json(?)),1,?) ON CONFLICT(run_id, idx) DO UPDATE SET "
                "response=excluded.response, seen=1, updated_at=excluded.updated_at, "
                "history=json_insert(responses.history, '$[#]', json(?))",
                (run_id, idx, item_id, value, entry, self.now_iso(), entry),
            )

    def save_flag(self, run_id: int, idx: int, item_id: str, flagged: bool, elapsed: float) -> None:
        self._upsert(run_id, idx, item_id, "flagged", int(flagged), elapsed)

    def save_note(self, run_id: int, idx: int, item_id: str, note: str, elapsed: float) -> None:
        self._upsert(run_id, idx, item_id, "note", note, elapsed)

    def save_struck(self, run_id: int, idx: int, item_id: str, struck: tuple[int, ...], elapsed: float) -> None:
        self._upsert(run_id, idx, item_id, "struck", json.dumps(sorted(struck)), elapsed)

    def save_confidence(self, run_id: int, idx: int, item_id: str, confidence: str | None, elapsed: float) -> None:
        self._upsert(run_id, idx, item_id, "confidence", confidence, elapsed)

    def save_revealed(self, run_id: int, idx: int, item_id: str, elapsed: float) -> None:
        self._upsert(run_id, idx, item_id, "revealed", 1, elapsed)

    @staticmethod
    def _set_shown(conn: sqlite3.Connection, run_id: int, shown: tuple[int, str], stamp: str) -> None:
        conn.execute("INSERT INTO responses(run_id, idx, item_id, seen, updated_at) VALUES(?,?,?,1,?) "
                     "ON CONFLICT(run_id, idx) DO UPDATE SET seen=1, updated_at=excluded.updated_at",
                     (run_id, *shown, stamp))

    def save_move(self, run_id: int, time_on: tuple[int, str, float] | None, position: int | None, elapsed: float,
                  shown: tuple[int, str] | None = None) -> None:
        """Time spent on the item being left (idx, item id, its total seconds), the new position,
        the item now shown for the first time (idx, item id) and the clock: one transaction. Any
        part but the clock may be None."""
        stamp = self.now_iso()
        with self._transaction() as conn:
            self._set_time_on(conn, run_id, time_on, stamp)
            if position is not None:
                conn.execute("UPDATE runs SET position=? WHERE id=?", (position, run_id))
            if shown is not None:
                self._set_shown(conn, run_id, shown, stamp)
            self._set_clock(conn, run_id, elapsed, stamp)

    def save_state(self, run_id: int, state: str, elapsed: float, shown: tuple[int, str] | None = None) -> None:
        """The run's state and clock, and the item shown as it starts (idx, item id): one transaction."""
        stamp = self.now_iso()
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET state=?, elapsed=?, updated_at=? WHERE id=?", (state, elapsed, stamp, run_id))
            if shown is not None:
                self._set_shown(conn, run_id, shown, stamp)

    def save_elapsed(self, run_id: int, elapsed: float) -> None:
        self._write("UPDATE runs SET elapsed=?, updated_at=? WHERE id=?", (elapsed, self.now_iso(), run_id))

    def save_warned(self, run_id: int, warned: tuple[int, ...], elapsed: float) -> None:
        self._write("UPDATE runs SET warned=?, elapsed=?, updated_at=? WHERE id=?",
                    (json.dumps(sorted(warned)), elapsed, self.now_iso(), run_id))

    def finish(self, run_id: int, state: str, elapsed: float, result: dict,
               time_on: tuple[int, str, float] | None = None) -> None:
        """The end of a run: state, clock, result (and the last item's time), one transaction."""
        stamp = self.now_iso()
        with self._transaction() as conn:
            self._set_time_on(conn, run_id, time_on, stamp)
            conn.execute("UPDATE runs SET state=?, elapsed=?, updated_at=?, finished_at=?, result_json=? WHERE id=?",
                         (state, elapsed, stamp, stamp, json.dumps(result), run_id))

    def finished_runs(self) -> list[RunRow]:
        return [r for r in self.runs() if r.state in FINISHED_STATES]

    def abandon(self, run_id: int) -> None:
        self._write("UPDATE runs SET state='abandoned', updated_at=? WHERE id=?", (self.now_iso(), run_id))

    # ---- spaced repetition memory (FSRS card state as JSON) ----
    def memory(self) -> dict[str, tuple[str, str, int, int]]:
        """card_id -> (fsrs json, due ISO time, reviews, lapses)."""
        return {row[0]: row[1:] for row in self.conn.execute("SELECT card_id, fsrs, due, reviews, lapses FROM card_memory")}

    def save_memory(self, rows: list[tuple[str, str, str, int, int]],
                    reviewed: tuple[int, list[tuple[int, str, str | None]]] | None = None) -> None:
        """Upsert many cards' memory state, and mark the run items they came from as reviewed
        (`reviewed` = (run id, [(idx, item id, review JSON or None), ...]); a None review keeps the
        item's stored one): all in one transaction, or nothing."""
        stamp = self.now_iso()
        with self._transaction() as conn:
            conn.executemany(
                "INSERT INTO card_memory(card_id, fsrs, due, reviews, lapses, updated_at) VALUES(?,?,?,?,?,?) "
                "ON CONFLICT(card_id) DO UPDATE SET fsrs=excluded.fsrs, due=excluded.due, reviews=excluded.reviews, "
                "lapses=excluded.lapses, updated_at=excluded.updated_at",
                [(c, f, d, r, lapses, stamp) for c, f, d, r, lapses in rows],
            )
            if reviewed is not None:
                run_id, entries = reviewed
                conn.executemany(
                    "INSERT INTO responses(run_id, idx, item_id, reviewed, review, updated_at) VALUES(?,?,?,1,?,?) "
                    "ON CONFLICT(run_id, idx) DO UPDATE SET reviewed=1, review=coalesce(excluded.review, responses.review), "
                    "updated_at=excluded.updated_at",
                    [(run_id, idx, item_id, review, stamp) for idx, item_id, review in entries])

    # ---- reports of bad items ----
    def add_feedback(self, run_id: int | None, item_id: str, card_id: str, kind: str, comment: str, source: str | None) -> int:
        cur = self._write("INSERT INTO item_feedback(run_id, item_id, card_id, kind, comment, source, created_at) VALUES(?,?,?,?,?,?,?)",
                          (run_id, item_id, card_id, kind, comment, source, self.now_iso()))
        return int(cur.lastrowid)

    def feedback(self) -> list[dict]:
        cols = ("id", "run_id", "item_id", "card_id", "kind", "comment", "source", "created_at")
        return [dict(zip(cols, row)) for row in self.conn.execute(f"SELECT {', '.join(cols)} FROM item_feedback ORDER BY id")]

    # ---- the running-exam lock ----
    def _lock_path(self, run_id: int) -> Path:
        return self.data_dir / "locks" / f"run-{run_id}.lock"

    def lock(self, run_id: int) -> None:
        """Hold run `run_id` for this process. Raises RunLocked if another process holds it."""
        if run_id in self._locks:
            return
        lock_dir = self.data_dir / "locks"
        lock_dir.mkdir(exist_ok=True)
        fd = os.open(self._lock_path(run_id), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLocked(f"run {run_id} is open in another examsim window or process; finish or close it there first.") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._locks[run_id] = fd

    def is_open_elsewhere(self, run_id: int) -> bool:
        """True when another process holds run `run_id` (it has the exam on screen). Writes nothing."""
        if run_id in self._locks:
            return False
        try:
            fd = os.open(self._lock_path(run_id), os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def release(self, run_id: int) -> None:
        fd = self._locks.pop(run_id, None)
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)


def reset_store(data_dir: Path | str | None = None) -> Path | None:
    """Move the database aside (never delete it). Returns the new name, or None if there was none."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    path = folder / DB_NAME
    if not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{DB_NAME}.moved-{stamp}"
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = folder / (DB_NAME + suffix)
        if side.exists():
            side.rename(folder / f"{DB_NAME}{suffix}.moved-{stamp}")
    return target
