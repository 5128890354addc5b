"""Slots that the NLU components (bot/) and the actions both read; free of Rasa and rasa-sdk imports."""

# True from a företrädesrätt verdict until the next walk-through starts or is stopped: the verdict's
# answers are still in their slots, so "och om det hade varit säva?" can be answered by changing one.
REEMPLOYMENT_ASSESSED_SLOT = "reemployment_assessed"
