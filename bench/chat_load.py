"""POST /api/chat under load, side by side with a bare `rasa init` assistant.

    python bench/chat_load.py [--model models/assistant.tar.gz] [--levels 1,10,50] [--rounds 2]
        [--open-conversations 100] [--open-interval 5] [--cap-seconds 60] [--python PATH]
        [--baseline-dir DIR --baseline-model PATH [--baseline-python PATH]] [--label NAME]
    (or: make bench-chat)

Starts the project as `make run` does (stack/service.py: action server, Rasa, the API, on free ports,
SQLite tracker store), optionally a baseline beside it (another checkout with its model and interpreter,
e.g. the commit before a change, so before and after meet the same load on the same machine at the same
time), and a bare `rasa init` assistant (trained once into var/bench/bare) with the same kind of tracker
store, then runs, in interleaved rounds (each round every load on every assistant, their order
rotating), these loads:
- closed loop, no think time: 1, 10 and 50 simultaneous conversations, each worker starting its next
  conversation as soon as one ends, until the level's conversations are done or its time cap passed;
- open loop: `--open-conversations` conversations, started evenly over one interval, each sending its
  next message every `--open-interval` seconds whether or not the last one was answered; a request's
  latency counts from the moment it was due, so a queue in front of the server shows.
A conversation is six messages from a fresh random sender: the project's go through the API
(POST /api/chat), the bare assistant's to Rasa's REST channel, its only front. Records every request's
latency and errors (a status other than 200, or an exception) and, after each load, the resident memory
of every process (VmRSS of the process and all its descendants). The headline is the project's figure
divided by the bare assistant's. Writes bench/results/chat_load[_LABEL].json and .md. Timings depend on
the machine and whatever else runs on it; nothing here asserts a limit.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stack.service import BareRasa, ProjectStack, bare_model  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCRIPTS = {
    "project": [
        "Hej!",
        "hur lång är intervjun?",
        "vart skickar jag överklagandet?",
        "och hos Migrationsverket då?",
        "vad händer sen?",
        "tack",
    ],
    "bare": ["hello", "I am sad", "yes", "great", "are you a bot?", "bye"],
}
REQUEST_TIMEOUT = 120.0  # seconds; longer than the API's own wait for Rasa, so a slow turn shows as a 503


def conversations_for(concurrency: int) -> int:
    """Every worker runs at least two conversations; at least 10 (60 requests) per level."""
    return max(10, 2 * concurrency)


class Target:
    """Where one assistant takes a user message."""

    def __init__(self, name: str, url: str, pids: dict[str, int], script: str):
        self.name = name
        self.url = url
        self.pids = pids
        self.script = SCRIPTS[script]

    async def send(
        self, client: httpx.AsyncClient, sender: str, message: str, due: float, samples: list
    ) -> None:
        try:
            reply = await client.post(self.url, json={"sender": sender, "message": message})
            error = None if reply.status_code == 200 else f"HTTP {reply.status_code}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        samples.append({"ms": (time.perf_counter() - due) * 1000, "error": error})


async def closed_loop(
    target: Target, concurrency: int, cap_seconds: float, conversations: int | None = None
) -> dict:
    planned = conversations or conversations_for(concurrency)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(planned):
        queue.put_nowait(number)
    samples: list[dict] = []
    done = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits, trust_env=False) as client:
        start = time.monotonic()
        deadline = start + cap_seconds

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                sender = secrets.token_urlsafe(24)  # 32 characters, as the chat page makes them
                for message in target.script:
                    if time.monotonic() >= deadline:
                        return
                    await target.send(client, sender, message, time.perf_counter(), samples)
                done += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - start
    return summarise(f"closed {concurrency}", samples, elapsed, done, planned)


async def open_loop(target: Target, conversations: int, interval: float) -> dict:
    samples: list[dict] = []
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=conversations)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits, trust_env=False) as client:
        start = time.perf_counter()

        async def conversation(number: int) -> None:
            sender = secrets.token_urlsafe(24)
            sends = []
            for turn, message in enumerate(target.script):
                due = start + interval * (number / conversations + turn)
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                sends.append(asyncio.create_task(target.send(client, sender, message, due, samples)))
            await asyncio.gather(*sends)

        await asyncio.gather(*(conversation(number) for number in range(conversations)))
        elapsed = time.perf_counter() - start
    return summarise(
        f"open {conversations} every {interval:g} s", samples, elapsed, conversations, conversations
    )


def _percentile(sorted_ms: list[float], pct: int) -> float | None:
    if not sorted_ms:
        return None
    if len(sorted_ms) == 1:
        return round(sorted_ms[0], 1)
    return round(statistics.quantiles(sorted_ms, n=100, method="inclusive")[pct - 1], 1)


def summarise(load: str, samples: list[dict], elapsed: float, done: int, planned: int) -> dict:
    latencies = sorted(sample["ms"] for sample in samples)
    errors: dict[str, int] = {}
    for sample in samples:
        if sample["error"]:
            errors[sample["error"]] = errors.get(sample["error"], 0) + 1
    return {
        "load": load,
        "conversations_planned": planned,
        "conversations_completed": done,
        "requests": len(samples),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(samples) / elapsed, 2) if elapsed else None,
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "latencies_ms": [round(ms, 1) for ms in latencies],
    }


def merge(runs: list[dict]) -> dict:
    """One load's rounds as one sample: all latencies together, throughput over the summed time."""
    samples = [{"ms": ms, "error": None} for run in runs for ms in run["latencies_ms"]]
    merged = summarise(
        runs[0]["load"],
        samples,
        sum(run["seconds"] for run in runs),
        sum(run["conversations_completed"] for run in runs),
        sum(run["conversations_planned"] for run in runs),
    )
    merged["errors_by_kind"] = {}
    for run in runs:
        for kind, count in run["errors_by_kind"].items():
            merged["errors_by_kind"][kind] = merged["errors_by_kind"].get(kind, 0) + count
    merged["errors"] = sum(merged["errors_by_kind"].values())
    merged["rounds_requests_per_second"] = [run["requests_per_second"] for run in runs]
    merged.pop("latencies_ms")
    return merged


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent pid is the 2nd field after the command name, which sits in parentheses.
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _vm_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a kernel thread


