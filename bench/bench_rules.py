"""Benchmark of the rules layer: precheck throughput and calendar operations.

Run from the project root:  .venv/bin/python bench/bench_rules.py [--profiles N]

Not a test: it prints a table of operations per second on this machine.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_factory import make_profiles  # noqa: E402

from zhicheng.rules import default_calendar, precheck  # noqa: E402


def rate(operation: Callable[[], int]) -> tuple[int, float, float]:
    """Run ``operation`` (which returns how many operations it did); (count, per CPU-second,
    per wall-clock second).  The CPU figure is this process's own time, so it does not fall
    when other work shares the machine; the wall-clock one does."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = operation()
    return count, count / (time.process_time() - cpu), count / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--calendar-ops", type=int, default=1_000_000)
    parser.add_argument("--warm-up", type=int, default=20_000, help="profiles of another seed run untimed first")
    arguments = parser.parse_args()

    started = time.perf_counter()
    profiles = make_profiles(arguments.profiles)
    generated_in = time.perf_counter() - started
    # Not timed: reading the parameter files, which the first precheck of a process does, and
    # filling the caches of the days and targets the profiles ask about, over profiles of
    # another seed.  The timed pass is what a process that has been serving does.
    for profile in make_profiles(arguments.warm_up, seed=1):
        precheck(profile)
    # The profiles are held for the whole run, a heap no serving process has: left out of the
    # garbage collector's passes, which would otherwise walk all of them again and again.
    gc.freeze()
    outcomes: Counter[str] = Counter()

    def run_precheck() -> int:
        for profile in profiles:
            outcomes["eligible" if precheck(profile)["eligible"] else "not eligible"] += 1
        return len(profiles)

    calendar = default_calendar()
    rng = random.Random(7)
    # far enough inside 2004–2026 that ±250 working days never leave the covered years
    first = datetime.date(2006, 1, 1).toordinal()
    last = datetime.date(2025, 6, 30).toordinal()
    days = [datetime.date.fromordinal(rng.randint(first, last)) for _ in range(arguments.calendar_ops)]
    steps = [rng.randint(-250, 250) for _ in range(arguments.calendar_ops)]
    spans = [datetime.timedelta(days=rng.randint(0, 400)) for _ in range(arguments.calendar_ops)]

    def run_is_working_day() -> int:
        for day in days:
            calendar.is_working_day(day)
        return len(days)

    def run_add_working_days() -> int:
        for day, n in zip(days, steps, strict=True):
            calendar.add_working_days(day, n)
        return len(days)

    def run_count_working_days() -> int:
        for day, span in zip(days, spans, strict=True):
            calendar.count_working_days(day, day + span)
        return len(days)

    rows = [
        ("precheck (E1–E7, generated profiles)", *rate(run_precheck)),
        ("calendar.is_working_day", *rate(run_is_working_day)),
        ("calendar.add_working_days (n in ±250)", *rate(run_add_working_days)),
        ("calendar.count_working_days (spans ≤ 400 d)", *rate(run_count_working_days)),
    ]
    print(f"generated {len(profiles):,} profiles in {generated_in:.2f} s; outcomes: {dict(outcomes)}")
    print(f"{'operation':<46}{'count':>12}{'per CPU-second':>16}{'per wall second':>17}")
    for name, count, per_cpu, per_wall in rows:
        print(f"{name:<46}{count:>12,}{per_cpu:>16,.0f}{per_wall:>17,.0f}")


if __name__ == "__main__":
    main()
