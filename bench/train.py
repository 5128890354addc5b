"""Training time and size of the whole assistant model (NLU + dialogue), trained from scratch.

    python bench/train.py [--budget 180] [--config config.yml]     (or: make bench-train)

Trains into var/bench/train/ with an empty component cache (RASA_CACHE_DIRECTORY), so nothing is reused
from earlier runs, and writes bench/results/train.json and train.md. Exits 1 when training took longer
than the budget (3 minutes, issue 10). Wall time depends on the machine and on whatever else runs on
it; the CPU time the training used (user + system) much less so: the same training on two idle cores
takes between half of it and all of it (it keeps one to two cores busy).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench" / "train"
BUDGET_SECONDS = 180


def train(work: Path, config: Path) -> tuple[float, float, Path]:
    """Wall seconds, CPU seconds (user + system) and the model of one training from scratch."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "cache").mkdir(parents=True)
    rasa = Path(sys.executable).with_name("rasa")
    command = [
        str(rasa), "train", "--domain", "bot/domain", "--data", "data", "--config", str(config),
        "--out", str(work), "--fixed-model-name", "assistant", "--force",
    ]
    cpu_before = _children_cpu_seconds()
    started = time.perf_counter()
    environment = {**os.environ, "RASA_CACHE_DIRECTORY": str(work / "cache")}
    subprocess.run(command, check=True, cwd=ROOT, env=environment)
    wall = time.perf_counter() - started
    return wall, _children_cpu_seconds() - cpu_before, work / "assistant.tar.gz"


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds allowed")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml", help="the pipeline to train")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    seconds, cpu_seconds, model = train(WORK, args.config.resolve())
    summary = {
        "date": dt.date.today().isoformat(),
        "config": os.path.relpath(args.config.resolve(), ROOT),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "budget_seconds": args.budget,
        "within_budget": seconds <= args.budget,
        "model_bytes": model.stat().st_size,
        "cpu_count": os.cpu_count(),
        "load_average_before": round(load_before, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "train.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    table = (
        "# Training the assistant from scratch\n\n"
        f"{summary['date']}, {summary['cpu_count']} cores, load average {summary['load_average_before']} "
        "before the run. Made by `make bench-train` (bench/train.py).\n\n"
        "| measure | value |\n|---|---|\n"
        f"| config | `{summary['config']}` |\n"
        f"| training time (NLU + dialogue, empty cache) | {seconds / 60:.1f} min ({seconds:.0f} s) |\n"
        f"| CPU time of the training (user + system) | {cpu_seconds / 60:.1f} min ({cpu_seconds:.0f} s) |\n"
        f"| budget | {args.budget / 60:.1f} min |\n"
        f"| model size | {summary['model_bytes'] / 1e6:.1f} MB |\n"
    )
    (RESULTS / "train.md").write_text(table, encoding="utf-8")
    print(table)
    return 0 if summary["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
