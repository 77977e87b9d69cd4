"""Run every benchmark: `python -m tests.bench`. Prints ratios measured side by side."""

from tests.bench import bench_bank, bench_engine, bench_history, bench_readiness, bench_soak, bench_tui

if __name__ == "__main__":
    bench_bank.main()
    bench_engine.main()
    bench_tui.main()
    bench_history.main()
    bench_soak.main()
    bench_readiness.main()
