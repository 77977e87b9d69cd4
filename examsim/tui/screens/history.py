"""Every run, newest first; Enter reviews a finished one or resumes an open one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from examsim.store import ACTIVE_STATES
from examsim.tui.format import clock_text


class HistoryScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(" History: Enter opens a run", id="status", markup=False)
        yield OptionList(id="runs")
        yield Footer()

    def on_mount(self) -> None:
        runs = self.app.store.runs()
        menu = self.query_one(OptionList)
        if not runs:
            menu.add_option(Option(Content("No runs yet."), disabled=True))
        for run in reversed(runs):
            r = run.result or {}
            if r.get("scaled") is not None:
                score = f"{r['scaled']} {'PASS' if r.get('passed') else 'FAIL'}"
            elif r.get("percent") is not None:
                score = f"{r['percent']:.0f}%"
            else:
                score = run.state
            line = f"#{run.id:<4} {run.created_at[:16]}  {run.title[:34]:<34} {score:<10} {clock_text(run.elapsed)}"
            menu.add_option(Option(Content(line), id=f"run-{run.id}"))
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        run_id = int((event.option.id or "run-0").split("-")[1])
        run = self.app.store.run(run_id)
        if run is None:
            return
        if run.state in ACTIVE_STATES:
            self.app.resume_run(run_id)
        else:
            self.app.open_review(run_id, only_missed=False)

    def action_back(self) -> None:
        self.app.pop_screen()