def rss_mib(pid: int) -> float:
    """Resident memory of the process and all its descendants (shared pages count once per process)."""
    children = _children()
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _vm_rss_kib(current)
        pending.extend(children.get(current, []))
    return round(total / 1024, 1)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _cell(value) -> str:
    return "–" if value is None else str(value)


def _ratio(numerator, denominator) -> str:
    return "–" if not numerator or not denominator else f"{numerator / denominator:.2f}"


def _ratio_rows(result: dict, numerator: str, denominator: str) -> list[str]:
    rows = [
        "| load | p50 | p95 | p99 | requests/s |",
        "|---|---|---|---|---|",
    ]
    for load in result["loads"]:
        top, bottom = load[numerator], load[denominator]
        rows.append(
            f"| {load['load']} | {_ratio(top['p50_ms'], bottom['p50_ms'])} "
            f"| {_ratio(top['p95_ms'], bottom['p95_ms'])} | {_ratio(top['p99_ms'], bottom['p99_ms'])} "
            f"| {_ratio(top['requests_per_second'], bottom['requests_per_second'])} |"
        )
    return rows


def markdown(result: dict) -> str:
    m = result["machine"]
    names = list(result["assistants"])
    lines = [
        f"# Chat latency under load, beside a bare `rasa init` assistant{result['label_title']}",
        "",
        f"Run {result['run_at']} by `make bench-chat` (bench/chat_load.py), {result['rounds']} interleaved "
        "rounds (each round every load on every assistant, their order rotating). "
        "The project: POST /api/chat through the API to Rasa (SQLite tracker store) and the action server, "
        "started as `make run` does (stack/service.py). The bare assistant: `rasa init`'s, on Rasa's REST "
        "channel, same kind of tracker store. Conversations of six messages, no think "
        "time in the closed loops; the open loop sends each conversation's next message every interval, "
        "answered or not, latency counted from when it was due.",
        "",
        "| assistant | code | model | interpreter | Rasa workers |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | `{a['code']}` | `{a['model']}` | `{a['python']}` | {a['rasa_workers']} |"
            for name, a in result["assistants"].items()
        ),
        "",
        "Project: " + ", ".join(f"“{text}”" for text in SCRIPTS["project"]) + ".  ",
        "Bare: " + ", ".join(f"“{text}”" for text in SCRIPTS["bare"]) + ".",
        "",
        "| load | assistant | requests | errors | requests/s (per round) | p50 ms | p95 ms | p99 ms | max ms "
        "| RSS MiB after, largest Rasa worker |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for load in result["loads"]:
        for name in names:
            run = load[name]
            rounds = ", ".join(_cell(rps) for rps in run["rounds_requests_per_second"])
            lines.append(
                f"| {load['load']} | {name} | {run['requests']} | {run['errors']} "
                f"| {_cell(run['requests_per_second'])} ({rounds}) | {_cell(run['p50_ms'])} "
                f"| {_cell(run['p95_ms'])} | {_cell(run['p99_ms'])} | {_cell(run['max_ms'])} "
                f"| {max(mib for process, mib in run['rss_mib_after'].items() if process.startswith('rasa'))} |"
            )
    for name in names:
        if name == "bare":
            continue
        lines += [
            "",
            f"Headline, {name} ÷ bare (latency: lower is better; throughput: higher is better):",
            "",
        ]
        lines += _ratio_rows(result, name, "bare")
    if "baseline" in names:
        lines += ["", "Project ÷ baseline:", ""] + _ratio_rows(result, "project", "baseline")
    errors = [
        f"{load['load']} {name}: "
        + ", ".join(f"{kind} × {count}" for kind, count in load[name]["errors_by_kind"].items())
        for load in result["loads"]
        for name in names
        if load[name]["errors_by_kind"]
    ]
    idle, after = result["rss_mib_idle"], result["rss_mib_after_all"]
    lines += [
        "",
        "Errors: " + ("; ".join(errors) if errors else "none."),
        "",
        "Resident memory (MiB, the process and its children) idle after start → after all loads: "
        + ", ".join(f"{name} {idle[name]} → {after[name]}" for name in idle)
        + ".",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['platform']}, 1-minute load "
        f"average at start {m['load_average_1min']}, shared with other work. The load generator runs on the "
        "same cores.",
    ]
    return "\n".join(lines) + "\n"


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def add_closed_loop_options(parser: argparse.ArgumentParser, levels: str, cap: str, workers: str) -> None:
    """The options of a benchmark of closed loops on the project's stack (this one, bench/scale_load.py):
    the model, the levels (default `levels`), the rounds, the time cap (`cap` says per what) and the
    project's Rasa workers (`workers` says which stack's)."""
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--levels", default=levels, help="closed-loop conversations at once, comma-separated")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cap-seconds", type=float, default=60.0, help=f"time cap per {cap}")
    parser.add_argument(
        "--rasa-workers", type=int, default=1, help=f"{workers} Rasa workers (make run's RASA_WORKERS)"
    )


