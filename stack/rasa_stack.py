"""A real Rasa server and action server for the slow tests: started on free ports with DEBUG logging
into files, the REST channel from bot/credentials.yml, a SQLite tracker store and a sealing key of the
test's own, all under one temporary directory.

Used by the slow tests (tests/e2e/, tests/browser/) and bench/first_reply.py.
"""
from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import httpx
import yaml

from .processes import free_port, stop, wait_until_up

REPO = Path(__file__).resolve().parent.parent
RASA = REPO / ".venv" / "bin" / "rasa"
MODEL = REPO / "models" / "assistant.tar.gz"
CREDENTIALS = REPO / "bot" / "credentials.yml"
ENDPOINTS = REPO / "bot" / "endpoints.yml"
BOT_FILES = ("config.yml", "bot/domain", "data/nlu", "data/rules", "data/stories")
START_TIMEOUT = 300  # seconds; loading the model on a busy two-core machine is slow


def trained_model() -> Path:
    """models/assistant.tar.gz, trained first (`make train`) when missing or older than the bot files."""
    newest_input = max(
        path.stat().st_mtime
        for name in BOT_FILES
        for path in ([REPO / name] if (REPO / name).is_file() else (REPO / name).rglob("*.yml"))
    )
    if not MODEL.exists() or MODEL.stat().st_mtime < newest_input:
        subprocess.run(["make", "train"], cwd=REPO, check=True)
    return MODEL


def bot_texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def response_text(name: str) -> str:
    """The text of a response in bot/domain/ as the bot sends it (folded YAML, one line): its first
    variation without a condition, the one a conversation gets when no slot picks another."""
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        if name in responses:
            variations = responses[name]
            return next((v for v in variations if "condition" not in v), variations[0])["text"]
    raise KeyError(name)


class RasaStack:
    def __init__(self, workdir: Path, model: Path):
        self.workdir = workdir
        self.model = model
        self.rasa_port = free_port()
        self.actions_port = free_port()
        self.tracker_db = workdir / "tracker.db"
        self.env = {
            **os.environ,
            "PNR_SEALING_KEY_FILE": str(workdir / "pnr.key"),
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        self.env.pop("PNR_SEALING_KEY", None)
        self.endpoints = workdir / "endpoints.yml"
        self._write_endpoints()
        self._rasa: subprocess.Popen | None = None
        self._actions: subprocess.Popen | None = None
        self._rasa_starts = 0

    def _write_endpoints(self) -> None:
        """The project's endpoints, with this stack's action server and the SQLite tracker store."""
        endpoints = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8")) or {}
        endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{self.actions_port}/webhook"}
        endpoints["tracker_store"]["db"] = str(self.tracker_db)
        self.endpoints.write_text(yaml.safe_dump(endpoints), encoding="utf-8")

    @property
    def log_files(self) -> list[Path]:
        return sorted(self.workdir.glob("*.log"))

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        log = open(self.workdir / log_name, "ab")
        try:
            return subprocess.Popen(
                [str(RASA), *args], cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        finally:
            log.close()

    def _wait_until_up(self, process: subprocess.Popen, url: str, log_name: str) -> None:
        wait_until_up(process, url, self.workdir / log_name, START_TIMEOUT)

    def start_actions(self) -> None:
        self._actions = self._spawn(
            ["run", "actions", "--actions", "actions", "--port", str(self.actions_port), "--debug"],
            "actions.log",
        )
        self._wait_until_up(self._actions, f"http://127.0.0.1:{self.actions_port}/health", "actions.log")

    def start_rasa(self) -> None:
        self._rasa_starts += 1
        log_name = f"rasa-{self._rasa_starts}.log"
        self._rasa = self._spawn(
            [
                "run", "--model", str(self.model), "--endpoints", str(self.endpoints),
                "--credentials", str(CREDENTIALS), "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                "--debug", "--log-file", str(self.workdir / f"rasa-{self._rasa_starts}-file.log"),
            ],
            log_name,
        )
        self._wait_until_up(self._rasa, f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/", log_name)

    def stop_rasa(self) -> None:
        stop(self._rasa)
        self._rasa = None

    def stop(self) -> None:
        stop(self._rasa)
        stop(self._actions)

    def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        reply = httpx.post(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook", json=body, timeout=120
        )
        reply.raise_for_status()
        return reply.json()


class RasaStackWithHttpApi(RasaStack):
    """The test stack, with Rasa's HTTP API on (localhost only, a random token), which the letter
    download reads the conversation's slots from."""

    def __init__(self, workdir: Path, model: Path):
        super().__init__(workdir, model)
        self.token = secrets.token_urlsafe(32)

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        if args[:2] == ["run", "--model"]:
            args = [*args, "--enable-api", f"--auth-token={self.token}"]  # a token may start with "-"
        return super()._spawn(args, log_name)
