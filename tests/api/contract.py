"""What the API tests share: a valid body of the appeal letter, the eligibility and the deadline routes,
and the check that a 422 holds one error, about the field named, in Swedish."""
from api.errors import FIELD_LABELS

PERSONNUMMER = "19850709-9805"
LETTER = {
    "agency": "forsakringskassan",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
    "personnummer": PERSONNUMMER,
    "position": "Handläggare sjukpenning",
    "diarienummer": "FK 2026/012345",
    "grounds": "Jag har längre erfarenhet av handläggning och bättre utbildning än den som anställdes.",
}
ELIGIBILITY = {
    "termination_reason": "arbetsbrist",
    "employment_type": "tillsvidare",
    "months_employed": 13,
    "employment_ended_on": "2026-05-31",
    "today": "2026-06-01",
}
DEADLINE = {"posted_on": "2026-05-29", "today": "2026-06-01"}


def only_error(response, field: str) -> str:
    """The single 422 error item's message, checked to be about `field` and to name it in Swedish."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert [item["field"] for item in detail] == [field]
    assert detail[0]["message"].startswith(f"{FIELD_LABELS.get(field, field)}: ")
    return detail[0]["message"]
