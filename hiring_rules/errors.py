"""The one exception type the core raises for bad input.

`field` names the input in English (the API and form slot name); `message` is the Swedish text a user
reads. Every message text lives in `hiring_rules.messages`.
"""


class InvalidInput(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
