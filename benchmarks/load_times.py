"""Print how long each dataset takes to load through the toolkit (median of several cold-cache runs).

    python benchmarks/load_times.py [--repeat 5]

The loader's target is ≤ 200 ms per dataset on the course's 2-core reference machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

from rightsclimate import data

TARGET_MS = 200


def time_load(name: str, repeat: int) -> tuple[float, float]:
    """Median load time in ms, and peak memory in MiB of one load."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        data.load(name)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    data.load(name)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data.load("asia_pacific_countries")  # import pyarrow and friends once, outside the timings
    rows = []
    for name in data.list_datasets()["name"]:
        median_ms, peak_mib = time_load(name, args.repeat)
        rows.append((median_ms, name, peak_mib, data.describe(name)["rows"]))
    print(f"{'dataset':48s} {'rows':>9s} {'median ms':>10s} {'peak MiB':>9s}")
    for median_ms, name, peak_mib, n_rows in sorted(rows, reverse=True):
        flag = "  over target" if median_ms > TARGET_MS else ""
        print(f"{name:48s} {n_rows:>9,d} {median_ms:>10.1f} {peak_mib:>9.1f}{flag}")
    slowest = max(rows)
    print(f"slowest: {slowest[1]} {slowest[0]:.1f} ms (target {TARGET_MS} ms); datasets: {len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
