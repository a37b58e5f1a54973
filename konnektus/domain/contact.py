"""O13: the privacy contact on every letter and export, and the title letters are signed with.

"Functionaris gegevensbescherming" is a legal title (Art. 37 AVG): a letter carries it only
when the agency has appointed one; otherwise it is signed by the Privacyteam.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Final

from konnektus.domain.errors import CodedError

# A function mailbox, not a person's own: letters, exports and the privacy statement stay
# answered when someone leaves or is away (the statement's sallyann@ is a personal one).
DEFAULT_EMAIL = "privacy@konnektus.nl"
# Mailbox names that belong to a function; anything else is read as a person's own mailbox.
FUNCTION_MAILBOXES: Final = frozenset(
    {"privacy", "fg", "dpo", "avg", "gdpr", "gegevensbescherming", "info", "privacyteam",
     "functionaris", "compliance", "security", "juridisch", "legal"}
)  # fmt: skip

_TITLES = {
    True: {"nl": "Functionaris gegevensbescherming", "en": "Data protection officer"},
    False: {"nl": "Privacyteam", "en": "Privacy team"},
}
_CLOSING = {"nl": "Met vriendelijke groet,", "en": "Kind regards,"}
_PHONE = {"nl": "Telefoon", "en": "Phone"}


class InvalidContact(CodedError, ValueError):
    """A contact that cannot be put on a letter; nothing is stored."""


@dataclass(frozen=True)
class PrivacyContact:
    """Who people write to about their data (the settings page and `settings` command)."""

    email: str = DEFAULT_EMAIL
    name: str = ""
    postal_address: str = ""
    phone: str = ""
    dpo_appointed: bool = False

    def __post_init__(self) -> None:
        email = self.email.strip()
        if not email or "@" not in email or " " in email:
            raise InvalidContact("contact_email_invalid", value=self.email)

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> PrivacyContact:
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        if "dpo_appointed" in known:
            known["dpo_appointed"] = str(known["dpo_appointed"]).lower() in ("true", "1", "ja")
        return cls(**known)

    def as_settings(self) -> dict[str, str]:
        return {
            k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in asdict(self).items()
        }

    def with_changes(self, **changes: Any) -> PrivacyContact:
        return replace(self, **changes)

    def title(self, language: str) -> str:
        return _TITLES[self.dpo_appointed]["en" if language == "en" else "nl"]

    def lines(self, language: str) -> list[str]:
        """The contact as lines: title, name, e-mail, phone, postal address (those given)."""
        lang = "en" if language == "en" else "nl"
        lines = [self.title(lang)]
        if self.name.strip():
            lines.append(self.name.strip())
        lines.append(self.email.strip())
        if self.phone.strip():
            lines.append(f"{_PHONE[lang]}: {self.phone.strip()}")
        if self.postal_address.strip():
            lines.extend(part.strip() for part in self.postal_address.split("\n") if part.strip())
        return lines

    def signature(self, language: str) -> str:
        """The close of every letter: greeting, the agency, the title and how to reach us."""
        lang = "en" if language == "en" else "nl"
        return "\n".join([_CLOSING[lang], "", "Konnektus", *self.lines(lang)])

    def one_line(self, language: str) -> str:
        return ", ".join(self.lines(language))


def signature_values(contact: PrivacyContact | str, language: str) -> dict[str, str]:
    """The `$dpo` (the e-mail address to write to) and `$signature` of a letter template."""
    if isinstance(contact, str):
        contact = PrivacyContact(email=contact)
    return {"dpo": contact.email, "signature": contact.signature(language)}


def contact_gaps(contact: PrivacyContact) -> tuple[str, ...]:
    """What the contact lacks for the people who write to it (settings.gap_*): a function
    mailbox (a person's own goes unread when they leave), a phone number, and a postal
    address (for those without e-mail, and for objections by letter)."""
    gaps = []
    local = contact.email.strip().lower().partition("@")[0]
    if local.replace("-", "").replace(".", "") not in FUNCTION_MAILBOXES:
        gaps.append("personal_mailbox")
    if not contact.phone.strip():
        gaps.append("no_phone")
    if not contact.postal_address.strip():
        gaps.append("no_postal_address")
    return tuple(gaps)
