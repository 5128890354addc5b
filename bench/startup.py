"""How long the Rasa server takes to come back after a kill -9, its memory, and the model's size per part.

    python bench/startup.py [--model models/assistant.tar.gz] [--restarts 3] [--conversations 10]
        [--project-dir DIR] [--label NAME]                                      (or: make bench-startup)

Starts the service as `make run` does (stack/service.py: the action server, Rasa through bot/run_rasa.py,
the API, on free ports), plays a fixed load through POST /api/chat (`--conversations` conversations of
bench/chat_load.py's six messages, one after another) and reads Rasa's resident memory (VmRSS of the
process and its children). Then, `--restarts` times, kills Rasa with SIGKILL, starts it again as
supervisord would, and times from the kill until Rasa's REST channel answers and until the API's
/api/chat answers a new conversation's first message with 200: the time issue 11 bounds. Lists the
unpacked model's size per component. `--project-dir` measures another checkout's code (e.g. the commit
before a change) with the same model. Writes bench/results/startup[_LABEL].json and .md. Timings depend
on the machine and whatever else runs on it; nothing here asserts a limit.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_load import SCRIPTS, machine, rss_mib  # noqa: E402
from stack.service import ProjectStack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
REQUEST_TIMEOUT = 60.0  # seconds; one chat turn


def chat(client: httpx.Client, url: str, sender: str, text: str) -> int:
    """POST /api/chat's status, 0 when the API did not answer."""
    try:
        return client.post(f"{url}/api/chat", json={"sender": sender, "message": text}).status_code
    except httpx.TransportError:
        return 0


def fixed_load(client: httpx.Client, url: str, conversations: int) -> None:
    for number in range(conversations):
        for text in SCRIPTS["project"]:
            status = chat(client, url, f"startup-load-{number}-{os.urandom(6).hex()}", text)
            if status != 200:
                raise RuntimeError(f"the fixed load got HTTP {status}")


def rasa_answers(stack: ProjectStack) -> bool:
    try:
        return httpx.get(f"{stack.rasa_url}/webhooks/rest/", timeout=5, trust_env=False).status_code == 200
    except httpx.TransportError:
        return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def restart(stack: ProjectStack, client: httpx.Client, timeout: float = 600) -> dict:
    """Kills Rasa (SIGKILL), starts it again, and times its way back: wall seconds to its port and to
    /api/chat answering, and the CPU seconds the new Rasa used until its port answered (which depends
    much less on what else runs on the machine)."""
    process = stack.processes["rasa-1"]
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed = time.monotonic()
    stack.spawn_rasa()
    timings: dict[str, float] = {}
    while "chat_answers_s" not in timings:
        elapsed = time.monotonic() - killed
        if elapsed > timeout:
            raise RuntimeError(f"Rasa did not come back within {timeout} s")
        if stack.processes["rasa-1"].poll() is not None:
            raise RuntimeError(f"Rasa stopped with code {stack.processes['rasa'].returncode}")
        if "rasa_port_s" not in timings and rasa_answers(stack):
            timings["rasa_port_s"] = round(elapsed, 1)
            timings["rasa_cpu_s"] = round(cpu_seconds(stack.pid("rasa-1")), 1)
        if "rasa_port_s" in timings:
            if chat(client, stack.url, f"startup-probe-{os.urandom(6).hex()}", SCRIPTS["project"][1]) == 200:
                timings["chat_answers_s"] = round(time.monotonic() - killed, 1)
                continue
        time.sleep(0.2)
    timings["load_average_1min"] = round(os.getloadavg()[0], 2)
    return timings


def component_sizes(model: Path) -> dict[str, int]:
    """Bytes per component directory of the packed model, largest first."""
    sizes: dict[str, int] = {}
    with tarfile.open(model) as archive:
        for member in archive.getmembers():
            parts = Path(member.name.lstrip("/")).parts
            if member.isfile() and len(parts) > 2 and parts[0] == "components":
                sizes[parts[1]] = sizes.get(parts[1], 0) + member.size
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def markdown(result: dict) -> str:
    m = result["machine"]
    restarts = result["restarts"]
    lines = [
        f"# Rasa's way back after kill -9, its memory, the model's parts{result['label_title']}",
        "",
        f"Run {result['run_at']} by `make bench-startup` (bench/startup.py); code `{result['code']}`, "
        f"model `{result['model']}` ({result['model_bytes'] / 1e6:.1f} MB packed). The service started as "
        "`make run` starts it (stack/service.py); Rasa killed with SIGKILL and started again as supervisord "
        "would, timed from the kill.",
        "",
        "| restart | Rasa's port answers (s) | /api/chat answers (s) | Rasa's CPU until its port (s) "
        "| load average |",
        "|---|---|---|---|---|",
        *(
            f"| {number} | {r['rasa_port_s']} | {r['chat_answers_s']} | {r['rasa_cpu_s']} "
            f"| {r['load_average_1min']} |"
            for number, r in enumerate(restarts, 1)
        ),
        f"| median | {result['median_rasa_port_s']} | {result['median_chat_answers_s']} "
        f"| {result['median_rasa_cpu_s']} | |",
        "",
        f"Rasa's resident memory after the fixed load ({result['conversations']} conversations of "
        f"{len(SCRIPTS['project'])} messages through /api/chat): {result['rss_mib_after_load']} MiB "
        f"(action server {result['rss_mib_actions']} MiB, API {result['rss_mib_api']} MiB).",
        "",
        "| model component | MB unpacked |",
        "|---|---|",
        *(f"| {name} | {size / 1e6:.1f} |" for name, size in result["component_bytes"].items()),
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), Python {m['python']}, 1-minute load average at start "
        f"{m['load_average_1min']}, shared with other work.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--restarts", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=10, help="of the fixed load before the RSS")
    parser.add_argument("--project-dir", type=Path, default=ROOT, help="the code to measure")
    parser.add_argument("--label", help="results go to startup_LABEL.{json,md}")
    args = parser.parse_args()
    model = args.model.resolve()
    result = {
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "label_title": f" ({args.label})" if args.label else "",
        "code": os.path.relpath(args.project_dir.resolve(), ROOT),
        "model": os.path.relpath(model, ROOT),
        "model_bytes": model.stat().st_size,
        "component_bytes": component_sizes(model),
        "conversations": args.conversations,
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as workdir:
        stack = ProjectStack(Path(workdir), model, project_dir=args.project_dir.resolve())
        try:
            stack.start()
            with httpx.Client(timeout=REQUEST_TIMEOUT, trust_env=False) as client:
                fixed_load(client, stack.url, args.conversations)
                result["rss_mib_after_load"] = rss_mib(stack.pid("rasa-1"))
                result["rss_mib_actions"] = rss_mib(stack.pid("actions"))
                result["rss_mib_api"] = rss_mib(stack.pid("api"))
                result["restarts"] = []
                for _ in range(args.restarts):
                    result["restarts"].append(restart(stack, client))
                    print(json.dumps(result["restarts"][-1]), flush=True)
        finally:
            stack.stop()
    for key in ("rasa_port_s", "chat_answers_s", "rasa_cpu_s"):
        result[f"median_{key}"] = round(statistics.median(r[key] for r in result["restarts"]), 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "startup" + (f"_{args.label}" if args.label else "")
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (RESULTS / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
