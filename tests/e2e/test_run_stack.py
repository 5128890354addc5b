"""`make run`: what supervisord starts and where it listens, the Rasa token, the scale-out profile, and
the running stack healing itself.

The fast tests read supervisord.conf with supervisor's own parser, with the variables `make run` sets
(from its dry run). The slow ones start `make run` on free ports with its state in a temporary folder,
kill each process in turn and watch the service come back, and start the API the way FastAPI's
deployment documentation does.
"""
import datetime as dt
import os
import re
import shlex
import signal
import stat
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import httpx
import pytest

from stack.rasa_stack import START_TIMEOUT, RasaStack, bot_texts, free_port, response_text, trained_model
from stack.service import free_replica_prefix

REPO = Path(__file__).resolve().parents[2]
SUPERVISORD_CONF = REPO / "supervisord.conf"
PROGRAMS = ("rasa-1", "rasa-2", "actions", "api")
GROUPS = {"rasa-1": "rasa:rasa-1", "rasa-2": "rasa:rasa-2"}  # supervisord's name of a worker


def make_dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return result.stdout


def run_recipe(var_dir: Path, target: str = "run", *settings: str) -> str:
    """The command `make run` (or `make run-scale`) starts supervisord with, given make's `settings`."""
    commands = make_dry_run(
        "-o", "models/assistant.tar.gz", "-o", "install", target, f"VAR_DIR={var_dir}", *settings
    )
    return commands[commands.index("umask 077"):commands.index("exec supervisord")]


def option(words: list[str], *names: str) -> str:
    index = next(i for i, word in enumerate(words) if word in names)
    return words[index + 1]


TOKEN = "the-rasa-token"  # what `$(cat var/rasa-token)` gives in the recipe


@pytest.fixture
def var_dir(tmp_path) -> Path:
    (tmp_path / "var" / "log").mkdir(parents=True)
    return tmp_path / "var"


def read_supervisord(recipe: str, monkeypatch):
    """supervisord.conf as supervisord reads it, in the environment `recipe` gives it."""
    from supervisor.options import ServerOptions

    for name, value in re.findall(r'(\w+)="([^"]*)"', recipe):
        if name != "PATH":
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("RASA_TOKEN", TOKEN)
    options = ServerOptions()
    options.realize(["-c", str(SUPERVISORD_CONF)])
    return options


def programs_of(options) -> dict:
    return {process.name: process for group in options.process_group_configs for process in group.process_configs}


@pytest.fixture
def supervisord(var_dir, monkeypatch):
    """supervisord.conf as supervisord reads it, in the environment `make run` gives it."""
    return read_supervisord(run_recipe(var_dir), monkeypatch)


@pytest.fixture
def programs(supervisord) -> dict:
    return programs_of(supervisord)


@pytest.fixture
def scale_programs(var_dir, monkeypatch) -> dict:
    """supervisord.scale.conf's programs as supervisord reads them in the environment of `make run-scale`
    (PostgreSQL's OS user set to this one, so that it need not exist here)."""
    import getpass

    from supervisor.options import ServerOptions

    for name, value in re.findall(r'(\w+)="([^"]*)"', run_recipe(var_dir, "run-scale")):
        if name != "PATH":
            monkeypatch.setenv(name, value)
    for name in ("RASA_TOKEN", "RASA_DB_PASSWORD", "RASA_REDIS_PASSWORD"):
        monkeypatch.setenv(name, TOKEN)
    monkeypatch.setenv("SCALE_PG_OS_USER", getpass.getuser())
    options = ServerOptions()
    options.realize(["-c", str(REPO / "supervisord.scale.conf")])
    return {process.name: process for group in options.process_group_configs for process in group.process_configs}


