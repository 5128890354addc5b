"""axe-core (pinned in package-lock.json; `make test` runs `npm ci`) on the chat page, before and after
an exchange of messages, and on the HR search page with results: no serious or critical violation."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from stack.rasa_stack import REPO

from .chat_page import ChatPage

pytestmark = pytest.mark.slow

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `make test`)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document)")
    assert results["passes"], "axe checked nothing"
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page) -> None:
    violations = blocking_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=2)


def test_the_chat_page_has_no_serious_violations(open_page):
    page = open_page(bypass_csp=True)
    chat = ChatPage(page).open()
    assert_accessible(page)
    chat.say("vad kan du hjälpa till med?")
    assert_accessible(page)


def test_the_hr_page_with_results_has_no_serious_violations(open_page):
    page = open_page(bypass_csp=True)
    page.goto("/hr?q=intervju")
    expect(page.locator("#resultat .hit").first).to_be_visible()
    assert_accessible(page)
