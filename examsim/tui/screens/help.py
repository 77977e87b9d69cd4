"""The key help (the same table as docs/keys.md): every key of every screen, the keys of
the screen it was opened from first."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# (title, the screens it belongs to, [(keys, what they do)])
SECTIONS = [
    ("During an item", ("ExamScreen",), [
        ("A, B, C ...", "choose an option (multiple choice), toggle it (multiple response), place the next step "
                        "(ordering), or assign it to the current prompt (matching; the same letter again takes it back)"),
        ("Up / Down", "matching: move between prompts; ordering: pick a placed step (elsewhere: scroll)"),
        ("Shift+Up/Down", "ordering: move the picked step earlier or later"),
        ("- / +", "the same, earlier / later"),
        ("Ctrl+Up/Down", "the same, where the system leaves them free (not on macOS)"),
        ("Backspace", "undo: back to the previous answer (again: further back)"),
        ("Delete", "clear the whole answer"),
        ("Ctrl+X, letter", "strike out an option you have ruled out (again to restore); any other key cancels"),
        ("1 / 2 / 3", "mark your confidence: sure / unsure / guess"),
        ("Enter", "quizzes with feedback: check the answer"),
        ("1 / 2 / 3 / 4", "drills, once the answer is shown: rate the card Again / Hard / Good / Easy (the bar "
                          "shows each next interval)"),
    ]),
    ("Moving around", ("ExamScreen",), [
        ("Right or ]", "next item (on the last item: the review screen)"),
        ("Left or [", "previous item"),
        ("Ctrl+R", "review all items: answered ✓ / incomplete ◐ / unanswered · / flagged ⚑ / noted ✎, jump, submit "
                   "(jump from the flagged filter: Next goes to the next flagged item)"),
        ("Ctrl+F", "flag the item for review"),
        ("Ctrl+N", "notes for this item (saved with the run)"),
        ("PageUp/PageDown", "scroll a long item (an exhibit too)"),
        ("Ctrl+E", "end the exam or quiz (asks first, with the open items)"),
        ("Esc", "leave for the home screen (asks first; saved either way)"),
        ("Ctrl+Q", "quit (asks first during an exam; the exam stays resumable)"),
        ("?", "this help"),
    ]),
    ("Review grid", ("ReviewGridScreen",), [
        ("A / U / I / F", "show all / unanswered / incomplete / flagged items"),
        ("arrows, Enter", "move, go to that item"),
        ("S", "submit (asks first, with the counts)"),
        ("?", "this help"),
        ("Esc", "back to the item"),
    ]),
    ("Results", ("ResultsScreen",), [
        ("R / A", "review the missed items / all items"),
        ("M", "retake the items you saw and missed, as a quiz"),
        ("N", "the items never reached, as a quiz (offered apart)"),
        ("?", "this help"),
        ("H or Esc", "home"),
    ]),
    ("Review of a finished run", ("ReviewScreen",), [
        ("Right or ]", "next item"),
        ("Left or [", "previous item"),
        ("W / F / U", "show wrong / flagged / unanswered items"),
        ("A", "all items (clears every filter: answer state, domain, task and search)"),
        ("D / K", "cycle the domain / task-statement filter"),
        ("/", "search the items by text (every word must appear; Enter searches, an empty search drops it)"),
        ("B", "report a bad item (wrong key, ambiguous, outdated)"),
        ("?", "this help"),
        ("Esc", "back"),
    ]),
    ("Home", ("HomeScreen",), [
        ("Up/Down, Enter", "choose"),
        ("P", "the profile picker (which exam you practise for; saved)"),
        ("E / T", "ESL +30 minutes / the theme (saved)"),
        ("D", "set the exam date (YYYY-MM-DD; Enter saves, an empty field forgets it, Esc cancels)"),
        ("?", "this help"),
        ("Q", "quit"),
    ]),
    ("History", ("HistoryScreen",), [
        ("Up/Down, Enter", "open a run (review a finished one, resume an open one)"),
        ("A", "every exam's runs, or only the exam you practise for"),
        ("?", "this help"),
        ("Esc", "back"),
    ]),
    ("Start of a full exam", ("IntroScreen",), [
        ("Enter", "start the exam (the clock starts then)"),
        ("?", "this help"),
        ("Esc", "back home (the exam is set aside, never taken)"),
    ]),
    ("Start of a domain quiz", ("QuizStartScreen",), [
        ("Enter", "start the quiz (the clock, if any, starts then)"),
        ("F", "feedback after each item, or at the end"),
        ("?", "this help"),
        ("Esc", "back"),
    ]),
    ("Custom quiz", ("QuizSetupScreen",), [
        ("Tab", "the next field"),
        ("Space", "toggle a list entry or a checkbox (nothing selected in a list: all of it)"),
        ("Ctrl+S", "start the quiz"),
        ("?", "this help (outside the count field)"),
        ("Esc", "back"),
    ]),
    ("First start", ("ChooserScreen",), [
        ("Up/Down, Enter", "choose the exam you will sit (saved; P on home changes it)"),
        ("?", "this help"),
        ("Q", "quit"),
    ]),
]
FOOT = """Every answer is saved the moment you give it. An incomplete answer
(one of two options, a step or a prompt missing) counts as wrong.
Press Esc or ? to close this help."""
KEY_COLUMN, TEXT_WIDTH = 19, 70  # the dialog holds 70 columns at 80: nothing wraps on its own


def _entry(keys: str, text: str) -> str:
    first, *more = textwrap.wrap(text, TEXT_WIDTH - KEY_COLUMN)
    return "\n".join([f"  {keys:<{KEY_COLUMN - 2}}{first}", *(" " * KEY_COLUMN + line for line in more)])


def help_text(screen_name: str | None = None) -> str:
    """Every section; those of `screen_name` first (the keys the candidate is looking for)."""
    ordered = sorted(SECTIONS, key=lambda section: screen_name not in section[1])
    body = "\n\n".join(title + "\n" + "\n".join(_entry(*entry) for entry in entries) for title, _screens, entries in ordered)
    return f"examsim keys (the footer shows the most used; every key is here)\n\n{body}\n\n{FOOT}"


HELP = help_text()


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, screen_name: str | None = None) -> None:
        super().__init__()
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(help_text(self.screen_name), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
