"""Latency of POST /api/chat under load: 1, 10 and 50 simultaneous conversations.

    python bench/chat_load.py [--model models/assistant.tar.gz] [--levels 1,10,50] [--cap-seconds 60]
    (or: make bench-chat)

Starts the whole service on free loopback ports as the browser tests do (tests/browser/conftest.py:
Rasa with its HTTP API and a temporary SQLite tracker store, the action server, uvicorn api.main:app)
and waits for /health. Per level, that many workers run short scripted conversations (a greeting, two
FAQ questions, a thank-you; each conversation a fresh random sender) through the API until the level's
conversations are done or its time cap has passed (no request starts after the cap; those in flight
finish). Records every request's latency and errors (a status other than 200, or an exception), and
after each level the resident memory of Rasa, the action server and the API (VmRSS of the process and
all its descendants). Writes bench/results/chat_load.json and chat_load.md. Timings depend on the
machine and on whatever else runs on it; nothing here asserts a limit.
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

from tests.browser.conftest import ApiServer, RasaStackWithHttpApi  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCRIPT = ["Hej!", "hur lång är intervjun?", "vart skickar jag överklagandet?", "tack"]
REQUEST_TIMEOUT = 120.0  # seconds; longer than the API's own wait for Rasa, so a slow turn shows as a 503


def conversations_for(concurrency: int) -> int:
    """Every worker runs at least two conversations; at least 25 (100 requests) per level."""
    return max(25, 2 * concurrency)


async def _conversation(client: httpx.AsyncClient, url: str, deadline: float, samples: list[dict]) -> bool:
    """Sends the script as one new sender; False when the time cap cut it short."""
    sender = secrets.token_urlsafe(24)  # 32 characters, as the chat page makes them
    for message in SCRIPT:
        if time.monotonic() >= deadline:
            return False
        start = time.perf_counter()
        try:
            reply = await client.post(url, json={"sender": sender, "message": message})
            error = None if reply.status_code == 200 else f"HTTP {reply.status_code}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        samples.append({"ms": (time.perf_counter() - start) * 1000, "error": error})
    return True


async def run_level(api_url: str, concurrency: int, cap_seconds: float) -> dict:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(conversations_for(concurrency)):
        queue.put_nowait(number)
    samples: list[dict] = []
    done = 0
    url = f"{api_url}/api/chat"
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
                completed = await _conversation(client, url, deadline, samples)
                done += completed  # not `done += await ...`: that reads `done` before the await

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - start
    return summarise_level(concurrency, samples, done, elapsed)


def _percentile(sorted_ms: list[float], pct: int) -> float | None:
    if not sorted_ms:
        return None
    if len(sorted_ms) == 1:
        return round(sorted_ms[0], 1)
    return round(statistics.quantiles(sorted_ms, n=100, method="inclusive")[pct - 1], 1)


def summarise_level(concurrency: int, samples: list[dict], done: int, elapsed: float) -> dict:
    latencies = sorted(sample["ms"] for sample in samples)
    errors: dict[str, int] = {}
    for sample in samples:
        if sample["error"]:
            errors[sample["error"]] = errors.get(sample["error"], 0) + 1
    return {
        "concurrency": concurrency,
        "conversations_planned": conversations_for(concurrency),
        "conversations_completed": done,
        "hit_time_cap": done < conversations_for(concurrency),
        "requests": len(samples),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(samples) / elapsed, 2) if elapsed else None,
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": round(latencies[-1], 1) if latencies else None,
    }


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


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Chat latency under load",
        "",
        f"POST /api/chat through the API to Rasa (model `{result['model']}`, SQLite tracker store) and the "
        f"action server, all on one machine; run {result['run_at']}. Made by `make bench-chat` "
        "(bench/chat_load.py). Each conversation is a new random sender sending, one after another: "
        + ", ".join(f"“{text}”" for text in SCRIPT)
        + f". Per level at most {result['cap_seconds']:g} s; no request starts after that.",
        "",
        "| simultaneous conversations | conversations done / planned | requests | errors | requests/s "
        "| p50 ms | p95 ms | p99 ms | max ms | RSS rasa MiB | RSS actions MiB | RSS api MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level in result["levels"]:
        rss = level["rss_mib_after"]
        lines.append(
            f"| {level['concurrency']} "
            f"| {level['conversations_completed']} / {level['conversations_planned']}"
            f"{' (time cap)' if level['hit_time_cap'] else ''} | {level['requests']} | {level['errors']} "
            f"| {_cell(level['requests_per_second'])} | {_cell(level['p50_ms'])} | {_cell(level['p95_ms'])} "
            f"| {_cell(level['p99_ms'])} | {_cell(level['max_ms'])} | {rss['rasa']} | {rss['actions']} "
            f"| {rss['api']} |"
        )
    errors = {
        level["concurrency"]: level["errors_by_kind"] for level in result["levels"] if level["errors_by_kind"]
    }
    lines += ["", "Errors: " + ("; ".join(
        f"{concurrency} simultaneous: " + ", ".join(f"{kind} × {count}" for kind, count in kinds.items())
        for concurrency, kinds in errors.items()
    ) if errors else "none.")]
    rss = result["rss_mib_idle"]
    lines += [
        "",
        f"RSS (resident memory of the process and its children, after each level; idle after start: rasa "
        f"{rss['rasa']}, actions {rss['actions']}, api {rss['api']} MiB).",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['platform']}, 1-minute load "
        f"average at start {m['load_average_1min']}. The load generator runs on the same cores.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--levels", default="1,10,50", help="simultaneous conversations, comma-separated")
    parser.add_argument("--cap-seconds", type=float, default=60.0, help="time cap per level")
    args = parser.parse_args()
    model = args.model.resolve()
    if not model.exists():
        print(f"bench/chat_load.py: no model at {model}; run `make train` first.", file=sys.stderr)
        return 2
    levels = [int(level) for level in args.levels.split(",")]
    result = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
        "script": SCRIPT,
        "cap_seconds": args.cap_seconds,
        "machine": machine(),
        "levels": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-chat-load-") as workdir:
        stack = RasaStackWithHttpApi(Path(workdir), model)
        api = ApiServer(stack)
        try:
            stack.start_actions()
            stack.start_rasa()
            api.start()
            pids = {"rasa": stack._rasa.pid, "actions": stack._actions.pid, "api": api._process.pid}
            result["rss_mib_idle"] = {name: rss_mib(pid) for name, pid in pids.items()}
            for concurrency in levels:
                level = asyncio.run(run_level(api.url, concurrency, args.cap_seconds))
                level["rss_mib_after"] = {name: rss_mib(pid) for name, pid in pids.items()}
                result["levels"].append(level)
                print(json.dumps(level, ensure_ascii=False), flush=True)
        finally:
            api.stop()
            stack.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "chat_load.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "chat_load.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
