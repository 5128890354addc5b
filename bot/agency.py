"""The employer the conversation is about, as an `agency` entity: a Rasa NLU component.

It reads the message's metadata, entities and text with `actions.agency.agency_to_set` in the light of
the conversation (the tracker Rasa passes to the NLU graph: the current employer, the active form and
the slot it asks for) and adds an `agency` entity only when the slot should change, so the plain
`from_entity` mapping in bot/domain/agency.yml fills it without a call to the action server. Button
payloads (/inform_agency{"agency": key}) bypass this: Rasa's RegexMessageHandler, the last step of the
pipeline, replaces the entities of such a message by the payload's.
"""
from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.agency import AGENCY_SLOT, agency_to_set
from bot.untrained import UntrainedComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class AgencyExtractor(UntrainedComponent, EntityExtractorMixin):
    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """`tracker` is the conversation before these messages; None (or empty) when Rasa parses a
        message outside a conversation (`rasa test nlu`, /model/parse): then no employer is known yet."""
        current = tracker.get_slot(AGENCY_SLOT) if tracker else None
        active_loop = tracker.active_loop_name if tracker else None
        requested = tracker.get_slot(REQUESTED_SLOT) if tracker else None
        for message in messages:
            parsed = {
                "text": message.get(TEXT) or "",
                "metadata": message.get("metadata") or {},
                "entities": message.get(ENTITIES) or [],
            }
            key = agency_to_set(parsed, current, active_loop, requested)
            if key:
                entity = {"entity": AGENCY_SLOT, "value": key, "start": 0, "end": 0, "extractor": self.name}
                message.set(ENTITIES, [*parsed["entities"], entity], add_to_output=True)
        return messages
