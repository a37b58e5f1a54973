"""`settings` and `statement` on the command line, as new processes."""

from __future__ import annotations

from pathlib import Path

from konnektus.db.database import Database
from tests.test_cli import cli


def test_settings_show_set_and_refuse_a_bad_address(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    assert cli("init", "--db", db).returncode == 0
    shown = cli("settings", "--db", db)
    assert shown.returncode == 0, shown.stderr
    # a new installation: a function mailbox, and no DPO on the staff list yet
    assert "Privacyteam" in shown.stdout and "privacy@konnektus.nl" in shown.stdout
    assert "erasure: 1 month(s), at most 2 when extended" in shown.stdout
    assert "access: 1 month(s), at most 3 when extended" in shown.stdout
    changed = cli("settings", "set", "--db", db, "--contact-name", "S. Jansen")
    assert changed.returncode == 0, changed.stderr
    assert "Privacyteam" in changed.stdout and "S. Jansen" in changed.stdout
    refused = cli("settings", "set", "--db", db, "--contact-email", "geen adres")
    assert refused.returncode != 0 and "geen bruikbaar e-mailadres" in refused.stderr
    widened = cli("settings", "set", "--db", db, "--erasure-extension-months", "3")
    assert widened.returncode == 0, widened.stderr
    assert "erasure: 1 month(s), at most 3 when extended" in widened.stdout
    too_long = cli("settings", "set", "--db", db, "--erasure-extension-months", "4")
    assert too_long.returncode != 0 and "1 tot 3 kalendermaanden" in too_long.stderr
    assert "erasure: 1 month(s), at most 3 when extended" in cli("settings", "--db", db).stdout
    assert "Medical data after the last employment (Art. 5(1)(e)): 3 calendar" in shown.stdout
    medical = cli("settings", "set", "--db", db, "--medical-months", "6")
    assert medical.returncode == 0, medical.stderr
    assert "Medical data after the last employment (Art. 5(1)(e)): 6 calendar" in medical.stdout
    too_long = cli("settings", "set", "--db", db, "--medical-months", "13")
    assert too_long.returncode != 0 and "kies 0 tot en met 12 maanden" in too_long.stderr


def test_statement_writes_the_article_15_answer_of_one_person(
    demo_path: Path, tmp_path: Path
) -> None:
    # someone whose data went outside the EEA, so the answer has its Art. 15(2) section
    db = Database.open(demo_path)
    reference, recipient = db.query(
        "SELECT p.reference, r.name FROM disclosure d JOIN person p ON p.id = d.person_id"
        " JOIN recipient r ON r.id = d.recipient_id WHERE r.country NOT IN ('NL', 'BE', 'DE')"
        " ORDER BY p.reference LIMIT 1"
    )[0]
    db.close()
    out = tmp_path / "statement.html"
    made = cli("statement", "--db", str(demo_path), reference, "--out", str(out))
    assert made.returncode == 0, made.stderr
    html = out.read_text("utf-8")
    assert "data-art='15(2)'" in html and recipient in html
