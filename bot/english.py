"""English messages, marked as such: a Rasa NLU component.

The assistant speaks Swedish and DIET is trained on Swedish. A message that bot/language.py finds surely
English becomes the intent `english`, whatever DIET made of it, with its topic as the entity
`english_topic`; the rule in data/rules/english.yml answers it with `action_answer_in_english`
(actions/english.py) from the English answers (data/faq/en/). The topic is read by
bot.english_topics.topic_of, a few English phrases per core topic, because DIET knows no English.

The recogniser alone decides: DIET learns `english` from a handful of examples (data/nlu/english.yml,
there so the domain's intent has training data), and when it predicts `english` for a message the
recogniser does not take for English, the message gets DIET's best other intent. A Swedish message is
never answered in English.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_decision import decide_on_evidence, set_intent
from bot.english_topics import TOPIC_ENTITY, topic_of
from bot.language import is_english
from bot.untrained import UntrainedComponent

ENGLISH_INTENT = "english"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EnglishMessage(UntrainedComponent, IntentClassifier):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            if is_english(text):
                decide_on_evidence(message, ENGLISH_INTENT)
                entity = {"entity": TOPIC_ENTITY, "value": topic_of(text), "start": 0, "end": len(text),
                          "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == ENGLISH_INTENT:
                swedish = next((r for r in ranking if r.get("name") != ENGLISH_INTENT), None)
                if swedish is not None:
                    set_intent(message, swedish, [r for r in ranking if r.get("name") != ENGLISH_INTENT])
        return messages
