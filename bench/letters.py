"""Letter rendering speed: N PDF letters (and the same N as plain text) from varied valid input.

    python bench/letters.py [--n 50] [--seed 1]

Prints a table and writes bench/results/letters.json and bench/results/letters.md. Timings depend on
the machine and on whatever else runs on it; nothing here asserts a limit.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiring_rules.letter import AppealRequest, build_letter  # noqa: E402
from hiring_rules.letter_render import render  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TODAY = dt.date(2026, 11, 10)

FIRST_NAMES = ["Anna", "Per", "Åsa", "Mohammed", "Eva", "Jörgen", "Li", "Sofia", "Ali", "Märta"]
LAST_NAMES = ["Svensson", "Öberg", "Lindqvist", "Hassan", "Ängström", "Nilsson", "Berg", "Karlsson"]
STREETS = ["Storgatan 1", "Ängsvägen 12 B", "Box 55", "Kungsgatan 44 lgh 1102", "Drottninggatan 3"]
TOWNS = ["652 24 Karlstad", "194 30 Upplands Väsby", "602 21 NORRKÖPING", "413 01 Göteborg",
         "981 38 Kiruna"]
# Valid personnummer from the test series (checked by the personnummer package at run time).
PERSONNUMMER = ["870512-1005", "750203-1003", "921130-1008"]
POSITIONS = ["Handläggare inom sjukpenning", "IT-utvecklare", "Utredare", "Jurist", "Ekonom"]
DIARIENUMMER = ["FK 2026/012345", "2.3.4-2026-5566", "MIG-2026-1234", "Dnr 2026/77"]
SENTENCES = [
    "Jag har tolv års erfarenhet av handläggning och en socionomexamen.",
    "Jag har lett en arbetsgrupp på åtta personer i tre år.",
    "Den som anställdes har kortare erfarenhet och saknar den efterfrågade examen.",
    "Jag uppfyller alla krav i annonsen och flera av de meriterande kraven.",
    "Mina referenser kan bekräfta att jag arbetar självständigt och noggrant.",
]


def varied_requests(n: int, seed: int) -> list[AppealRequest]:
    rng = random.Random(seed)
    requests = []
    for _ in range(n):
        paragraphs = [
            " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
            for _ in range(rng.randint(1, 6))
        ]
        requests.append(
            AppealRequest(
                agency=rng.choice(["forsakringskassan", "migrationsverket"]),
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                address=f"{rng.choice(STREETS)}\n{rng.choice(TOWNS)}",
                personnummer=rng.choice(PERSONNUMMER),
                position=rng.choice(POSITIONS),
                diarienummer=rng.choice(DIARIENUMMER),
                grounds="\n\n".join(paragraphs),
                decision_posted_on=rng.choice([None, TODAY - dt.timedelta(days=rng.randint(0, 30))]),
                appointee=rng.choice([None, "Den andra anställningen"]),
            )
        )
    return requests


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def summary(milliseconds: list[float]) -> dict:
    return {
        "letters": len(milliseconds),
        "per_second": round(1000 * len(milliseconds) / sum(milliseconds), 2),
        "median_ms": round(statistics.median(milliseconds), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "max_ms": round(max(milliseconds), 2),
    }


def timed_ms(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def font_subsetter() -> str:
    """WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed, else with fontTools
    (about twice as slow per PDF)."""
    from weasyprint.text import ffi

    return "harfbuzz" if getattr(ffi, "harfbuzz_subset", None) is not None else "fonttools"


def machine() -> dict:
    import weasyprint

    return {
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "font_subsetting": font_subsetter(),
        "platform": platform.platform(),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def markdown(result: dict) -> str:
    m = result["machine"]
    rows = "\n".join(
        f"| {fmt} | {s['letters']} | {s['per_second']} | {s['median_ms']} | {s['p95_ms']} | {s['max_ms']} |"
        for fmt, s in result["formats"].items()
    )
    return (
        "# Letter rendering\n\n"
        f"{result['letters']} letters from varied valid input (seed {result['seed']}), rendered one after "
        f"another in one process; run {result['ran_at']}. A first render of each format (loading WeasyPrint, "
        f"Pango and the fonts; compiling the template) is not in the figures below: PDF "
        f"{result['first_render_ms']['pdf']} ms, text {result['first_render_ms']['txt']} ms.\n\n"
        "| format | letters | letters per second | median ms | p95 ms | max ms |\n"
        "|---|---|---|---|---|---|\n"
        f"{rows}\n\n"
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, WeasyPrint {m['weasyprint']} "
        f"(font subsetting: {m['font_subsetting']}), "
        f"{m['platform']}, 1-minute load average at start {m['load_average_1min']}.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="number of letters (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    letters = [build_letter(request, TODAY) for request in varied_requests(args.n, args.seed)]
    first_ms = {fmt: round(timed_ms(lambda: render(letters[0], fmt))[0], 1) for fmt in ("pdf", "txt")}
    timings: dict[str, list[float]] = {"pdf": [], "txt": []}
    for letter in letters:
        timings["pdf"].append(timed_ms(lambda: render(letter, "pdf"))[0])
        timings["txt"].append(timed_ms(lambda: render(letter, "txt"))[0])

    result = {
        "benchmark": "letters",
        "ran_at": dt.datetime.now().isoformat(timespec="seconds"),
        "letters": args.n,
        "seed": args.seed,
        "first_render_ms": first_ms,
        "formats": {fmt: summary(ms) for fmt, ms in timings.items()},
        "machine": machine(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "letters.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    report = markdown(result)
    (RESULTS / "letters.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
