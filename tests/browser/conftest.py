"""The whole service for the browser tests: Rasa with the trained model and the action server (as in
stack/rasa_stack.py), the FastAPI app under uvicorn pointed at that Rasa, all on free ports, and
Debian's Chromium driven by Playwright (no browser of Playwright's own is ever downloaded).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from stack.processes import free_port, stop, wait_until_up
from stack.rasa_stack import REPO, START_TIMEOUT, RasaStackWithHttpApi, trained_model

from .chat_page import BOT_TIMEOUT_MS

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


class ApiServer:
    """`uvicorn api.main:app` on a free port, talking to the given Rasa stack."""

    def __init__(self, stack: RasaStackWithHttpApi):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = stack.workdir / "api.log"
        self.env = {
            **stack.env,
            "API_RASA_URL": f"http://127.0.0.1:{stack.rasa_port}",
            "API_RASA_TOKEN": stack.token,
            "API_ACTIONS_URL": f"http://127.0.0.1:{stack.actions_port}",
            "RASA_ENDPOINTS": str(stack.endpoints),  # the store the API erases in is Rasa's
        }
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1",
                 "--port", str(self.port), "--ws", "none"],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        wait_until_up(self._process, f"{self.url}/health", self.log, START_TIMEOUT)

    def stop(self) -> None:
        stop(self._process)
        self._process = None


@pytest.fixture(scope="package")
def service(tmp_path_factory) -> ApiServer:
    stack = RasaStackWithHttpApi(tmp_path_factory.mktemp("browser-stack"), trained_model())
    api = ApiServer(stack)
    try:
        stack.start_actions()
        stack.start_rasa()
        api.start()
        yield api
    finally:
        api.stop()
        stack.stop()


@pytest.fixture(scope="package")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(browser: Browser, service: ApiServer):
    """Opens a tab in a context of its own (so a new conversation) on the running service.
    `bypass_csp=True` lets a test inject a script, which the pages' Content-Security-Policy forbids."""
    contexts: list[BrowserContext] = []

    def open_page(bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=service.url, accept_downloads=True, locale="sv-SE", bypass_csp=bypass_csp
        )
        contexts.append(context)
        context.set_default_timeout(BOT_TIMEOUT_MS)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
