"""The answer to an access request, checked as a privacy lawyer would: every point of
Art. 15(1)(a)-(h) and 15(2), the consultations of CJEU C-579/21, files that explain themselves,
and a delivery that is safe and truthful.

The statement of demo person K0001880 (a former employee with holds, consents and a disclosure
to the UK) is kept as a golden file: `UPDATE_GOLDEN=1 pytest tests/services/test_access_answer.py`
rewrites it after a deliberate change; read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from datetime import datetime
from html import escape
from pathlib import Path

import pytest
import pyzipper

from konnektus.db.database import Database
from konnektus.domain.access_answer import ARTICLE_15_CHECKLIST
from konnektus.domain.permissions import Role
from konnektus.services import export as export_service
from konnektus.services import export_delivery, sharing
from konnektus.services import requests as desk
from konnektus.services.profile import reveal_item
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)
GOLDEN = Path(__file__).with_name("golden") / "statement_K0001880.html"
RICH_PERSON = "K0001880"
UK_BOARD = 10


def person_id(db: Database, reference: str = RICH_PERSON) -> int:
    return int(db.query("SELECT id FROM person WHERE reference = ?", [reference])[0][0])


def started_access_request(db: Database, pid: int) -> int:
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db,
        dpo,
        request_type="access",
        channel="web_form",
        received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=pid,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def answer_of(db: Database, pid: int, **how: str) -> tuple[export_service.ExportFile, int]:
    request_id = started_access_request(db, pid)
    dpo = demo_member(db, Role.DPO)
    return export_service.export_for_request(db, dpo, request_id, now=NOW, **how), request_id


def opened(exported: export_service.ExportFile) -> zipfile.ZipFile:
    assert exported.password is not None
    archive = pyzipper.AESZipFile(io.BytesIO(exported.content))
    archive.setpassword(exported.password.encode())
    return archive


def section(html: str, art: str) -> str:
    found = re.search(rf"<section data-art='{re.escape(art)}'>(.*?)</section>", html, re.S)
    assert found, f"no section for Art. {art}"
    return found.group(1)


@pytest.fixture
def rich_statement(demo_db: Database) -> str:
    pid = person_id(demo_db)
    # back office looked at the BSN once: a consultation the person must learn about
    backoffice = demo_member(demo_db, Role.BACKOFFICE)
    item = demo_db.query(
        "SELECT id FROM personal_data_item WHERE person_id = ? AND category = 'bsn'", [pid]
    )[0][0]
    reveal_item(demo_db, backoffice, int(item), now=datetime(2026, 11, 20, 10))
    # and sent the certificate-of-conduct check to the UK board, on its own consent: a transfer
    # outside the EEA under the UK adequacy decision (Art. 15(2))
    consent = demo_db.query(
        "SELECT id FROM consent WHERE person_id = ? AND purpose = 'criminal_record_check'", [pid]
    )[0][0]
    sharing.register_disclosure(
        demo_db, backoffice, pid, UK_BOARD, ("identity_document", "criminal_record_consent"),
        "criminal_record_check", "consent", int(consent), now=datetime(2026, 11, 20, 11),
    )  # fmt: skip
    exported, _ = answer_of(demo_db, pid)
    return opened(exported).read("statement.html").decode()


def test_the_statement_of_a_rich_demo_person_matches_its_golden_file(rich_statement: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(rich_statement, "utf-8")
    assert rich_statement == GOLDEN.read_text("utf-8")


def test_every_point_of_article_15_has_its_section(rich_statement: str) -> None:
    for art, _ in ARTICLE_15_CHECKLIST:
        assert section(rich_statement, art if art != "C-579/21" else "consultations")


def test_15_1_a_names_each_purpose_with_its_legal_basis(rich_statement: str) -> None:
    purposes = section(rich_statement, "15(1)(a)")
    for purpose, basis in (
        ("bemiddeling naar werk", "gerechtvaardigd belang / toestemming"),  # letters / CV
        ("loonadministratie", "wettelijke verplichting"),
        ("loonbetaling", "overeenkomst"),
        ("VOG-aanvraag of screening", "toestemming"),  # disclosures: the purpose's words
        ("loonbetaling en loonadministratie", "wettelijke verplichting"),
        ("bemiddeling naar werk (voordracht)", "overeenkomst"),  # the proposals
    ):
        assert f"<td>{purpose}</td><td>{basis}</td>" in purposes


def test_15_1_b_lists_every_item_with_its_own_legal_basis_and_source(
    demo_db: Database, rich_statement: str
) -> None:
    data = section(rich_statement, "15(1)(b)")
    items = demo_db.query(
        "SELECT value, legal_basis FROM personal_data_item WHERE person_id = ?",
        [person_id(demo_db)],
    )
    words = {"consent": "toestemming", "contract": "overeenkomst"}
    words |= {"legal_obligation": "wettelijke verplichting"}
    words |= {"legitimate_interest": "gerechtvaardigd belang"}
    for value, basis in items:
        row = re.search(rf"<tr><td>[^<]*</td><td>{re.escape(value)}</td>(.*?)</tr>", data)
        assert row, value
        assert f"<td>{words[basis]}</td>" in row.group(1), value
    assert "strafrechtelijk gegeven (art. 10 AVG)" in data
    assert "Offshore technicus" in data and "Adriaansen &amp; Nihoe" in data  # proposal, client


def test_15_1_c_and_15_2_name_recipients_with_country_and_the_uk_safeguard(
    rich_statement: str,
) -> None:
    recipients = section(rich_statement, "15(1)(c)")
    assert "Security Clearance Board UK" in recipients
    assert "Verenigd Koninkrijk (GB)" in recipients and "Nederland (NL)" in recipients
    transfers = section(rich_statement, "15(2)")
    assert "Security Clearance Board UK in Verenigd Koninkrijk (GB): adequaatheidsbesluit" in (
        transfers
    )


def test_15_1_d_gives_the_actual_hold_dates_and_a_period_for_every_record(
    rich_statement: str,
) -> None:
    retention = section(rich_statement, "15(1)(d)")
    # employment ended 1 October 2024: ID copy to 31 Dec 2029, payroll to 31 Dec 2031
    assert "31 december 2029" in retention and "31 december 2031" in retention
    assert "vijf volle kalenderjaren na het jaar waarin het eindigde" in retention
    assert "zeven jaar vanaf het einde van het jaar waarin het eindigde" in retention
    for record in ("voordrachten", "toestemmingen", "verstrekkingen aan derden", "uw verzoeken"):
        assert f"<td>{record}" in retention, record
    assert "brieven en e-mails aan u" in retention


def test_15_1_e_to_h_rights_complaint_source_and_automated_decisions(rich_statement: str) -> None:
    assert "Bezwaar tegen de verwerking" in section(rich_statement, "15(1)(e)")
    assert "Autoriteit Persoonsgegevens" in section(rich_statement, "15(1)(f)")
    sources = section(rich_statement, "15(1)(g)")
    assert "via onze website" in sources and "van een referent" in sources
    assert "gecontroleerd bij de onderwijsinstelling" in sources
    assert "uitsluitend op geautomatiseerde verwerking" in section(rich_statement, "15(1)(h)")


def test_consultations_come_from_the_audit_log_by_role_never_by_name(
    demo_db: Database, rich_statement: str
) -> None:
    consulted = section(rich_statement, "consultations")
    assert "<td>20 november 2026</td><td>Backoffice</td>" in consulted
    assert "uw verzoek om inzage" in consulted
    for (name,) in demo_db.query("SELECT name FROM staff"):
        assert name not in consulted


def test_the_privacy_contact_is_in_the_statement(rich_statement: str) -> None:
    assert "privacy@konnektus.nl" in section(rich_statement, "controller")


def test_data_json_explains_itself(demo_db: Database) -> None:
    exported, _ = answer_of(demo_db, person_id(demo_db))
    archive = opened(exported)
    document = json.loads(archive.read("data.json"))
    tables = document["tables"]
    assert document["about"]["contact"]["email"] == "privacy@konnektus.nl"
    assert all(r["recipient_name"] and r["recipient_country"] for r in tables["disclosure"])
    assert all(r["client_name"] for r in tables["employment"])
    assert all(r["vacancy_title"] and r["client_name"] for r in tables["proposal"])
    person = tables["person"][0]
    assert not [column for column in person if column.endswith("_key")]
    assert person["date_of_birth"] == "1982-03-29"  # a date, not a midnight timestamp
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", person["created_at"])
    assert document["glossary"]["category"]["bsn"] == "burgerservicenummer (BSN)"
    assert document["table_descriptions"]["disclosure"] == "verstrekkingen aan derden"
    header = archive.read("csv/disclosure.csv").decode().splitlines()[0]
    assert "recipient_name" in header and "recipient_country" in header


def test_the_zip_cannot_be_read_without_its_password(demo_db: Database) -> None:
    exported, _ = answer_of(demo_db, person_id(demo_db))
    with pytest.raises(RuntimeError):
        zipfile.ZipFile(io.BytesIO(exported.content)).read("data.json")


def test_the_cover_e_mail_says_the_file_is_attached_and_the_password_comes_apart(
    demo_db: Database,
) -> None:
    exported, request_id = answer_of(demo_db, person_id(demo_db), password_channel="sms")
    kind, body, email = demo_db.query(
        "SELECT kind, body, recipient_email FROM letter WHERE request_id = ?", [request_id]
    )[0]
    assert kind == "access_cover" and email
    assert exported.filename in body and "per sms" in body
    assert "Geachte heer/mevrouw" in body and "Bijgaand" not in body
    assert exported.password not in body


def test_by_post_the_letter_says_the_printout_is_in_the_envelope(demo_db: Database) -> None:
    exported, request_id = answer_of(demo_db, person_id(demo_db), delivery="post")
    assert exported.password is None and exported.content.startswith(b"<!doctype html>")
    kind, body, status = demo_db.query(
        "SELECT kind, body, delivery_status FROM letter WHERE request_id = ?", [request_id]
    )[0]
    assert (kind, status) == ("access_cover_post", "not_applicable")
    assert "In deze envelop" in body and "bijlage" not in body.lower()


def test_the_answer_is_kept_with_the_request_until_it_is_delivered(demo_db: Database) -> None:
    exported, request_id = answer_of(demo_db, person_id(demo_db))
    dpo = demo_member(demo_db, Role.DPO)
    kept = export_delivery.stored_export(demo_db, dpo, request_id)
    assert kept is not None and bytes(kept["content"]) == exported.content
    # the password alone is not delivery: the e-mail with the file has not gone out yet
    assert not export_delivery.record_password_sent(
        demo_db, dpo, request_id, "phone", seen_export=exported.sha256, now=NOW
    )
    with demo_db.transaction() as cur:
        letter_id = int(kept["letter_id"])
        cur.execute("UPDATE letter SET delivery_status = 'sent' WHERE id = ?", [letter_id])
        export_delivery.after_letter_sent(cur, letter_id, NOW, "system")
    kept = export_delivery.stored_export(demo_db, dpo, request_id)
    assert kept is not None and kept["delivered_at"] == NOW and kept["content"] is None
    assert kept["sha256"] and kept["size_bytes"] == len(exported.content)
    with pytest.raises(desk.RequestError) as refused:
        export_service.export_for_request(demo_db, dpo, request_id, now=NOW)
    assert refused.value.code == "export_already_delivered"


def test_without_an_e_mail_address_only_post_is_offered(demo_db: Database) -> None:
    pid = person_id(demo_db)
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET email = NULL WHERE id = ?", [pid])
    request_id = started_access_request(demo_db, pid)
    with pytest.raises(desk.RequestError) as refused:
        export_service.export_for_request(
            demo_db, demo_member(demo_db, Role.DPO), request_id, now=NOW
        )
    assert refused.value.code == "export_needs_email"


def test_the_access_answer_of_a_person_with_a_proposal_names_the_client_as_a_recipient(
    demo_db: Database,
) -> None:
    """Issue 19: a proposal sent the CV to the client, so 15(1)(c) names the client as a
    recipient, as opdrachtgever, with what went there and on which ground."""
    pid = int(
        demo_db.query(
            "SELECT min(p.id) FROM person p JOIN proposal pr ON pr.person_id = p.id"
            " WHERE p.stage = 'proposed' AND p.erased_at IS NULL AND p.restricted_since IS NULL"
        )[0][0]
    )
    clients = [
        str(r[0])
        for r in demo_db.query(
            "SELECT DISTINCT c.name FROM proposal pr JOIN vacancy v ON v.id = pr.vacancy_id"
            " JOIN client c ON c.id = v.client_id WHERE pr.person_id = ?",
            [pid],
        )
    ]
    exported, _ = answer_of(demo_db, pid)
    recipients = section(opened(exported).read("statement.html").decode(), "15(1)(c)")
    for name in clients:
        row = re.search(rf"<tr><td>{re.escape(escape(name))}</td>(.*?)</tr>", recipients)
        assert row, name
        assert "<td>opdrachtgever</td>" in row.group(1)
        assert "cv, contactgegevens (naam, e-mail, telefoon)" in row.group(1)
        assert "<td>overeenkomst</td>" in row.group(1)
