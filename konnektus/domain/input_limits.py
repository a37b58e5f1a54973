"""What typed text may be stored: clean, and not longer than a field can sensibly be.

The widgets have `max_chars`, but the services are also called from the command line, the
import and tests, so the limits hold here (issue 13). Control characters are removed from
free text and refused in identifiers (an e-mail address with NUL or ESC in it is not one).
"""

from __future__ import annotations

from konnektus.domain.errors import CodedError, Term
from konnektus.domain.text import MAX_EMAIL_LENGTH, clean_text, has_control_characters, is_email

# field -> the most characters it may hold
LIMITS = {
    "name": 200,  # a person's or staff member's full name
    "email": MAX_EMAIL_LENGTH,
    "phone": 50,  # as the settings form takes the privacy contact's number
    "line": 300,  # one line: a town, a street, a subject, a requester as written
    "reason": 2000,  # why a step was taken, a note on a request
    "text": 10_000,  # a description or a letter's body typed by staff
    "note": 2000,  # what a contact with a person was about (the profile's contact form)
    "purpose": 200,  # the purpose of a disclosure, as the sharing form takes it
    "how": 100,  # how a consent was given or withdrawn ("request 12", "e-mail")
    "address": 500,  # a postal address over several lines (the privacy contact's)
}


class InputRefused(CodedError, ValueError):
    """Typed text that cannot be stored: too long, empty where required, or not an address."""

    codes = ("text_too_long", "text_required", "not_an_email")


def checked(
    value: str | None, field: str, *, multiline: bool = False, required: bool = False
) -> str | None:
    """The value as it may be stored (cleaned), None for nothing typed, or InputRefused."""
    limit = LIMITS[field]
    text = clean_text(value or "", multiline=multiline)
    if not text:
        if required:
            raise InputRefused("text_required", field=Term("input_field", field))
        return None
    if len(text) > limit:
        raise InputRefused(
            "text_too_long", field=Term("input_field", field), limit=limit, length=len(text)
        )
    return text


def checked_email(value: str | None, *, required: bool = False) -> str | None:
    """A valid e-mail address (control characters refused, not removed), or None."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InputRefused("text_required", field=Term("input_field", "email"))
        return None
    if has_control_characters(text) or not is_email(text):
        raise InputRefused("not_an_email", email=clean_text(text)[:80])
    return text