def trained_model(path: Path, script: str) -> Path | None:
    """`path` resolved, or None after saying that there is no model there yet."""
    model = path.resolve()
    if not model.exists():
        print(f"{script}: no model at {model}; run `make train` first.", file=sys.stderr)
        return None
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_closed_loop_options(parser, "1,10,50", cap="closed-loop level and round", workers="the project's")
    parser.add_argument("--open-conversations", type=int, default=100)
    parser.add_argument(
        "--open-interval", type=float, default=5.0, help="seconds between a conversation's messages"
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter of the project and bare")
    parser.add_argument("--baseline-dir", type=Path, help="another checkout of the project, run beside it")
    parser.add_argument("--baseline-model", type=Path, help="the baseline's model")
    parser.add_argument("--baseline-python", help="the baseline's interpreter (default: --python)")
    parser.add_argument("--label", default="", help="suffix of the result files")
    parser.add_argument("--baseline-rasa-workers", type=int, default=1, help="the baseline's Rasa workers")
    args = parser.parse_args()
    model = trained_model(args.model, "bench/chat_load.py")
    if model is None:
        return 2
    if bool(args.baseline_dir) != bool(args.baseline_model):
        parser.error("--baseline-dir and --baseline-model go together")
    levels = [int(level) for level in args.levels.split(",")]
    bare = bare_model(args.python)
    assistants = {
        "project": {
            "code": _relative(ROOT), "model": _relative(model), "python": args.python, "rasa_workers": args.rasa_workers,
        }
    }
    if args.baseline_dir:
        assistants["baseline"] = {
            "code": str(args.baseline_dir),
            "rasa_workers": args.baseline_rasa_workers,
            "model": _relative(args.baseline_model.resolve()),
            "python": args.baseline_python or args.python,
        }
    assistants["bare"] = {"code": "rasa init", "model": _relative(bare), "python": args.python, "rasa_workers": 1}
    result = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "label_title": f" ({args.label})" if args.label else "",
        "assistants": assistants,
        "rounds": args.rounds,
        "scripts": SCRIPTS,
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-chat-load-") as workdir:
        stacks = {
            "project": ProjectStack(Path(workdir) / "project", model, args.python, rasa_workers=args.rasa_workers)
        }
        if args.baseline_dir:
            stacks["baseline"] = ProjectStack(
                Path(workdir) / "baseline",
                args.baseline_model.resolve(),
                assistants["baseline"]["python"],
                args.baseline_dir.resolve(),
                args.baseline_rasa_workers,
            )
        yardstick = BareRasa(Path(workdir) / "bare", bare, args.python)
        try:
            targets = {}
            for name, stack in stacks.items():
                stack.start()
                pids = {process: stack.pid(process) for process in stack.processes}
                targets[name] = Target(name, f"{stack.url}/api/chat", pids, "project")
            yardstick.start()
            bare_url = f"{yardstick.url}/webhooks/rest/webhook"
            targets["bare"] = Target("bare", bare_url, {"rasa-1": yardstick.pid("bare")}, "bare")
            result["rss_mib_idle"] = _rss_all(targets)
            loads = [
                (f"closed {level}", lambda t, level=level: closed_loop(t, level, args.cap_seconds))
                for level in levels
            ]
            loads.append(
                (
                    f"open {args.open_conversations}",
                    lambda t: open_loop(t, args.open_conversations, args.open_interval),
                )
            )
            runs: dict[tuple[str, str], list[dict]] = {}
            rss_after: dict[tuple[str, str], dict] = {}
            names = list(targets)
            for round_number in range(args.rounds):
                order = names[round_number % len(names) :] + names[: round_number % len(names)]
                for load_name, run in loads:
                    for name in order:
                        outcome = asyncio.run(run(targets[name]))
                        runs.setdefault((load_name, name), []).append(outcome)
                        rss_after[(load_name, name)] = {
                            p: rss_mib(pid) for p, pid in targets[name].pids.items()
                        }
                        shown = {k: v for k, v in outcome.items() if k != "latencies_ms"}
                        print(json.dumps({"round": round_number + 1, "assistant": name, **shown}), flush=True)
            result["loads"] = []
            for load_name, _ in loads:
                entry = {"load": runs[(load_name, "project")][0]["load"]}
                for name in names:
                    entry[name] = {
                        **merge(runs[(load_name, name)]),
                        "rss_mib_after": rss_after[(load_name, name)],
                    }
                result["loads"].append(entry)
            result["rss_mib_after_all"] = _rss_all(targets)
        finally:
            yardstick.stop()
            for stack in stacks.values():
                stack.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "chat_load" + (f"_{args.label}" if args.label else "")
    (RESULTS / f"{stem}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


def _rss_all(targets: dict[str, Target]) -> dict[str, float]:
    """Every process's resident memory, named `assistant process`."""
    return {
        f"{name} {process}": rss_mib(pid)
        for name, target in targets.items()
        for process, pid in target.pids.items()
    }


if __name__ == "__main__":
    sys.exit(main())
