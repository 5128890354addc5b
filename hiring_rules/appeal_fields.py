"""The fields of an appeal, declared once: name, label, whether the letter needs it, and the order the
chat asks for them in.

The chat's form (`appeal_form` in bot/domain/appeal.yml, actions/appeal_form.py), the letter request
(`letter.AppealRequest`), the HTTP API's `LetterRequest` (api/schemas.py) and the read-back of a
confirmed letter from the tracker (api/tracker_client.py) all take their fields from here;
tests/hiring_rules/test_appeal_fields.py checks that they agree. The labels are the Swedish ones of
`messages.FIELD_LABELS`, which every error message names a field by.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import messages


@dataclass(frozen=True)
class AppealField:
    name: str  # the API field and the chat slot of the same name
    required: bool  # False: the letter is written without it

    @property
    def label(self) -> str:
        return messages.FIELD_LABELS[self.name]


# In the order the chat asks: the employer first (a kommun ends the form there), the decision, the
# grounds, then who appeals.
APPEAL_FIELDS = (
    AppealField("agency", required=True),
    AppealField("position", required=True),
    AppealField("diarienummer", required=True),
    AppealField("appointee", required=False),
    AppealField("decision_posted_on", required=False),
    AppealField("grounds", required=True),
    AppealField("full_name", required=True),
    AppealField("address", required=True),
    AppealField("personnummer", required=True),
)
FIELD_NAMES = tuple(appeal_field.name for appeal_field in APPEAL_FIELDS)
