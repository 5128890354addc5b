"""What the assistant tells the web front besides text: a Rasa `custom` message (`json_message` in an
action) that the chat proxy (api/routers/chat.py) acts on and never passes to the browser."""

# After a confirmed "avbryt" of the appeal form (actions/appeal_form.py): erase the conversation's
# stored events once the turn is saved, so nothing typed in the form stays in the tracker store.
ERASE_CONVERSATION = {"signal": "erase_conversation"}
