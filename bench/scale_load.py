"""POST /api/chat under load: the scaled-out stack (`make run-scale`) beside the embedded one (`make run`).

    python bench/scale_load.py [--levels 10,50] [--rounds 2] [--cap-seconds 60]
    (or: make bench-scale)

Starts both on free ports, at the same time on the same machine: the embedded stack as `make run`
does (stack/service.py ProjectStack: --rasa-workers Rasa workers behind the API, one action server,
SQLite tracker store, in-memory lock store) and `make run-scale` itself (stack/service.py ScaledStack: two Rasa replicas and two action
servers behind HAProxy, PostgreSQL tracker store, Redis lock store). Then, in interleaved rounds
(each round every level on both, their order alternating), the closed loops of bench/chat_load.py:
N simultaneous conversations of six messages, no think time. Reports throughput, p50/p95/p99 and
errors per level and stack, and for the scaled stack each replica's share of the responses (HAProxy's
counters before and after each run). Writes bench/results/scale_load.json and .md. Timings depend on
the machine and whatever else runs on it; nothing here asserts a limit.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import (  # noqa: E402
    SCRIPTS,
    Target,
    add_closed_loop_options,
    closed_loop,
    machine,
    merge,
    trained_model,
)
from stack.service import ProjectStack, ScaledStack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
REPLICAS = ("rasa-1", "rasa-2", "actions-1", "actions-2")


def shares(before: dict[str, int], after: dict[str, int]) -> dict[str, dict]:
    """Each server's responses in a run, and its share of its pair's (Rasa replicas, action servers)."""
    served = {name: after.get(name, 0) - before.get(name, 0) for name in REPLICAS}
    result = {}
    for name, count in served.items():
        pair = sum(c for other, c in served.items() if other.split("-")[0] == name.split("-")[0])
        result[name] = {"responses": count, "share": round(count / pair, 3) if pair else None}
    return result


def _cell(value) -> str:
    return "–" if value is None else str(value)


def _percent(share) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Chat under load: two Rasa replicas behind HAProxy beside the embedded stack",
        "",
        f"Run {result['run_at']} by `make bench-scale` (bench/scale_load.py), {result['rounds']} interleaved "
        "rounds (each round every level on both stacks, their order alternating), both stacks up at once on "
        "the same machine. **embedded**: `make run`'s processes (its Rasa workers behind the API, one action "
        "server, SQLite tracker store, in-memory lock store). **scaled**: `make run-scale` (two Rasa replicas and two action "
        "servers behind HAProxy, PostgreSQL tracker store, Redis lock store). Closed loops of "
        "bench/chat_load.py: N conversations at once, six messages each (“"
        + "”, “".join(SCRIPTS["project"])
        + "”), no think time, through POST /api/chat.",
        "",
        "| load | stack | requests | errors | requests/s (per round) | p50 ms | p95 ms | p99 ms | max ms "
        "| rasa-1 / rasa-2 | actions-1 / actions-2 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for load in result["loads"]:
        for name in ("embedded", "scaled"):
            run = load[name]
            rounds = ", ".join(_cell(rps) for rps in run["rounds_requests_per_second"])
            split = load.get("replicas") if name == "scaled" else None
            rasa = f"{_percent(split['rasa-1']['share'])} / {_percent(split['rasa-2']['share'])}" if split else "–"
            actions = (
                f"{_percent(split['actions-1']['share'])} / {_percent(split['actions-2']['share'])}" if split else "–"
            )
            lines.append(
                f"| {load['load']} | {name} | {run['requests']} | {run['errors']} "
                f"| {_cell(run['requests_per_second'])} ({rounds}) | {_cell(run['p50_ms'])} "
                f"| {_cell(run['p95_ms'])} | {_cell(run['p99_ms'])} | {_cell(run['max_ms'])} | {rasa} | {actions} |"
            )
    lines += ["", "Scaled ÷ embedded (throughput: higher is better; p95: lower is better):", "",
              "| load | requests/s | p95 |", "|---|---|---|"]
    for load in result["loads"]:
        scaled, embedded = load["scaled"], load["embedded"]
        lines.append(
            f"| {load['load']} | {_ratio(scaled['requests_per_second'], embedded['requests_per_second'])} "
            f"| {_ratio(scaled['p95_ms'], embedded['p95_ms'])} |"
        )
    errors = [
        f"{load['load']} {name}: " + ", ".join(f"{kind} × {count}" for kind, count in run["errors_by_kind"].items())
        for load in result["loads"]
        for name, run in ((n, load[n]) for n in ("embedded", "scaled"))
        if run["errors_by_kind"]
    ]
    lines += [
        "",
        "Errors: " + ("; ".join(errors) if errors else "none."),
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['platform']}, 1-minute load "
        f"average at start {m['load_average_1min']}, shared with other work. Both stacks, the load generator, "
        "PostgreSQL, Redis and HAProxy share these cores. A Rasa server handles its turns in one Python event "
        "loop, so it keeps about one core busy: the second replica gains from the second core here, not "
        "from a machine of its own, and the ratio says what two replicas on one two-core machine give, "
        "with the shared stores and the balancer paid for.",
    ]
    return "\n".join(lines) + "\n"


def _ratio(numerator, denominator) -> str:
    return "–" if not numerator or not denominator else f"{numerator / denominator:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_closed_loop_options(parser, "10,50", cap="level, stack and round", workers="the embedded stack's")
    args = parser.parse_args()
    model = trained_model(args.model, "bench/scale_load.py")
    if model is None:
        return 2
    levels = [int(level) for level in args.levels.split(",")]
    result = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "rounds": args.rounds,
        "script": SCRIPTS["project"],
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as workdir:
        embedded = ProjectStack(Path(workdir) / "embedded", model, rasa_workers=args.rasa_workers)
        scaled = ScaledStack()
        try:
            embedded.start()
            scaled.start()
            targets = {
                "embedded": Target("embedded", f"{embedded.url}/api/chat", {}, "project"),
                "scaled": Target("scaled", f"{scaled.url}/api/chat", {}, "project"),
            }
            runs: dict[tuple[int, str], list[dict]] = {}
            counted: dict[int, list[tuple[dict, dict]]] = {}
            for round_number in range(args.rounds):
                order = ["embedded", "scaled"] if round_number % 2 == 0 else ["scaled", "embedded"]
                for level in levels:
                    for name in order:
                        before = scaled.responses()
                        outcome = asyncio.run(closed_loop(targets[name], level, args.cap_seconds))
                        runs.setdefault((level, name), []).append(outcome)
                        if name == "scaled":
                            counted.setdefault(level, []).append((before, scaled.responses()))
                        shown = {k: v for k, v in outcome.items() if k != "latencies_ms"}
                        print(json.dumps({"round": round_number + 1, "stack": name, **shown}), flush=True)
            result["loads"] = []
            for level in levels:
                before = {name: sum(b.get(name, 0) for b, _ in counted[level]) for name in REPLICAS}
                after = {name: sum(a.get(name, 0) for _, a in counted[level]) for name in REPLICAS}
                result["loads"].append({
                    "load": f"closed {level}",
                    "embedded": merge(runs[(level, "embedded")]),
                    "scaled": merge(runs[(level, "scaled")]),
                    "replicas": shares(before, after),
                })
        finally:
            scaled.stop()
            embedded.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale_load.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "scale_load.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
