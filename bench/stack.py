"""The processes the benchmarks measure, started as `make run` starts them (supervisord.conf), on free ports.

`ProjectStack`: the action server, Rasa through `bot/run_rasa.py` (REST channel, HTTP API behind a
random token) and `uvicorn api.main:app` without access log, logging at their default level (not the
DEBUG of the slow tests' launcher, tests/rasa_stack.py, whose logs those tests read), with a SQLite
tracker store and a sealing key of the run's own under a temporary directory.
`BareRasa`: a bare `rasa init` assistant (trained once into var/bench/bare, reused after) served by
`rasa run` with the same SQLite tracker store, the yardstick the project's Rasa is compared with.

Every process runs with `python` (default: this interpreter), so a benchmark can measure the same code
under another environment (a private venv layered on the project's, for a different pin).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
BARE_DIR = ROOT / "var" / "bench" / "bare"
START_TIMEOUT = 600  # seconds; loading a model on a busy two-core machine is slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Processes:
    def __init__(self, workdir: Path, python: str):
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.python = python
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PNR_SEALING_KEY_FILE": str(workdir / "pnr.key"),
        }
        self.env.pop("PNR_SEALING_KEY", None)
        self.processes: dict[str, subprocess.Popen] = {}

    def spawn(self, name: str, args: list[str], cwd: Path, env: dict | None = None) -> None:
        with open(self.workdir / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(
                [self.python, *args], cwd=cwd, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_up(self, name: str, url: str) -> None:
        process = self.processes[name]
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                tail = (self.workdir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} stopped with code {process.returncode}:\n{tail}")
            try:
                if httpx.get(url, timeout=5, trust_env=False).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(1)
        raise RuntimeError(f"{name}: {url} did not come up within {START_TIMEOUT} s")

    def pid(self, name: str) -> int:
        return self.processes[name].pid

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()


class ProjectStack(_Processes):
    """The assistant as `make run` starts it; `project_dir` holds the code (default: this checkout)."""

    def __init__(self, workdir: Path, model: Path, python: str = sys.executable, project_dir: Path = ROOT):
        super().__init__(workdir, python)
        self.model = model
        self.project_dir = project_dir
        self.rasa_port, self.actions_port, self.api_port = free_port(), free_port(), free_port()
        self.token = secrets.token_urlsafe(32)
        self.endpoints = workdir / "endpoints.yml"
        endpoints = yaml.safe_load((project_dir / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
        endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{self.actions_port}/webhook"}
        endpoints["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "tracker.db")}
        self.endpoints.write_text(yaml.safe_dump(endpoints), encoding="utf-8")

    @property
    def url(self) -> str:
        """The API, the only port users talk to."""
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> None:
        here = self.project_dir
        self.spawn(
            "actions",
            ["-m", "rasa", "run", "actions", "--actions", "actions", "-p", str(self.actions_port)],
            here,
            {**self.env, "SANIC_HOST": "127.0.0.1"},
        )
        self.spawn_rasa()
        self.spawn(
            "api",
            [
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--ws",
                "none",
                "--no-access-log",
            ],
            here,
            {
                **self.env,
                "API_RASA_URL": self.rasa_url,
                "API_RASA_TOKEN": self.token,
                "API_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                "RASA_ENDPOINTS": str(self.endpoints),
            },
        )
        self.wait_until_up("actions", f"http://127.0.0.1:{self.actions_port}/health")
        self.wait_until_up("rasa", f"{self.rasa_url}/webhooks/rest/")
        self.wait_until_up("api", f"{self.url}/health")

    def spawn_rasa(self) -> None:
        """Starts Rasa (again, after it stopped), as supervisord.conf does."""
        here = self.project_dir
        self.spawn(
            "rasa",
            [
                "-m",
                "bot.run_rasa",
                "--model",
                str(self.model),
                "--endpoints",
                str(self.endpoints),
                "--credentials",
                "bot/credentials.yml",
                "-i",
                "127.0.0.1",
                "-p",
                str(self.rasa_port),
                "--enable-api",
            ],
            here,
            {**self.env, "RASA_TOKEN": self.token},
        )


def bare_model(python: str = sys.executable) -> Path:
    """The bare `rasa init` assistant's model, made once into var/bench/bare (init trains it)."""
    models = sorted((BARE_DIR / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    BARE_DIR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [python, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(BARE_DIR)],
        cwd=BARE_DIR.parent,
        env=env,
        check=True,
    )
    return sorted((BARE_DIR / "models").glob("*.tar.gz"))[-1]


class BareRasa(_Processes):
    """A bare `rasa init` assistant on Rasa's REST channel, with the project's kind of tracker store."""

    def __init__(self, workdir: Path, model: Path, python: str = sys.executable):
        super().__init__(workdir, python)
        self.model = model
        self.port = free_port()
        self.endpoints = workdir / "bare-endpoints.yml"
        store = {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "bare-tracker.db")}
        self.endpoints.write_text(yaml.safe_dump({"tracker_store": store}), encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.spawn(
            "bare",
            [
                "-m",
                "rasa",
                "run",
                "--model",
                str(self.model),
                "--endpoints",
                str(self.endpoints),
                "--credentials",
                str(BARE_DIR / "credentials.yml"),
                "-i",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            BARE_DIR,
        )
        self.wait_until_up("bare", f"{self.url}/")
