"""Every run, newest first, with a trend plot of scores and domains and the readiness estimate.

Enter reviews a finished run or resumes an open one. Narrow terminals get a table instead of the plot.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from examsim.store import ACTIVE_STATES
from examsim.tui.format import card_text, clock_text

PLOT_MIN_WIDTH = 80


class HistoryScreen(Screen):
    BINDINGS = [Binding("question_mark", "app.help", "Help"), Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(" History: Enter opens a run", id="status", markup=False)
        yield Static(id="readiness", markup=False)
        yield Static(id="trend-table", markup=False)
        yield PlotextPlot(id="trend")
        yield OptionList(id="runs")
        yield Footer()

    def finished_scored(self) -> list:
        return [r for r in self.app.store.finished_runs() if r.result]

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
            line = f"#{run.id:<4} {run.created_at[:16]}  {run.mode:<5} {run.title[:30]:<30} {score:<10} {clock_text(run.elapsed)}"
            menu.add_option(Option(card_text(line), id=f"run-{run.id}"))
        menu.focus()
        self.draw_trend()
        self.estimate_readiness()

    @work(thread=True, exclusive=True)
    def estimate_readiness(self) -> None:
        from examsim.tui.format import readiness_text

        text = readiness_text(self.app.store, self.app.profile_name or "mla-c01")
        self.app.call_from_thread(lambda: self.query_one("#readiness", Static).update(card_text(text)))

    def on_resize(self) -> None:
        self.draw_trend()

    def draw_trend(self) -> None:
        done = self.finished_scored()
        plot = self.query_one("#trend", PlotextPlot)
        table = self.query_one("#trend-table", Static)
        lines = []
        for run in done[-8:]:
            r = run.result
            domains = "  ".join(f"D{d['key']} {100 * d['right'] / d['scored']:.0f}%" for d in r.get("domains", []) if d["scored"])
            score = f"{r['scaled']:>4}" if r.get("scaled") is not None else f"{r['percent']:>3.0f}%"
            lines.append(f" #{run.id:<4} {run.mode:<5} {score}  {domains}")
        table.update(card_text("Recent runs (score, then % right per domain):\n" + "\n".join(lines)) if lines else Content(""))
        wide = self.size.width >= PLOT_MIN_WIDTH and len(done) >= 2
        plot.display = wide
        table.display = bool(lines) and not wide
        if not wide:
            return
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        x = list(range(1, len(done) + 1))
        exams = [(i, r.result["scaled"]) for i, r in zip(x, done) if r.result.get("scaled") is not None]
        if exams:
            plt.plot([i for i, _ in exams], [s / 10 for _, s in exams], label="exam score / 10", marker="braille")
        domain_keys = sorted({d["key"] for r in done for d in r.result.get("domains", [])})
        for key in domain_keys:
            points = [(i, 100 * d["right"] / d["scored"]) for i, r in zip(x, done) for d in r.result.get("domains", [])
                      if d["key"] == key and d["scored"]]
            if points:
                plt.plot([i for i, _ in points], [v for _, v in points], label=f"domain {key} %", marker="braille")
        plt.horizontal_line(72, color="red")
        plt.ylim(0, 100)
        plt.title("Trend over finished runs (red line: pass mark 720 = 72)")
        plt.xlabel("run")
        plot.refresh()

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