def test_the_scaled_stack_runs_two_rasa_replicas_and_two_action_servers_on_localhost(scale_programs):
    assert set(scale_programs) == {
        "postgres", "redis", "haproxy", "rasa-1", "rasa-2", "actions-1", "actions-2", "api",
    }
    for number in (1, 2):
        rasa = shlex.split(scale_programs[f"rasa-{number}"].command)
        assert rasa[:3] == ["python", "-m", "bot.run_rasa"] and "--enable-api" in rasa
        assert option(rasa, "-i", "--interface") == "127.0.0.1"
        assert option(rasa, "-p", "--port") == f"501{number}"
        assert option(rasa, "--endpoints") == "bot/endpoints.scale.yml"
        assert TOKEN not in scale_programs[f"rasa-{number}"].command
        actions = scale_programs[f"actions-{number}"]
        assert actions.environment["SANIC_HOST"] == "127.0.0.1"
        assert option(shlex.split(actions.command), "-p", "--port") == f"506{number}"
    postgres = shlex.split(scale_programs["postgres"].command)
    assert "listen_addresses=127.0.0.1" in postgres and option(postgres, "-p") == "5433"
    assert option(shlex.split(scale_programs["redis"].command), "--port") == "6380"
    api = scale_programs["api"]
    assert option(shlex.split(api.command), "--host") == "127.0.0.1" and "--no-access-log" in api.command
    assert api.environment["API_RASA_URL"] == "http://127.0.0.1:5005"  # the balancer
    assert api.environment["API_ACTIONS_URL"] == "http://127.0.0.1:5055"


def test_the_scaled_stack_keeps_the_lock_shorter_than_the_api_waits(var_dir):
    from api.settings import Settings

    lifetime = int(re.search(r'TICKET_LOCK_LIFETIME="(\d+)"', run_recipe(var_dir, "run-scale"))[1])
    assert 0 < lifetime < Settings().rasa_timeout


def test_the_balancer_listens_on_localhost_and_checks_every_server():
    config = (REPO / "scale" / "haproxy.cfg").read_text(encoding="utf-8")
    binds = re.findall(r"^\s*bind\s+(\S+)", config, re.MULTILINE)
    servers = re.findall(r"^\s*server\s+(\S+)\s+(\S+)", config, re.MULTILINE)
    assert len(binds) == 2 and all(bind.startswith('"127.0.0.1:') for bind in binds)
    assert [name for name, _ in servers] == ["rasa-1", "rasa-2", "actions-1", "actions-2"]
    assert all(address.startswith('"127.0.0.1:') for _, address in servers)
    assert "default-server check" in config and config.count("option httpchk") == 2
    assert "retry-on conn-failure empty-response" in config  # never a request that got an answer


def test_supervisord_runs_rasa_the_action_server_and_the_api(programs):
    assert set(programs) == set(PROGRAMS)


@pytest.mark.parametrize("number", [1, 2])
def test_each_rasa_worker_listens_on_localhost_with_its_http_api_behind_the_token(programs, number):
    worker = programs[f"rasa-{number}"]
    rasa = shlex.split(worker.command)
    assert rasa[:3] == ["python", "-m", "bot.run_rasa"]
    assert option(rasa, "-i", "--interface") == "127.0.0.1"
    assert option(rasa, "-p", "--port") == f"501{number}"
    assert "--enable-api" in rasa
    assert "--auth-token" not in rasa and TOKEN not in worker.command  # `ps` shows a command line
    assert option(rasa, "--model") == "models/assistant.tar.gz"
    assert option(rasa, "--credentials") == "bot/credentials.yml"
    assert option(rasa, "--endpoints") == "bot/endpoints.yml"


def test_the_number_of_rasa_workers_is_a_setting(var_dir, monkeypatch):
    recipe = run_recipe(var_dir, "run", "RASA_WORKERS=3", "RASA_REPLICA_PORT_PREFIX=432")
    found = programs_of(read_supervisord(recipe, monkeypatch))
    workers = sorted(name for name in found if name.startswith("rasa-"))
    assert workers == ["rasa-1", "rasa-2", "rasa-3"]
    assert [option(shlex.split(found[name].command), "-p") for name in workers] == ["4321", "4322", "4323"]
    assert found["api"].environment["API_RASA_URL"] == ",".join(f"http://127.0.0.1:432{n}" for n in (1, 2, 3))


def test_action_server_binds_localhost(programs):
    actions = shlex.split(programs["actions"].command)
    # rasa-sdk 3.6 has no interface option; it binds $SANIC_HOST
    assert programs["actions"].environment["SANIC_HOST"] == "127.0.0.1"
    assert actions[:3] == ["rasa", "run", "actions"]
    assert option(actions, "-p", "--port") == "5055"


def test_api_gets_the_token_and_writes_no_access_log(programs):
    api = shlex.split(programs["api"].command)
    assert api[:2] == ["uvicorn", "api.main:app"]
    assert option(api, "--host") == "127.0.0.1" and option(api, "--port") == "8000"
    assert "--no-access-log" in api  # the letter's URL holds the conversation id
    environment = programs["api"].environment
    assert environment["API_RASA_TOKEN"] == TOKEN
    assert environment["API_RASA_URL"] == "http://127.0.0.1:5011,http://127.0.0.1:5012"  # every worker
    assert environment["API_ACTIONS_URL"] == "http://127.0.0.1:5055"


