"""The personal data a page or a file must never show: every person's full name, e-mail
address and BSN, and every requester's name and address, read from the database."""

from __future__ import annotations

import io
import zipfile

from konnektus.db.database import Database


def personal_values(db: Database) -> set[str]:
    names = {
        " ".join(part for part in (given, between, family) if part)
        for given, between, family in db.query(
            "SELECT given_name, tussenvoegsel, family_name FROM person"
        )
    }
    emails = {e for (e,) in db.query("SELECT email FROM person WHERE email IS NOT NULL")}
    bsns = {v for (v,) in db.query("SELECT value FROM personal_data_item WHERE category = 'bsn'")}
    requesters = {
        value
        for row in db.query("SELECT requester_name, requester_email FROM request")
        for value in row
        if value
    }
    return {v for v in names | emails | bsns | requesters if len(v) >= 6}


def found_in(text: str, values: set[str]) -> list[str]:
    return sorted(v for v in values if v in text)


def xlsx_text(content: bytes) -> str:
    """Every string and number stored in a workbook, as one text."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return "\n".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")
        )
