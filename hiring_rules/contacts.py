"""An employer's HR contacts as one Swedish sentence for a chat answer."""
from __future__ import annotations

from . import messages
from .agencies import HrContacts


def describe_hr_contacts(contacts: HrContacts) -> str:
    """"HR Helpdesk, telefon 010-123 45 67, e-post hr@x.se. Note." — only the parts the registry gives."""
    parts = [contacts.name] if contacts.name else []
    if contacts.phone:
        parts.append(messages.HR_CONTACT_PHONE.format(phone=contacts.phone))
    if contacts.email:
        parts.append(messages.HR_CONTACT_EMAIL.format(email=contacts.email))
    sentences = [", ".join(parts) + "."] if parts else []
    if contacts.note:
        sentences.append(contacts.note)
    return " ".join(sentences)