def test_every_process_is_started_again_and_stopped_with_its_children(programs, var_dir):
    from supervisor.datatypes import RestartUnconditionally

    for name, process in programs.items():
        assert process.autorestart is RestartUnconditionally, name
        assert process.startretries > 0, name
        assert process.stopasgroup and process.killasgroup, name
        assert process.directory == str(REPO), name
        assert process.redirect_stderr, name
        assert process.stdout_logfile == str(var_dir / "log" / f"{name}.log"), name


def test_supervisord_keeps_its_files_under_var_and_its_control_private(supervisord, var_dir):
    import socket

    assert supervisord.nodaemon  # in the foreground of `make run`, so Ctrl-C reaches it
    assert supervisord.logfile == str(var_dir / "log" / "supervisord.log")
    assert supervisord.pidfile == str(var_dir / "supervisord.pid")
    (control,) = supervisord.server_configs  # no HTTP port
    assert control["family"] == socket.AF_UNIX
    assert control["file"] == str(var_dir / "supervisor.sock")
    assert control["chmod"] == 0o700


def test_make_run_starts_supervisord_with_one_sealing_key_for_all(var_dir):
    recipe = run_recipe(var_dir)
    assert recipe.startswith("umask 077")  # logs, socket, tracker store: this user's only
    key_file = re.search(r'PNR_SEALING_KEY_FILE="([^"]+)"', recipe)[1]
    assert Path(key_file) == var_dir / "pnr.key"
    assert f'RASA_TOKEN="$(cat {var_dir}/rasa-token)"' in recipe


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
        "RASA_REDIS_PORT": "6379", "RASA_REDIS_DB": "0", "RASA_REDIS_PASSWORD": "pw", "ACTIONS_PORT": "5055",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(REPO / "bot" / "endpoints.scale.yml"))
    assert endpoints.tracker_store.type == "bot.tracker_store.LeanSQLTrackerStore"
    assert endpoints.tracker_store.kwargs["dialect"] == "postgresql"
    assert endpoints.tracker_store.url == "db.internal"
    assert endpoints.lock_store.type == "bot.lock_store.ReplicaSafeRedisLockStore"
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
    assert endpoints.tracker_store.type == "bot.tracker_store.LeanSQLTrackerStore"
    assert endpoints.tracker_store.kwargs == {"dialect": "sqlite", "db": "var/bot/tracker.db"}
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"


def test_the_rasa_wrapper_adds_the_token_in_process_and_refuses_it_on_the_command_line():
    from bot.run_rasa import rasa_arguments

    assert rasa_arguments(["--enable-api"], "secret")[-1] == "--auth-token=secret"
    with pytest.raises(SystemExit):
        rasa_arguments(["--enable-api"], "")
    for given in (["--auth-token", "secret"], ["--auth-token=secret"], ["-t", "secret"]):
        with pytest.raises(SystemExit):
            rasa_arguments(given, "secret")


@pytest.mark.parametrize("token", ["secret", "-Zq3", "--x"])  # a URL-safe random token may begin with "-"
def test_rasa_reads_the_token_whatever_it_begins_with(token):
    from rasa.__main__ import create_argument_parser

    from bot.run_rasa import rasa_arguments

    parsed = create_argument_parser().parse_args(rasa_arguments(["--enable-api"], token)[1:])
    assert parsed.auth_token == token


@pytest.mark.slow
def test_the_token_is_on_no_command_line_of_a_running_rasa(tmp_path):
    """Starts the wrapper as supervisord.conf does (without a model it stops soon) and reads its arguments."""
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


# --- the running stack ------------------------------------------------------------------------------
# Seconds within which the service answers again after one of its processes was killed. A Rasa worker's
# own restart takes as long as loading the model (~30 s of CPU time, bench/results/model_size.md, and
# minutes on two busy cores), but the other worker answers meanwhile.
RECOVERY_SECONDS = 30
DEADLINE_ANSWERED = "måste ha kommit in till myndigheten senast den dagen"  # hiring_rules.messages
PERSONNUMMER = "811218-9876"
EMPLOYER = {"agency": "forsakringskassan"}


