"""Every response an action names by its key is in the bot's domain: a missing one is only found when
a user reaches that turn (Rasa then sends nothing)."""
import re
from pathlib import Path

from rasa.shared.core.domain import Domain

REPO = Path(__file__).resolve().parents[2]
_NAMED = re.compile(r'response="(utter_[\w/]+)"')


def test_every_response_named_by_an_action_is_in_the_domain():
    named = {name for path in (REPO / "actions").glob("*.py") for name in _NAMED.findall(path.read_text())}
    assert named  # the pattern still finds the actions' responses
    responses = Domain.load(str(REPO / "bot" / "domain")).responses
    assert sorted(named - set(responses)) == []
