"""Rasa's WhitespaceTokenizer, with each word's lemma folded: lower case, without diacritics.

People in a chat often type without å, ä and ö ("ar det for sent att overklaga?"). The training data
is written with them, and to the CountVectorsFeaturizers, which read a token's lemma, "överklaga" and
"overklaga" would be two unrelated words (the character n-grams share only part of them). With the
lemma folded (hiring_rules.swedish_terms.fold) both spellings are one feature, in training and in
prediction alike. The token's text stays as written: the LexicalSyntacticFeaturizer, the entity
offsets and every component reading the message see what the user typed.
"""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from hiring_rules.swedish_terms import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = fold(token.text)
        return tokens
