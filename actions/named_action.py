"""The base of the custom actions that are not forms: the name the domain lists, as a class attribute."""
from __future__ import annotations

import abc
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class NamedAction(Action, abc.ABC):
    """An action named by `action_name`. Abstract (its `run` is), so the action server, which registers
    every concrete subclass of Action it finds, passes over this base."""

    action_name: ClassVar[str]

    def name(self) -> str:
        return self.action_name

    @abc.abstractmethod
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        """The events of the turn, after the messages given to `dispatcher`."""


def latest_intent(tracker: Tracker) -> str | None:
    """The intent NLU gave the user's latest message, if any."""
    return (tracker.latest_message.get("intent") or {}).get("name")
