"""The processes the benchmarks measure, started as `make run` starts them (supervisord.conf), on free ports.

`ProjectStack`: the action server, Rasa through `bot/run_rasa.py` (REST channel, HTTP API behind a
random token) and `uvicorn api.main:app` without access log, logging at their default level (not the
DEBUG of the slow tests' launcher, stack/rasa_stack.py, whose logs those tests read), with a SQLite
tracker store and a sealing key of the run's own under a temporary directory.
`BareRasa`: a bare `rasa init` assistant (trained once into var/bench/bare, reused after) served by
`rasa run` with the same SQLite tracker store, the yardstick the project's Rasa is compared with.
`ScaledStack`: `make run-scale` itself (PostgreSQL, Redis, HAProxy, two Rasa replicas, two action
servers, the API) on free ports, with its VAR_DIR in a fresh folder; bench/scale_load.py and the fault
test (tests/e2e/test_scale_stack.py) use it.

Every process runs with `python` (default: this interpreter), so a benchmark can measure the same code
under another environment (a private venv layered on the project's, for a different pin).
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path

import httpx
import yaml

from .processes import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
BARE_DIR = ROOT / "var" / "bench" / "bare"
START_TIMEOUT = 600  # seconds; loading a model on a busy two-core machine is slow


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
        wait_until_up(self.processes[name], url, self.workdir / f"{name}.log", START_TIMEOUT)

    def pid(self, name: str) -> int:
        return self.processes[name].pid

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            stop(process)
        self.processes.clear()


class _StackUrls:
    """Where a stack with `api_port` and `rasa_port` answers."""

    api_port: int
    rasa_port: int

    @property
    def url(self) -> str:
        """The API, the only port users talk to."""
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        """Rasa's REST channel and HTTP API (for ScaledStack: the balancer in front of the replicas)."""
        return f"http://127.0.0.1:{self.rasa_port}"


