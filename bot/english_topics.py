"""What an English message asks about: a small phrase reader, because DIET is trained on Swedish.

Pure Python, shared by the NLU component (bot/english.py), which adds the topic as an entity, and the
action that answers it (actions/english.py).
"""
from __future__ import annotations

import re

from hiring_rules.swedish_terms import fold

TOPIC_ENTITY = "english_topic"
OTHER_TOPIC = "other_topic"  # the answer of data/faq/en/general.yml to anything else
# The core topics (items of data/faq/en/) in the order they are tried, each with the phrases that name it
# (lower case, å/ä/ö folded). Re-employment first: "dismissed ... can I appeal?" is about priority
# before appeals; "how long"/"when" before the address; an e-mail address about an appeal is the
# address, any other contact question is HR.
TOPICS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (topic, re.compile(pattern))
    for topic, pattern in (
        ("reemployment", r"re-?\s?employ|re-?\s?hir|priority|preferential|foretradesratt|laid off|lay-?off"
                         r"|redundan|lack of work|dismiss"),
        ("appeal_deadline", r"deadline|how long|how much time|last day|how many (?:days|weeks)|three weeks"
                            r"|3 weeks|too late|in time|time limit|missed|\bcount|appeal period|posted"
                            r"|notice board|when (?:is|does|do|must|should|can)\b|starts? (?:from|counting)"),
        ("appeal_address", r"address|where (?:do|should|can|to|must) i send|send (?:my|the|an|it|in)\b"
                           r"|envelope|by (?:e-?mail|post|mail)\b|postal"),
        ("contact_hr", r"\bhr\b|human resources|contact|talk to|speak (?:to|with)|\bcall\b|phone|\breach\b"
                       r"|get in touch|recruiter|e-?mail (?:to|address|of|for)\b|who (?:should|can|do) i ask"),
        ("appeal_how", r"appeal|complain|challenge|overklag|didn'?t get|did not get|not (?:selected|chosen)"
                       r"|rejected|someone else got|board"),
    )
)


def topic_of(text: str) -> str:
    """The core topic an English message asks about, or OTHER_TOPIC.

    >>> topic_of("How long do I have to appeal?")
    'appeal_deadline'
    >>> topic_of("What is the weather like in Karlstad?")
    'other_topic'
    """
    folded = fold(text)
    return next((topic for topic, pattern in TOPICS if pattern.search(folded)), OTHER_TOPIC)
