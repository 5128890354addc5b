"""`make run`: what the Procfile starts and where it listens, the Rasa token, the scale-out profile.

The running stack itself (model loading takes minutes on two shared cores) is what the slow tests in
test_e2e_rest.py and test_privacy_bot.py start; here the wiring that `make run` adds to it.
"""
import re
import shlex
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def procfile() -> dict[str, list[str]]:
    """Process name -> its command as words (environment assignments first)."""
    entries = {}
    for line in (REPO / "Procfile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)
        if match:
            entries[match[1]] = shlex.split(match[2])
    return entries


def option(words: list[str], *names: str) -> str:
    index = next(i for i, word in enumerate(words) if word in names)
    return words[index + 1]


def make_dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_procfile_starts_rasa_the_action_server_and_the_api():
    assert set(procfile()) == {"rasa", "actions", "api"}


def test_rasa_listens_on_localhost_with_its_http_api_behind_the_token():
    rasa = procfile()["rasa"]
    assert rasa[0].startswith("RASA_TOKEN=${RASA_TOKEN:?")  # refuses to start without one
    assert rasa[1:4] == ["python", "-m", "bot.run_rasa"]
    assert option(rasa, "-i", "--interface") == "127.0.0.1"
    assert option(rasa, "-p", "--port") == "5005"
    assert "--enable-api" in rasa
    assert "--auth-token" not in rasa  # a command line is readable by every local user
    assert option(rasa, "--model") == "models/assistant.tar.gz"
    assert option(rasa, "--credentials") == "bot/credentials.yml"


def test_action_server_binds_localhost():
    actions = procfile()["actions"]
    assert actions[0] == "SANIC_HOST=127.0.0.1"  # rasa-sdk 3.6 reads it; it has no interface option
    assert actions[1:4] == ["rasa", "run", "actions"]
    assert option(actions, "-p", "--port") == "5055"


def test_api_gets_the_token_and_writes_no_access_log():
    api = procfile()["api"]
    assert api[0].startswith("API_RASA_TOKEN=${RASA_TOKEN")
    assert "api.main:app" in api
    assert option(api, "--ws") == "none"
    assert "--no-access-log" in api  # the letter's URL holds the conversation id


def test_make_run_starts_honcho_with_one_sealing_key_for_all():
    commands = make_dry_run("-o", "models/assistant.tar.gz", "-o", "install", "run")
    honcho = next(line for line in commands.split("\n\n") if "honcho start -f Procfile" in line)
    key_file = re.search(r'PNR_SEALING_KEY_FILE="([^"]+)"', honcho)[1]
    assert Path(key_file).is_absolute()
    assert 'RASA_TOKEN="$(cat var/rasa-token)"' in honcho


def test_make_run_trains_a_missing_model_first():
    assert "rasa train" in make_dry_run("-W", "config.yml", "-o", "install", "run")


def test_token_file_is_made_once_and_private(tmp_path):
    token_file = tmp_path / "rasa-token"
    make = ["make", "--no-print-directory", "-s", f"RASA_TOKEN_FILE={token_file}", str(token_file)]
    subprocess.run(make, cwd=REPO, check=True)
    token = token_file.read_text().strip()
    assert len(token) >= 40  # 32 random bytes, base64url
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    subprocess.run(make, cwd=REPO, check=True)
    assert token_file.read_text().strip() == token


def test_scale_profile_uses_postgresql_and_redis(monkeypatch):
    from rasa.core.utils import AvailableEndpoints

    variables = {
        "RASA_DB_HOST": "db.internal", "RASA_DB_PORT": "5432", "RASA_DB_NAME": "rasa",
        "RASA_DB_USER": "rasa", "RASA_DB_PASSWORD": "pw", "RASA_REDIS_HOST": "redis.internal",
        "RASA_REDIS_PORT": "6379", "RASA_REDIS_DB": "0", "RASA_REDIS_PASSWORD": "pw",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(REPO / "bot" / "endpoints.scale.yml"))
    assert endpoints.tracker_store.type == "SQL"
    assert endpoints.tracker_store.kwargs["dialect"] == "postgresql"
    assert endpoints.tracker_store.url == "db.internal"
    assert endpoints.lock_store.type == "redis"
    assert endpoints.lock_store.url == "redis.internal"
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"


def test_scale_profile_refuses_to_start_without_its_settings(monkeypatch):
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.delenv("RASA_DB_HOST", raising=False)
    with pytest.raises(Exception, match="RASA_DB_HOST"):
        AvailableEndpoints.read_endpoints(str(REPO / "bot" / "endpoints.scale.yml"))


def test_the_embedded_profile_keeps_conversations_under_var():
    from rasa.core.utils import AvailableEndpoints

    endpoints = AvailableEndpoints.read_endpoints(str(REPO / "bot" / "endpoints.yml"))
    assert endpoints.tracker_store.type == "SQL"
    assert endpoints.tracker_store.kwargs == {"dialect": "sqlite", "db": "var/bot/tracker.db"}
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"


def test_the_rasa_wrapper_adds_the_token_in_process_and_refuses_it_on_the_command_line():
    from bot.run_rasa import rasa_arguments

    assert rasa_arguments(["--enable-api"], "secret")[-2:] == ["--auth-token", "secret"]
    with pytest.raises(SystemExit):
        rasa_arguments(["--enable-api"], "")
    with pytest.raises(SystemExit):
        rasa_arguments(["--auth-token", "secret"], "secret")


@pytest.mark.slow
def test_the_token_is_on_no_command_line_of_a_running_rasa(tmp_path):
    """Starts the wrapper as the Procfile does (without a model it stops soon) and reads its arguments."""
    import os
    import sys
    import time

    token = "tok-" + os.urandom(8).hex()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.run_rasa", "--enable-api", "-p", "0", "--model", str(tmp_path / "none")],
        cwd=REPO, env={**os.environ, "RASA_TOKEN": token, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        commandlines = [p.read_bytes() for p in Path("/proc").glob("[0-9]*/cmdline") if p.exists()]
    finally:
        process.kill()
        process.wait()
    assert not any(token.encode() in line for line in commandlines)
