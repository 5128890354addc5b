"""A letter as the HTTP answer: rendered in the asked format, downloaded, never cached; the appeal with
the link to its deadline's calendar file. Shared by the letter routes and the chat's letter download."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import datetime as dt
from typing import Any, Callable

from fastapi import Request, Response

from hiring_rules import letter, letter_render
from hiring_rules.agencies import Registry


def with_calendar_link(appeal: letter.AppealLetter, request: Request) -> letter.AppealLetter:
    """The appeal with the address of its deadline's calendar file, when the deadline is known and
    ahead."""
    if not appeal.calendar_wanted:
        return appeal
    url = request.url_for("deadline_calendar").include_query_params(
        posted_on=appeal.deadline.posted_on.isoformat(), agency=appeal.agency.key
    )
    return dataclasses.replace(appeal, calendar_url=str(url))


def letter_response(document: letter_render.Letter, fmt: str) -> Response:
    """The rendered letter as a download."""
    return Response(
        content=letter_render.render(document, fmt),
        media_type=letter_render.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{document.file_name(fmt)}"',
            "Cache-Control": "no-store",  # a letter holds personal data: no copies in caches
        },
    )


@dataclass(frozen=True)
class LetterOrder:
    """What every letter route takes besides the letter's fields (api.dependencies.get_letter_order):
    the format asked for, today's date and the employer registry."""

    fmt: str
    today: dt.date
    registry: Registry

    def file(self, build: Callable[[Any, dt.date, Registry], letter_render.Letter], request: Any) -> Response:
        """The letter `build` writes from `request`, as the download in the format asked for."""
        return letter_response(build(request, self.today, self.registry), self.fmt)
