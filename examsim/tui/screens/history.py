"""The runs of the exam the candidate practises for (A: every exam's), newest first, with a
trend plot and the readiness estimate. Enter reviews a finished run or resumes an open one.

The plot keeps each score on its own axis: full exams on the scaled score (left, with the
pass mark), quizzes and drills on percent right (right), against the date. Narrow terminals
get a short table instead. The runs are read once, when the screen opens.
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

from examsim.core.history import RunRow, first_stamp, history_runs, run_opening, score_axis, thin, trend_series
from examsim.core.profiles import Profile
from examsim.core.when import axis_labels, duration, local_date
from examsim.tui.format import card_text, toast

PLOT_MIN_WIDTH = 80
TABLE_RUNS = 5  # the narrow table's recent runs
FIRST_RUNS = 40  # runs listed before the first paint


def score_text(run: RunRow) -> str:
    r = run.result or {}
    if r.get("scaled") is not None:
        return f"{r['scaled']} {'PASS' if r.get('passed') else 'FAIL'}"
    if r.get("percent") is not None:
        return f"{r['percent']:.0f}%"
    return run.state


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class HistoryScreen(Screen):
    BINDINGS = [
        Binding("a", "toggle_all", "All exams"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_all = False
        self.runs: list[RunRow] = []
        self._list_generation = 0  # older runs added after a paint belong to the list then shown

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Static(id="readiness", markup=False)
        yield Static(id="trend-table", markup=False)
        yield PlotextPlot(id="trend")
        yield OptionList(id="runs")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one(OptionList).focus()
        # Readiness reads every run: after the first paint, so its thread does not delay the list.
        self.call_after_refresh(self.estimate_readiness)

    def load(self) -> None:
        profile = self.app.profile_name
        self.runs = history_runs(self.app.store, None if self.show_all else profile)
        which = "every exam" if self.show_all else profile
        self.query_one("#status", Static).update(card_text(
            f" History of {which}: {len(self.runs)} run{'s' if len(self.runs) != 1 else ''}. Enter opens a run; "
            f"A shows {'only ' + profile if self.show_all else 'every exam'}."))
        self.fill_list()

    def fill_list(self) -> None:
        menu = self.query_one(OptionList)
        menu.clear_options()
        self._list_generation += 1
        if not self.runs:
            menu.add_option(Option(Content("No runs yet."), disabled=True))
            return
        # One line per run: the title takes what the width leaves (a wrapped run would take two);
        # the list's border, padding and scroll bar take 8 columns. A date shows its year when
        # it is not this year's: past years are the oldest runs, a future one (a clock set
        # wrong) the newest, so those two ends give the widest date.
        newest_first = list(reversed(self.runs))
        date_width = max(len(local_date(r.created_at)) for r in newest_first[:FIRST_RUNS] + newest_first[-1:])
        title_width = max(8, self.app.size.width - 8 - 6 - date_width - 29)

        def option(run: RunRow) -> Option:
            line = (f"#{run.id:<4} {local_date(run.created_at):<{date_width}} {run.mode:<5} {score_text(run):<9} "
                    f"{duration(run.elapsed):>10}  {_shorten(run.title, title_width)}")
            return Option(card_text(line), id=f"run-{run.id}")

        # The newest first; the older ones join after the first paint (making and laying out
        # hundreds of options is what made a long history slow to open).
        menu.add_options([option(run) for run in newest_first[:FIRST_RUNS]])
        menu.highlighted = 0  # Enter opens the newest run at once, without an arrow key first
        if len(newest_first) > FIRST_RUNS:
            generation = self._list_generation

            def add_older() -> None:
                if generation == self._list_generation:  # still the list on screen
                    menu.add_options([option(run) for run in newest_first[FIRST_RUNS:]])

            self.call_after_refresh(add_older)

    @work(thread=True, exclusive=True)
    def estimate_readiness(self) -> None:
        from examsim.core.readiness_summary import readiness_summary

        text = readiness_summary(self.app.store, self.app.profile_name)
        self.app.call_from_thread(lambda: self.query_one("#readiness", Static).update(card_text(text)))

    def on_resize(self) -> None:
        """Also the first draw: a screen gets its size (a Resize) when it is first laid out."""
        self.draw_trend()

    def finished_scored(self) -> list[RunRow]:
        return [r for r in self.runs if r.result and r.is_finished]

    def draw_trend(self) -> None:
        done = self.finished_scored()
        plot = self.query_one("#trend", PlotextPlot)
        table = self.query_one("#trend-table", Static)
        wide = self.size.width >= PLOT_MIN_WIDTH and len(done) >= 2
        plot.display = wide
        table.display = bool(done) and not wide
        table.update(self._table(done[-TABLE_RUNS:]) if done else Content(""))
        if wide:
            self._plot(plot, done, self.app.chosen_profile())

    @staticmethod
    def _table(runs: list[RunRow]) -> Content:
        lines = []
        for run in runs:
            r = run.result
            domains = "  ".join(f"D{d['key']} {100 * d['right'] / d['scored']:.0f}%" for d in r.get("domains", []) if d["scored"])
            lines.append(f" {local_date(run.created_at):<18} {run.mode:<5} {score_text(run):<9} {domains}")
        return card_text("Recent runs (score, then % right per domain):\n" + "\n".join(lines))

    @staticmethod
    def _plot(plot: PlotextPlot, done: list[RunRow], profile: Profile | None) -> None:
        """Exams on the scaled axis (left, on the scale their results were reported on),
        quizzes and drills on percent (right), dates on x."""
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        exams, practice = (thin(series) for series in trend_series(done))
        first = first_stamp(done)
        axis = score_axis(done, profile)
        if exams and axis:
            plt.plot([x for x, _ in exams], [y for _, y in exams], label="exam score (left)", marker="braille", yside="left")
            plt.horizontal_line(axis.pass_mark, color="red", yside="left")
            plt.ylim(axis.low, axis.high, yside="left")
            plt.yticks(axis.ticks, yside="left")
        if practice:
            plt.plot([x for x, _ in practice], [y for _, y in practice], label="quiz/drill % right (right)",
                     marker="braille", yside="right")
            plt.ylim(0, 100, yside="right")
            plt.yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], yside="right")
        ticks = axis_labels(first, max(x for x, _ in exams + practice))
        plt.xticks([x for x, _ in ticks], [label for _, label in ticks])
        plt.title("Scores over time" + (" (red: pass mark)" if exams else ""))
        plot.refresh()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        run_id = int((event.option.id or "run-0").split("-")[1])
        opening = run_opening(self.app.store, run_id)
        if opening.how == "resume":
            self.app.resume_run(run_id)
        elif opening.how == "review":
            self.app.open_review(run_id, only_missed=False)
        else:
            toast(self, opening.why_not, severity="warning", timeout=6)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.load()
        self.draw_trend()

    def action_back(self) -> None:
        self.app.pop_screen()
