"""Where Rasa's CPU goes during chat turns: py-spy samples of the Rasa process under a fixed load.

    python bench/profile_chat.py [--model models/assistant.tar.gz] [--conversations 40] [--concurrency 10]
        [--python PATH] [--project-dir DIR] [--py-spy PATH] [--label NAME]
    (or: make profile-chat)

Starts the project as `make run` does (stack/service.py), warms it up with one conversation, then runs
`--conversations` conversations of bench/chat_load.py's script, `--concurrency` at a time without think
time, through POST /api/chat while py-spy (from the lock) samples Rasa's Python stacks (on CPU only,
100 a second, its subprocesses included). Writes the functions most samples were in, inclusive and as
the innermost frame, to bench/results/profile-chat[-LABEL].md, and py-spy's raw stacks to
var/bench/profile-chat[-LABEL].txt (collapsed format; flame-graph tools read it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import Target, closed_loop, machine, rss_mib  # noqa: E402
from stack.service import ProjectStack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
RAW_DIR = ROOT / "var" / "bench"
TOP = 30
SERVER_SHARE = 0.95  # frames on nearly every sample (the server loop, handle_message) say nothing
# Parts of a turn the profile is read for; a sample counts for a part when any of its frames matches.
PARTS = {
    "custom slot mappings (action_extract_slots → action server)": r"^_run_custom_action \(",
    "jsonschema validation of action results": r"^_validate_action_result \(",
    "every custom action call (RemoteAction.run)": r"^run \(rasa/core/actions/action\.py",
    "TEDPolicy": r"\(rasa/core/policies/ted_policy\.py",
    "DIETClassifier": r"\(rasa/nlu/classifiers/diet_classifier\.py",
    "bot.faq_selector.LinearFaqSelector": r"\(bot/faq_selector\.py",
    "tracker store: load": r"^(retrieve|retrieve_full_tracker|_retrieve) \(rasa/core/tracker_store\.py",
    "tracker store: save": r"^(save|_additional_events) \(rasa/core/tracker_store\.py",
    "bot.facts.FactExtractor": r"\(bot/facts\.py",
    "bot.relevance.DomainRelevance": r"\(bot/relevance\.py",
    "bot.agency.AgencyExtractor": r"\(bot/agency\.py",
}


def _frame(raw: str) -> str:
    """`function (path:line)` without the line number, the path from its package on."""
    frame = re.sub(r":\d+\)$", ")", raw.strip())
    return re.sub(r"\([^()]*/(?:site-packages|python3\.\d+)/", "(", frame)


def read_stacks(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append(([_frame(frame) for frame in stack.split(";")], int(count)))
    return stacks


def markdown(stacks: list[tuple[list[str], int]], meta: dict) -> str:
    total = sum(count for _, count in stacks) or 1
    inclusive: Counter[str] = Counter()
    innermost: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    for frames, count in stacks:
        frames = [frame for frame in frames if not frame.startswith("process ")]  # py-spy's pid frame
        for frame in set(frames):
            inclusive[frame] += count
        innermost[frames[-1]] += count
        for part, pattern in PARTS.items():
            if any(re.search(pattern, frame) for frame in frames):
                parts[part] += count

    def pct(count: int) -> str:
        return f"{100 * count / total:.1f} %"

    lines = [
        f"# Where Rasa's CPU goes during chat turns{meta['label_title']}",
        "",
        f"Run {meta['run_at']} by `make profile-chat` (bench/profile_chat.py): py-spy sampled the Rasa process "
        f"(100/s, on CPU only) while {meta['conversations']} conversations of six messages went through "
        f"POST /api/chat, {meta['concurrency']} at a time without think time; {meta['requests']} requests in "
        f"{meta['seconds']} s ({meta['requests_per_second']} requests/s), p50 {meta['p50_ms']} ms, p95 "
        f"{meta['p95_ms']} ms, {meta['errors']} errors. Interpreter `{meta['python']}`, code "
        f"`{meta['project_dir']}`, model `{meta['model']}`. {total} samples; Rasa's resident memory after the "
        f"load {meta['rss_mib']} MiB. Machine: {meta['machine']['cores']} cores, 1-minute load average at "
        f"start {meta['machine']['load_average_1min']} (shared).",
        "",
        "## Parts of a turn (share of samples with such a frame)",
        "",
        "| part | share |",
        "|---|---|",
        *(f"| {part} | {pct(parts[part])} |" for part in PARTS),
        "",
        f"## Top {TOP} functions, inclusive (share of samples the function is on the stack; the server's "
        f"own frames, on more than {SERVER_SHARE:.0%} of them, left out)",
        "",
        "| share | function |",
        "|---|---|",
        *(
            f"| {pct(count)} | `{frame}` |"
            for frame, count in [(f, c) for f, c in inclusive.most_common() if c < SERVER_SHARE * total][:TOP]
        ),
        "",
        f"## Top {TOP} functions, innermost frame (where the CPU itself was)",
        "",
        "| share | function |",
        "|---|---|",
        *(f"| {pct(count)} | `{frame}` |" for frame, count in innermost.most_common(TOP)),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--python", default=sys.executable, help="interpreter of the stack")
    parser.add_argument("--project-dir", type=Path, default=ROOT, help="checkout whose code the project runs")
    parser.add_argument("--py-spy", default=shutil.which("py-spy", path=str(Path(sys.executable).parent)))
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if not args.py_spy:
        print("bench/profile_chat.py: py-spy not found next to this Python (make install)", file=sys.stderr)
        return 2
    model = args.model.resolve()
    suffix = f"-{args.label}" if args.label else ""
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    raw = RAW_DIR / f"profile-chat{suffix}.txt"
    with tempfile.TemporaryDirectory(prefix="bench-profile-chat-") as workdir:
        stack = ProjectStack(Path(workdir), model, args.python, args.project_dir.resolve())
        try:
            stack.start()
            target = Target("project", f"{stack.url}/api/chat", {"rasa": stack.pid("rasa-1")}, "project")
            asyncio.run(closed_loop(target, 1, 600))  # warm-up: the first turns build TensorFlow graphs
            sampler = subprocess.Popen(
                [
                    args.py_spy,
                    "record",
                    "--pid",
                    str(stack.pid("rasa-1")),
                    "--rate",
                    "100",
                    "--subprocesses",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            time.sleep(2)  # py-spy attaches
            outcome = asyncio.run(closed_loop(target, args.concurrency, 3600, args.conversations))
            sampler.send_signal(signal.SIGINT)
            sampler.wait(timeout=60)
            meta = {
                **{
                    key: outcome[key]
                    for key in ("requests", "seconds", "requests_per_second", "p50_ms", "p95_ms", "errors")
                },
                "run_at": dt.datetime.now().isoformat(timespec="seconds"),
                "label_title": f" ({args.label})" if args.label else "",
                "conversations": args.conversations,
                "concurrency": args.concurrency,
                "python": args.python,
                "project_dir": str(args.project_dir),
                "model": str(model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
                "rss_mib": rss_mib(stack.pid("rasa-1")),
                "machine": machine(),
            }
        finally:
            stack.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    raw.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    report = markdown(read_stacks(raw), meta)
    (RESULTS / f"profile-chat{suffix}.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
