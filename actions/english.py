"""`action_answer_in_english`: the English answer to an English message (bot/english.py).

The answer is the English text of the message's topic (the entity `english_topic`) for the employer in
the `agency` slot (data/faq/en/, hiring_rules.faq.default_english_faq), followed by the note that the
appeal letter itself must be written in Swedish, with the offer to go on in Swedish. A message about
anything else gets the short reply saying what is answered in English.
"""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.english_topics import OTHER_TOPIC, TOPIC_ENTITY
from hiring_rules.faq import default_english_faq

from .named_action import NamedAction

SWEDISH_NOTE = "swedish_note"


def topic_in(message: dict) -> str:
    return next(
        (entity["value"] for entity in message.get("entities") or [] if entity.get("entity") == TOPIC_ENTITY),
        OTHER_TOPIC,
    )


class ActionAnswerInEnglish(NamedAction):
    action_name = "action_answer_in_english"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answers = default_english_faq()
        topic = topic_in(tracker.latest_message)
        replies = [answers.answer(topic, tracker.get_slot("agency"))]
        if topic != OTHER_TOPIC:
            replies.append(answers.answer(SWEDISH_NOTE))
        dispatcher.utter_message(
            text="\n\n".join(reply.text for reply in replies),
            buttons=[{"title": b.title, "payload": b.payload} for reply in replies for b in reply.buttons],
        )
        return []