class SupervisedStack:
    """`make run` on free ports, with VAR_DIR (token, sealing key, tracker store, logs, supervisord's
    socket and pid file) in a temporary folder; started as a terminal would, in a session of its own."""

    def __init__(self, workdir: Path):
        self.bot = RasaStack(workdir, trained_model())  # free ports, endpoints file, tracker store
        self.var_dir = workdir
        api_port = free_port()
        prefix = free_replica_prefix()
        self.rasa_urls = [f"http://127.0.0.1:{prefix}{number}" for number in (1, 2)]
        self.api_url = f"http://127.0.0.1:{api_port}"
        self.token = "tok-" + os.urandom(16).hex()
        token_file = workdir / "rasa-token"
        token_file.write_text(self.token + "\n", encoding="utf-8")
        token_file.chmod(0o600)
        self.command = [
            "make", "--no-print-directory", "-o", "install", "-o", "models/assistant.tar.gz",
            "-o", str(token_file), "run", f"VAR_DIR={workdir}", "HOST=127.0.0.1", f"API_PORT={api_port}",
            f"RASA_REPLICA_PORT_PREFIX={prefix}", f"ACTIONS_PORT={self.bot.actions_port}",
            f"RASA_ENDPOINTS={self.bot.endpoints}",
        ]
        self.output = workdir / "make-run.out"
        self.make: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.output, "wb") as output:
            self.make = subprocess.Popen(
                self.command, cwd=REPO, env=self.bot.env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_for(lambda: (self.health() or {}).get("status") == "ok", START_TIMEOUT, "/health ok")

    def wait_for(self, condition, seconds: float, what: str) -> float:
        """Polls until `condition()` holds; the seconds it took. Fails when make has stopped."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.make.poll() is not None:
                pytest.fail(f"make run stopped ({self.make.returncode}):\n{self.output.read_text()[-3000:]}")
            if condition():
                return time.monotonic() - started
            time.sleep(0.2)
        pytest.fail(f"not within {seconds} s: {what}")

    def health(self) -> dict | None:
        """GET /health's body, None when the API does not answer."""
        try:
            return httpx.get(f"{self.api_url}/health", timeout=10).json()
        except httpx.TransportError:
            return None

    def chat(self, sender: str, text: str) -> httpx.Response:
        body = {"sender": sender, "message": text, "metadata": EMPLOYER}
        return httpx.post(f"{self.api_url}/api/chat", json=body, timeout=60)

    def supervisor(self):
        """supervisord's XML-RPC interface, over its Unix socket."""
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.var_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def descendants(self) -> set[int]:
        """The processes below make: supervisord, its programs and whatever they started."""
        parents = {}
        for stat_file in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat_file.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat_file.parent.name)] = int(fields[1])
        found, frontier = set(), {self.make.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found

    def kill_everything(self) -> None:
        for pid in self.descendants() | {self.make.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.make.wait()


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def reported_down(name: str, health: dict | None) -> bool:
    """Whether /health shows the process gone: its component not ok, or for the API no answer."""
    if name == "api":
        return health is None
    component = "action_server" if name == "actions" else "rasa"
    return health is not None and health["components"][component] != "ok"


@pytest.mark.slow
def test_make_run_starts_a_killed_process_again_and_the_conversation_goes_on(tmp_path):
    """kill -9 of the conversation's Rasa worker, the action server and the API in turn: /health names
    the part that is down, the chat answers again within 30 s (the other Rasa worker at once) and the
    appeal form goes on with the slots it had; each comes back by itself. Ctrl-C then stops every
    process, and no log holds the personnummer."""
    from api.rasa_client import RasaServers
    from tests.e2e.test_privacy_bot import written_forms

    stack = SupervisedStack(tmp_path)
    sender = "supervised-" + os.urandom(12).hex()
    probes = iter(range(10_000))

    def deadline_answered() -> bool:
        """A deadline question of a new conversation: needs the API, Rasa and the action server."""
        question = f"Anslaget kom upp {dt.date.today() - dt.timedelta(days=5)}, när är sista dagen?"
        try:
            reply = stack.chat(f"probe-{next(probes):04d}-{sender}", question)
        except httpx.TransportError:
            return False
        return reply.status_code == 200 and DEADLINE_ANSWERED in bot_texts(reply.json())

    def say(text: str) -> str:
        reply = stack.chat(sender, text)
        assert reply.status_code == 200, reply.text
        return bot_texts(reply.json())

    own_worker = f"rasa-{stack.rasa_urls.index(RasaServers(stack.rasa_urls).for_conversation(sender)[0]) + 1}"
    next_answers = {  # the form's next answer after each kill, and the question that must follow it
        own_worker: ("FK 2026/012345", "utter_ask_appeal_form_appointee"),
        "actions": ("nej, bara en", "utter_ask_appeal_form_decision_posted_on"),
        "api": ((dt.date.today() - dt.timedelta(days=3)).isoformat(), "utter_ask_appeal_form_grounds"),
    }
    try:
        stack.start()
        reply = say("jag vill överklaga ett anställningsbeslut")
        assert response_text("utter_ask_appeal_form_position") in reply
        reply = say("Handläggare inom sjukförsäkring")
        assert response_text("utter_ask_appeal_form_diarienummer") in reply
        assert stack.chat("pnr-" + sender, f"mitt personnummer är {PERSONNUMMER}").status_code == 200

        killed = {}
        for name, (answer, question) in next_answers.items():
            program = GROUPS.get(name, name)
            killed[program] = pid = stack.supervisor().getProcessInfo(program)["pid"]
            os.kill(pid, signal.SIGKILL)
            stack.wait_for(lambda: reported_down(name, stack.health()), 30, f"/health reports {name} down")
            took = stack.wait_for(deadline_answered, RECOVERY_SECONDS, f"the chat answers after {name}")
            print(f"{name}: killed, answering again after {took:.1f} s")
            assert response_text(question) in say(answer), f"the form after {name} was killed"
        for program, pid in killed.items():  # each was started again, and all of them are back
            stack.wait_for(lambda: stack.supervisor().getProcessInfo(program)["pid"] not in (0, pid),
                           START_TIMEOUT, f"{program} started again")
        stack.wait_for(lambda: (stack.health() or {}).get("status") == "ok", START_TIMEOUT, "/health ok again")

        tracker = httpx.get(
            f"{stack.rasa_urls[0]}/conversations/{sender}/tracker", params={"token": stack.token}, timeout=30,
        ).json()
        slots = tracker["slots"]
        assert slots["position"] == "Handläggare inom sjukförsäkring"
        assert slots["diarienummer"] == "FK 2026/012345"
        assert slots["decision_posted_on"] == next_answers["api"][0]

        processes = stack.descendants()
        assert len(processes) >= 1 + len(PROGRAMS)  # supervisord and its programs
        os.killpg(stack.make.pid, signal.SIGINT)  # Ctrl-C: the terminal signals its foreground group
        stack.make.wait(timeout=120)
        assert not [pid for pid in processes if running(pid)]
    finally:
        if stack.make is not None and stack.make.poll() is None:
            stack.kill_everything()

    logs = sorted((tmp_path / "log").glob("*.log"))
    assert {path.name for path in logs} == {f"{name}.log" for name in PROGRAMS} | {"supervisord.log"}
    for path in logs:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        text = written_forms(path.read_bytes())
        assert "8112189876" not in text and PERSONNUMMER not in text, path.name


@pytest.mark.slow
@pytest.mark.parametrize("options", [[], ["--workers", "2"]], ids=["one process", "two workers"])
def test_uvicorn_starts_the_api_as_fastapi_deploys_it(tmp_path, options):
    """`uvicorn api.main:app` with no other option (the port comes from UVICORN_PORT): the pinned uvicorn
    starts with Rasa's websockets. Rasa is not running here, so /health answers 503 naming it."""
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tmp_path / 'tracker.db'}\n")
    port = free_port()
    nobody = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ, "UVICORN_PORT": str(port), "RASA_ENDPOINTS": str(endpoints), "API_RASA_URL": nobody,
        "API_ACTIONS_URL": nobody, "PNR_SEALING_KEY_FILE": str(tmp_path / "pnr.key"),
    }
    env.pop("PNR_SEALING_KEY", None)
    uvicorn = Path(sys.executable).parent / "uvicorn"
    log = tmp_path / "uvicorn.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [str(uvicorn), "api.main:app", *options], cwd=REPO, env=env, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        started = time.monotonic()
        health = None
        while health is None and time.monotonic() - started < START_TIMEOUT:
            assert server.poll() is None, log.read_text()[-3000:]
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10)
            except httpx.TransportError:
                time.sleep(0.5)
        assert health is not None, f"no answer within {START_TIMEOUT} s"
        assert health.status_code == 503
        assert health.json()["components"] == {
            "api": "ok", "registry": "ok", "rasa": "unavailable", "action_server": "unavailable",
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
