"""The rasa-sdk action server (`rasa run actions --actions actions`): thin adapters from the assistant's
slots to the rules core in `hiring_rules`."""
