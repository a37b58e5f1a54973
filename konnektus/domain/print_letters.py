"""Print-ready letters (O6): one HTML file per batch, one letter per A4 page.

For people without an e-mail address, or whose last e-mail bounced, so nobody's data expires
for want of an inbox. The address block sits where a Dutch window envelope (venster links,
C5/6 or DL) shows it: name, street, postcode and town at the top left. Every value a person
or a member of staff typed is escaped; the file is plain HTML a browser prints as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from konnektus.domain.text import full_name

# A4 with the address window 20 mm from the left, 45 mm from the top, 90 x 45 mm.
_STYLE = """
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #000; }
.letter { position: relative; width: 210mm; height: 297mm; overflow: hidden;
  page-break-after: always; break-after: page; }
.letter:last-child { page-break-after: auto; break-after: auto; }
.sender { position: absolute; top: 15mm; left: 20mm; font-size: 8pt; }
.window { position: absolute; top: 45mm; left: 20mm; width: 90mm; height: 45mm;
  padding: 4mm; line-height: 1.35; }
.meta { position: absolute; top: 100mm; left: 20mm; right: 20mm; font-size: 9pt; }
.content { position: absolute; top: 120mm; left: 20mm; right: 20mm; }
.content h1 { font-size: 12pt; margin: 0 0 6mm 0; }
.content p { white-space: pre-wrap; margin: 0; }
@media screen { body { background: #ddd; } .letter { background: #fff; margin: 10mm auto; } }
"""


@dataclass(frozen=True)
class PrintLetter:
    """One letter as printed: the address block and the text of the outbox letter."""

    name: str
    street: str | None
    postcode: str | None
    city: str | None
    reference: str
    reference_label: str  # "Uw kenmerk" / "Your reference"
    language: str
    dated: str  # the date as written in the letter's language
    subject: str
    body: str

    @classmethod
    def to_person(
        cls,
        person: Mapping[Any, Any],
        *,
        language: str,
        reference_label: str,
        dated: str,
        subject: str,
        body: str,
    ) -> PrintLetter:
        """The printed letter to a person row (name, street, postcode, city, reference)."""
        return cls(
            name=full_name(person["given_name"], person["tussenvoegsel"], person["family_name"]),
            street=text_or_none(person["street"]),
            postcode=text_or_none(person["postcode"]),
            city=text_or_none(person["city"]),
            reference=str(person["reference"]),
            reference_label=reference_label,
            language=language,
            dated=dated,
            subject=subject,
            body=body,
        )


def text_or_none(value: object) -> str | None:
    """A stored text, or None for a missing one (NULL, NaN, empty)."""
    return value if isinstance(value, str) and value else None


def _address_lines(letter: PrintLetter) -> list[str]:
    town = " ".join(part for part in (letter.postcode, letter.city) if part)
    return [line for line in (letter.name, letter.street, town) if line]


def _letter_html(letter: PrintLetter, sender: str) -> str:
    address = "<br>".join(escape(line) for line in _address_lines(letter))
    return (
        f'<section class="letter" lang="{escape(letter.language)}">'
        f'<div class="sender">{escape(sender)}</div>'
        f'<div class="window">{address}</div>'
        f'<div class="meta">{escape(letter.dated)}<br>'
        f"{escape(letter.reference_label)}: {escape(letter.reference)}</div>"
        f'<div class="content"><h1>{escape(letter.subject)}</h1>'
        f"<p>{escape(letter.body)}</p></div>"
        "</section>"
    )


def render_print_batch(letters: Sequence[PrintLetter], *, title: str, sender: str) -> str:
    """The whole batch as one HTML document, each letter on its own page."""
    pages = "\n".join(_letter_html(letter, sender) for letter in letters)
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{pages}\n</body></html>\n"
    )