class ProjectStack(_Processes, _StackUrls):
    """The assistant as `make run` starts it; `project_dir` holds the code (default: this checkout).
    Its `rasa_workers` Rasa processes are named "rasa-1", "rasa-2" ...; `rasa_port` is the first one's.
    (`make run` starts RASA_WORKERS of them, the Makefile says how many; one is enough where a benchmark
    measures a single Rasa.)"""

    def __init__(
        self, workdir: Path, model: Path, python: str = sys.executable, project_dir: Path = ROOT,
        rasa_workers: int = 1,
    ):
        super().__init__(workdir, python)
        self.model = model
        self.project_dir = project_dir
        self.rasa_ports = [free_port() for _ in range(rasa_workers)]
        self.rasa_port, self.actions_port, self.api_port = self.rasa_ports[0], free_port(), free_port()
        self.token = secrets.token_urlsafe(32)
        self.endpoints = workdir / "endpoints.yml"
        endpoints = yaml.safe_load((project_dir / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
        endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{self.actions_port}/webhook"}
        endpoints["tracker_store"]["db"] = str(workdir / "tracker.db")  # the checkout's own store, here
        self.endpoints.write_text(yaml.safe_dump(endpoints), encoding="utf-8")

    def start(self) -> None:
        here = self.project_dir
        self.spawn(
            "actions",
            ["-m", "rasa", "run", "actions", "--actions", "actions", "-p", str(self.actions_port)],
            here,
            {**self.env, "SANIC_HOST": "127.0.0.1"},
        )
        for worker in range(1, len(self.rasa_ports) + 1):
            self.spawn_rasa(worker)
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
                "API_RASA_URL": ",".join(f"http://127.0.0.1:{port}" for port in self.rasa_ports),
                "API_RASA_TOKEN": self.token,
                "API_ACTIONS_URL": f"http://127.0.0.1:{self.actions_port}",
                "RASA_ENDPOINTS": str(self.endpoints),
            },
        )
        self.wait_until_up("actions", f"http://127.0.0.1:{self.actions_port}/health")
        for worker, port in enumerate(self.rasa_ports, 1):
            self.wait_until_up(f"rasa-{worker}", f"http://127.0.0.1:{port}/webhooks/rest/")
        self.wait_until_up("api", f"{self.url}/health")

    def spawn_rasa(self, worker: int = 1) -> None:
        """Starts Rasa worker `worker` (again, after it stopped), as supervisord.conf does."""
        self.spawn(
            f"rasa-{worker}",
            [
                "-m", "bot.run_rasa", "--model", str(self.model), "--endpoints", str(self.endpoints),
                "--credentials", "bot/credentials.yml", "-i", "127.0.0.1", "-p", str(self.rasa_ports[worker - 1]),
                "--enable-api",
            ],
            self.project_dir,
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


def free_replica_prefix() -> str:
    """A port prefix P whose replica ports P1 and P2 are both free (supervisord.scale.conf's scheme)."""
    for _ in range(200):
        prefix = str(secrets.choice(range(200, 650)))
        ports = [int(prefix + "1"), int(prefix + "2")]
        try:
            for port in ports:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return prefix
    raise RuntimeError("no free pair of replica ports")


class ScaledStack(_StackUrls):
    """`make run-scale` on free ports, in a session of its own, its VAR_DIR a fresh folder under /tmp
    (PostgreSQL's OS user must pass through every folder above its data; pytest's are private).
    Programs as supervisord.scale.conf names them: "rasa:rasa-1", "actions:actions-2", "redis" ..."""

    def __init__(self, project_dir: Path = ROOT):
        self.project_dir = project_dir
        self.var_dir = Path(tempfile.mkdtemp(prefix="run-scale-"))
        self.ports = {
            "API_PORT": free_port(),
            "RASA_PORT": free_port(),
            "ACTIONS_PORT": free_port(),
            "RASA_DB_PORT": free_port(),
            "RASA_REDIS_PORT": free_port(),
        }
        self.prefixes = {"RASA_REPLICA_PORT_PREFIX": free_replica_prefix()}
        self.prefixes["ACTIONS_REPLICA_PORT_PREFIX"] = free_replica_prefix()
        self.database = {"RASA_DB_NAME": "rasa", "RASA_DB_USER": "rasa"}
        self.api_port, self.rasa_port = self.ports["API_PORT"], self.ports["RASA_PORT"]
        self.output = self.var_dir / "make-run-scale.out"
        self.make: subprocess.Popen | None = None

    @property
    def token(self) -> str:
        return (self.var_dir / "rasa-token").read_text(encoding="utf-8").strip()

    def tracker_store_url(self):
        """Where the replicas keep the conversations, read from bot/endpoints.scale.yml as the API does."""
        from api.tracker_store_url import tracker_store_url

        password = (self.var_dir / "scale" / "db-password").read_text(encoding="utf-8").strip()
        environ = {"RASA_DB_HOST": "127.0.0.1", "RASA_DB_PORT": str(self.ports["RASA_DB_PORT"]),
                   "RASA_DB_PASSWORD": password, **self.database}
        return tracker_store_url(self.project_dir / "bot" / "endpoints.scale.yml", environ)

    def start(self) -> None:
        settings = [f"{k}={v}" for k, v in {**self.ports, **self.prefixes, **self.database}.items()]
        command = [
            "make", "--no-print-directory", "-o", "install", "-o", "models/assistant.tar.gz", "run-scale",
            f"VAR_DIR={self.var_dir}", "HOST=127.0.0.1", *settings,
        ]
        env = {**os.environ}
        env.pop("PNR_SEALING_KEY", None)
        with open(self.output, "wb") as output:
            self.make = subprocess.Popen(
                command, cwd=self.project_dir, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_for(self._ready, START_TIMEOUT, "/health ok and both replicas of each pair up")

    def _ready(self) -> bool:
        try:
            healthy = httpx.get(f"{self.url}/health", timeout=10, trust_env=False).status_code == 200
        except httpx.TransportError:
            return False
        return healthy and all(row["status"] == "UP" for row in self.balancer_stats().values())

    def wait_for(self, condition, seconds: float, what: str) -> float:
        """Polls until `condition()` holds; the seconds it took. Raises when make has stopped."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.make.poll() is not None:
                tail = self.output.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"make run-scale stopped ({self.make.returncode}):\n{tail}")
            if condition():
                return time.monotonic() - started
            time.sleep(0.5)
        raise RuntimeError(f"not within {seconds} s: {what}")

    def supervisor(self):
        """supervisord's XML-RPC interface, over its Unix socket."""
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.var_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def pid(self, name: str) -> int:
        return self.supervisor().getProcessInfo(name)["pid"]

    def balancer_stats(self) -> dict[str, dict]:
        """HAProxy's `show stat` per server ("rasa-1", "actions-2" ...): status, hrsp_2xx and the rest."""
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(self.var_dir / "scale" / "haproxy.sock"))
                sock.sendall(b"show stat\n")
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
        except OSError:
            return {}
        rows = csv.DictReader(answer.decode().lstrip("# ").splitlines())
        return {row["svname"]: row for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")}

    def responses(self) -> dict[str, int]:
        """How many responses each server has given through the balancer so far."""
        kinds = ("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")
        return {name: sum(int(row[kind] or 0) for kind in kinds) for name, row in self.balancer_stats().items()}

    def redispatched(self) -> dict[str, int]:
        """How many requests HAProxy has taken from each server to the other so far (`wredis`)."""
        return {name: int(row["wredis"] or 0) for name, row in self.balancer_stats().items()}

    def stop(self) -> None:
        """Ctrl-C (supervisord stops every program), then whatever is left is killed; VAR_DIR removed."""
        if self.make is not None and self.make.poll() is None:
            try:
                programs = [info["pid"] for info in self.supervisor().getAllProcessInfo() if info["pid"]]
            except OSError:
                programs = []
            os.killpg(self.make.pid, signal.SIGINT)  # as a terminal does: make and supervisord
            try:
                self.make.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.make.pid, signal.SIGKILL)
                self.make.wait()
                for pid in programs:  # each program is a process group of its own under supervisord
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
        shutil.rmtree(self.var_dir, ignore_errors=True)
