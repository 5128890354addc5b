"""What the letter tests share: the applicant every personal letter is written for, and the check that
a request is refused with a Swedish message about the field named."""
from typing import Callable

import pytest

from hiring_rules.errors import InvalidInput

APPLICANT = {
    "agency": "forsakringskassan",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1\n652 24 KARLSTAD",
    "personnummer": "870512-1005",
    "position": "Handläggare inom sjukpenning",
}


def refusal(build: Callable[[], object], field: str) -> str:
    """The message of the InvalidInput `build()` raises, checked to be about `field`."""
    with pytest.raises(InvalidInput) as caught:
        build()
    assert caught.value.field == field
    return caught.value.message
