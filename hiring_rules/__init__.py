"""Swedish public-hiring rules: appeal deadlines, re-employment priority, identity numbers,
Swedish date phrases, the employer registry and the appeal letter.

Pure Python: no Rasa or web imports, so the chat actions and the HTTP API call the same functions.
"""
