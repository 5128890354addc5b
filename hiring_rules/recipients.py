"""The "how to send it" sentence of a letter to an employer, from what the registry gives for the
letter's recipient: e-mail and post, e-mail only, post only, or no address at all."""
from __future__ import annotations

from dataclasses import dataclass

from . import messages
from .agencies import Agency, Recipient
from .contacts import describe_hr_contacts


@dataclass(frozen=True)
class SendingTexts:
    """One letter's four wordings (in `messages`); placeholders {email}, {agency}, {contacts}."""

    email_and_post: str
    email_only: str
    post_only: str
    no_address: str

    @classmethod
    def of_letter(cls, letter: str) -> "SendingTexts":
        """The four wordings `messages` names `<letter>_SEND_EMAIL`, `_SEND_EMAIL_ONLY`, `_SEND_POST_ONLY`
        and `_SEND_NO_ADDRESS`; a missing one stops the import."""
        return cls(
            email_and_post=getattr(messages, f"{letter}_SEND_EMAIL"),
            email_only=getattr(messages, f"{letter}_SEND_EMAIL_ONLY"),
            post_only=getattr(messages, f"{letter}_SEND_POST_ONLY"),
            no_address=getattr(messages, f"{letter}_SEND_NO_ADDRESS"),
        )


def sending_step(agency: Agency, recipient: Recipient, texts: SendingTexts) -> str:
    if recipient.email and recipient.has_postal_address:
        return texts.email_and_post.format(email=recipient.email)
    if recipient.email:
        return texts.email_only.format(email=recipient.email)
    if recipient.has_postal_address:
        return texts.post_only.format(agency=agency.display_name)
    return texts.no_address.format(
        agency=agency.display_name, contacts=describe_hr_contacts(agency.hr_contacts)
    )
