"""The sharing page under AppTest for every role, on a real demo database (O7, O8)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "sharing.py"
REFERENCE = re.compile(r"K\d{7}")
EXPIRED_PROCESSOR = 16


def page_as(db_path: Path, role: Role) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role))
    # the whole demo history, so the figures do not depend on the day the tests run
    at.session_state["sh_from"] = date(2000, 1, 1)
    return at.run()


def shown_text(at: AppTest) -> str:
    """Everything the page put on screen as text: tables, text, captions, choice labels."""
    parts: list[str] = []
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for element in (*at.text, *at.markdown, *at.caption, *at.metric, *at.subheader):
        parts.append(str(element.value))
    for box in at.selectbox:
        parts.extend(str(o) for o in box.options)
    return "\n".join(parts)


def tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_summaries_and_the_register(use_db: Path, role: Role) -> None:
    at = page_as(use_db, role)
    assert not at.exception and not error_texts(at)
    assert at.title[0].value == translate("sharing.title", "nl")
    assert [m.label for m in at.metric[:5]] == [
        translate(f"sharing.metric_{k}", "nl")
        for k in ("disclosures", "on_time", "not_notified", "deferred", "without_agreement")
    ]
    assert len(at.get("vega_lite_chart")) == 2
    assert translate("sharing.tab_register", "nl") in tab_labels(at)


def test_management_sees_figures_and_charts_but_no_person(use_db: Path) -> None:
    at = page_as(use_db, Role.MANAGEMENT)
    assert tab_labels(at) == [
        translate("sharing.tab_summary", "nl"),
        translate("sharing.tab_register", "nl"),
    ]
    text = shown_text(at)
    assert not REFERENCE.search(text)
    db = Database.open(use_db)
    names = db.query(
        "SELECT DISTINCT p.given_name || ' ' || p.family_name FROM disclosure d"
        " JOIN person p ON p.id = d.person_id LIMIT 200"
    )
    assert not [n for (n,) in names if n in text]
    assert [b.key for b in at.button] == ["sign_out"]  # no register actions, no form
    assert not at.text_input


def test_the_dpo_drills_down_from_a_recipient_to_named_disclosures(use_db: Path) -> None:
    at = page_as(use_db, Role.DPO)
    assert translate("sharing.tab_disclosures", "nl") in tab_labels(at)
    tables = [f for f in at.dataframe if "person" in f.value.columns]
    assert len(tables) == 1 and len(tables[0].value) > 0
    assert REFERENCE.search(tables[0].value.to_csv())


def test_a_row_of_the_drill_down_opens_the_person(use_db: Path) -> None:
    at = page_as(use_db, Role.BACKOFFICE)
    at.session_state["shx_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception and not error_texts(at)
    assert any(REFERENCE.search(s.value) for s in at.subheader)


def test_a_recruiter_reads_but_cannot_register_or_edit(use_db: Path) -> None:
    at = page_as(use_db, Role.RECRUITER)
    labels = tab_labels(at)
    assert translate("sharing.tab_disclosures", "nl") in labels
    assert translate("sharing.tab_register_disclosure", "nl") not in labels
    keys = {b.key for b in at.button}
    assert "shr_add" not in keys and "shd_register" not in keys


def person_email(db_path: Path) -> str:
    db = Database.open(db_path)
    return str(
        db.query(
            "SELECT email FROM person WHERE erased_at IS NULL AND email IS NOT NULL"
            # back office sees only people with a placement or employment (O2)
            " AND stage IN ('placed', 'employed', 'former_employee') ORDER BY id LIMIT 1"
        )[0][0]
    )


def fill_disclosure(
    at: AppTest, email: str, recipient: int, purpose: str, note: str = ""
) -> AppTest:
    at.text_input(key="shd_query").input(email).run()
    at.selectbox(key="shd_recipient").select(recipient)
    at.multiselect(key="shd_categories").select("salary")
    at.selectbox(key="shd_purpose").select(purpose)  # a code of the purpose list
    at.text_input(key="shd_note").input(note)
    at.selectbox(key="shd_basis").select("contract")
    return at.run()


def test_a_refused_disclosure_shows_the_reason_keeps_the_form_and_writes_nothing(
    use_db: Path,
) -> None:
    db = Database.open(use_db)
    before = db.query("SELECT count(*) FROM disclosure")[0][0]
    at = page_as(use_db, Role.BACKOFFICE)
    at = fill_disclosure(
        at, person_email(use_db), EXPIRED_PROCESSOR, "tax_advice", note="fiscaal **advies**"
    )
    assert not error_texts(at)
    at.button(key="shd_register").click().run()
    assert not at.exception
    reason = translate("sharing.refusal.agreement_expired", "nl")
    assert error_texts(at) == [
        translate("sharing.refused", "nl", reason=reason, rule="agreement_expired")
    ]
    assert at.selectbox(key="shd_purpose").value == "tax_advice"
    assert at.text_input(key="shd_note").value == "fiscaal **advies**"
    assert at.selectbox(key="shd_recipient").value == EXPIRED_PROCESSOR
    assert db.query("SELECT count(*) FROM disclosure")[0][0] == before


def test_an_allowed_disclosure_is_registered_and_the_form_starts_empty(use_db: Path) -> None:
    db = Database.open(use_db)
    before = db.query("SELECT count(*) FROM disclosure")[0][0]
    at = page_as(use_db, Role.DPO)
    at = fill_disclosure(at, person_email(use_db), 14, "payroll")
    at.button(key="shd_register").click().run()
    assert not at.exception and not error_texts(at)
    assert db.query("SELECT count(*) FROM disclosure")[0][0] == before + 1
    (message,) = [s.value for s in at.success]  # says what was registered
    assert message.startswith("Vastgelegd: ") and "verstrekt op 26-11-2026 11:00" in message
    assert at.selectbox(key="shd_purpose").value is None
    assert at.multiselect(key="shd_categories").value == []


def test_a_disclosure_made_earlier_is_registered_with_its_own_day_and_time(use_db: Path) -> None:
    """Issue 20 point 8: the back office registers a disclosure made last week."""
    at = page_as(use_db, Role.BACKOFFICE)
    at = fill_disclosure(at, person_email(use_db), 14, "payroll")
    at.date_input(key="shd_on").set_value(date(2026, 11, 19))
    at.time_input(key="shd_at").set_value(time(14, 30))
    at.button(key="shd_register").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    try:  # 14:30 in Amsterdam in November is 13:30 UTC, as stored
        assert db.query("SELECT disclosed_at FROM disclosure ORDER BY id DESC LIMIT 1") == [
            (datetime(2026, 11, 19, 13, 30),)
        ]
    finally:
        db.close()


def test_a_disclosure_the_lawful_bases_forbid_is_refused_with_the_rule_in_dutch(
    use_db: Path,
) -> None:
    db = Database.open(use_db)
    before = db.query("SELECT count(*) FROM disclosure")[0][0]
    at = page_as(use_db, Role.BACKOFFICE)
    at = fill_disclosure(at, person_email(use_db), 17, "reference_check")  # salary to a referee
    at.button(key="shd_register").click().run()
    assert not at.exception
    reason = translate("sharing.refusal.financial_recipient", "nl")
    assert error_texts(at) == [
        translate("sharing.refused", "nl", reason=reason, rule="financial_recipient")
    ]
    assert db.query("SELECT count(*) FROM disclosure")[0][0] == before


def test_a_disclosure_for_a_restricted_person_shows_the_coded_message_not_a_traceback(
    use_db: Path,
) -> None:
    email = person_email(use_db)
    db = Database.open(use_db)
    with db.transaction() as cur:
        cur.execute(
            "UPDATE person SET restricted_since = TIMESTAMP '2026-11-01',"
            " restriction_request_id = 4"
            " WHERE email = ?",
            [email],
        )
    before = db.query("SELECT count(*) FROM disclosure")[0][0]
    db.close()
    at = page_as(use_db, Role.BACKOFFICE)
    at = fill_disclosure(at, email, 14, "payroll")
    at.button(key="shd_register").click().run()
    assert not at.exception
    assert error_texts(at) == [translate("errors.person_restricted", "nl", request="4")]
    db = Database.open(use_db)
    assert db.query("SELECT count(*) FROM disclosure")[0][0] == before


def test_suspending_a_recipient_from_the_register(use_db: Path) -> None:
    at = page_as(use_db, Role.BACKOFFICE)
    at.selectbox(key="shr_edit_id").select(3).run()
    at.button(key="shr_edit_3_suspend").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    assert db.query("SELECT active FROM recipient WHERE id = 3") == [(False,)]
    assert at.button(key="shr_edit_3_reactivate")


def test_the_page_speaks_english_too(use_db: Path) -> None:
    at = app_test(PAGE, staff_id=persona_id(use_db, Role.DPO), language="en").run()
    assert not at.exception and not error_texts(at)
    assert at.title[0].value == translate("sharing.title", "en")


def metric_value(at: AppTest, key: str) -> str:
    label = translate(f"sharing.metric_{key}", "nl")
    return next(str(m.value) for m in at.metric if m.label == label)


def test_the_dpo_notifies_a_recipients_disclosures_after_a_confirmation(use_db: Path) -> None:
    db = Database.open(use_db)
    at = page_as(use_db, Role.DPO)
    # the tax authority: a client's disclosures are its proposals, which the person knew of
    at.selectbox(key="shx_recipient").select(1).run()
    recipient = at.selectbox(key="shx_recipient").value
    before = metric_value(at, "not_notified")
    letters = db.query("SELECT count(*) FROM letter")[0][0]
    shown = next(f.value for f in at.dataframe if "person" in f.value.columns)
    untold = set(shown.loc[shown["notified"].isna(), "person"])
    assert untold  # the drill-down shows people this run will tell
    at.button(key="shn_recipient").click().run()
    assert not at.exception and not error_texts(at)
    assert any("verstrekkingen aan" in m.value for m in at.markdown)
    assert db.query("SELECT count(*) FROM letter")[0][0] == letters  # nothing before confirming
    at.button(key="shn_confirm").click().run()
    assert not at.exception and not error_texts(at)
    assert at.success and "klaar voor verzending in de uitgaande post" in at.success[0].value
    assert db.query("SELECT count(*) FROM letter")[0][0] > letters
    # queued is not told (issue 20): the count of untold stays until the letters go
    assert metric_value(at, "not_notified") == before
    assert at.selectbox(key="shx_recipient").value == recipient
    label = at.button(key="shn_recipient").label
    assert label.endswith("(0)") and at.button(key="shn_recipient").disabled
    # the person's profile lists the notice among their letters, as words
    # a row that was untold before the run: still untold, its letter ready to send
    drill = next(f.value for f in at.dataframe if "person" in f.value.columns).reset_index(
        drop=True
    )
    waiting = translate("sharing.notice_waiting", "nl")
    told = next(
        int(str(i))
        for i, row in drill.iterrows()
        if row["person"] in untold and pd.isna(row["notified"]) and waiting in row["flag"]
    )
    at.session_state["shx_table"] = {"selection": {"rows": [told], "columns": [], "cells": []}}
    at.run()
    assert not at.exception and not error_texts(at)
    letters = [f.value for f in at.dataframe if "subject" in f.value.columns]
    kinds = {k for frame in letters for k in frame["kind"]}
    assert translate("letter_kind.disclosure_notice", "nl") in kinds


def test_cancelling_a_notice_run_writes_nothing(use_db: Path) -> None:
    db = Database.open(use_db)
    letters = db.query("SELECT count(*) FROM letter")[0][0]
    at = page_as(use_db, Role.BACKOFFICE)
    at.button(key="shn_all").click().run()
    at.button(key="shn_cancel").click().run()
    assert not at.exception and not error_texts(at)
    assert db.query("SELECT count(*) FROM letter")[0][0] == letters
    keys = {b.key for b in at.button}
    assert "shn_confirm" not in keys


def test_only_roles_that_may_notify_see_the_notify_buttons(use_db: Path) -> None:
    keys = {b.key for b in page_as(use_db, Role.RECRUITER).button}
    assert not {"shn_one", "shn_recipient", "shn_all", "shn_log_prepare"} & keys


def test_preparing_the_disclosure_log_is_audited_once_per_click(use_db: Path) -> None:
    db = Database.open(use_db)
    audited = "SELECT count(*) FROM audit_entry WHERE action = 'disclosure_log_exported'"
    at = page_as(use_db, Role.DPO)
    assert db.query(audited) == [(0,)]
    at.button(key="shn_log_prepare").click().run()
    assert not at.exception and not error_texts(at)
    at.run()
    assert db.query(audited) == [(1,)]


def vog_person_email(db: Database) -> tuple[int, int, str]:
    row = db.query(
        "SELECT c.person_id, c.id, p.email FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.purpose = 'criminal_record_check' AND c.withdrawn_on IS NULL"
        " AND p.erased_at IS NULL AND p.email IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM personal_data_item i WHERE i.person_id = c.person_id"
        "  AND i.category = 'criminal_record_consent' AND i.legal_basis = 'consent')"
        " AND (SELECT count(*) FROM consent o WHERE o.person_id = c.person_id"
        "  AND o.purpose = c.purpose) = 1"
        " ORDER BY c.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1]), str(row[2])


def test_the_dpo_withdraws_one_consent_from_the_day_it_was_received(use_db: Path) -> None:
    """The day is typed (dd-mm-jjjj, no default); what rested only on the consent goes in the
    same click and the person's confirmation is in the outbox."""
    db = Database.open(use_db)
    person, consent, email = vog_person_email(db)
    items = (
        "SELECT count(*) FROM personal_data_item WHERE person_id = ? AND legal_basis = 'consent'"
        " AND category = 'criminal_record_consent'"
    )
    assert db.query(items, [person])[0][0] > 0
    at = page_as(use_db, Role.DPO)
    at.text_input(key="shc_query").input(email).run()
    assert at.selectbox(key="shc_person").value == person
    assert at.date_input(key="shc_received").value is None
    at.selectbox(key=f"shc_consent_{person}").select(consent)
    at.selectbox(key="shc_how").select("letter")
    at.date_input(key="shc_received").set_value(date(2026, 11, 23))
    at.button(key="shc_withdraw").click().run()
    at.button(key="shc_withdraw_confirm").click().run()  # the effect named, then Bevestigen
    assert not at.exception and not error_texts(at)
    assert db.query("SELECT withdrawn_on, withdrawn_how FROM consent WHERE id = ?", [consent]) == [
        (date(2026, 11, 23), "letter")
    ]
    assert db.query(items, [person]) == [(0,)]
    assert any("ingetrokken" in s.value and "verwijderd" in s.value for s in at.success)
    assert db.query(
        "SELECT count(*) FROM letter WHERE person_id = ? AND kind = 'consent_withdrawal_confirmed'",
        [person],
    ) == [(1,)]


def test_a_withdrawal_without_its_received_day_is_refused_in_dutch(use_db: Path) -> None:
    db = Database.open(use_db)
    _person, consent, email = vog_person_email(db)
    at = page_as(use_db, Role.DPO)
    at.text_input(key="shc_query").input(email).run()
    at.button(key="shc_withdraw").click().run()
    at.button(key="shc_withdraw_confirm").click().run()  # the effect named, then Bevestigen
    assert error_texts(at) == [translate("sharing.error.withdrawal_received_missing", "nl")]
    assert db.query("SELECT withdrawn_on FROM consent WHERE id = ?", [consent]) == [(None,)]


def test_a_recruiter_withdraws_consent_but_cannot_remove_data(use_db: Path) -> None:
    db = Database.open(use_db)
    person, consent, email = vog_person_email(db)
    at = page_as(use_db, Role.RECRUITER)
    at.text_input(key="shc_query").input(email).run()
    at.selectbox(key=f"shc_consent_{person}").select(consent)  # beside job finding's
    at.date_input(key="shc_received").set_value(date(2026, 11, 26))
    at.button(key="shc_withdraw").click().run()
    at.button(key="shc_withdraw_confirm").click().run()  # the effect named, then Bevestigen
    assert not at.exception and not error_texts(at)
    assert db.query("SELECT withdrawn_on FROM consent WHERE id = ?", [consent]) == [
        (date(2026, 11, 26),)
    ]
    assert "shc_remove" not in {b.key for b in at.button}


def test_choosing_another_recipient_drops_the_row_that_was_selected(use_db: Path) -> None:
    at = page_as(use_db, Role.DPO)
    at.session_state["shx_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert any(REFERENCE.search(s.value) for s in at.subheader)
    before = at.selectbox(key="shx_recipient").value
    at.selectbox(key="shx_recipient").select_index(1).run()
    assert at.selectbox(key="shx_recipient").value != before
    assert not at.exception and not error_texts(at)
    assert not any(REFERENCE.search(s.value) for s in at.subheader)


def test_the_dpo_tells_a_recipient_of_a_rectification_and_ticks_it_off(use_db: Path) -> None:
    from tests.services.test_sharing_art19 import completed_request

    db = Database.open(use_db)
    request, _, _ = completed_request(db, "rectification")
    at = page_as(use_db, Role.DPO)
    assert translate("sharing.tab_art19", "nl") in tab_labels(at)
    box = at.selectbox(key="sh19_task")
    index = next(i for i, label in enumerate(box.options) if label.startswith(f"#{request} "))
    box.select_index(index).run()
    at.button(key="sh19_queue").click().run()
    assert not at.exception and not error_texts(at)
    assert [s.value for s in at.success] == [translate("sharing.art19_queued_done", "nl")]
    assert db.query(
        "SELECT count(*) FROM letter WHERE kind = 'recipient_notice' AND request_id = ?",
        [request],
    ) == [(1,)]
    at.selectbox(key="sh19_task").select_index(index).run()
    at.button(key="sh19_sent").click().run()
    assert not at.exception and not error_texts(at)
    assert db.query(
        "SELECT count(*) FROM recipient_notice WHERE request_id = ? AND sent_at IS NOT NULL",
        [request],
    ) == [(1,)]


def test_only_the_dpo_sees_the_recipient_tasks(use_db: Path) -> None:
    for role in (Role.MANAGEMENT, Role.RECRUITER, Role.BACKOFFICE):
        assert translate("sharing.tab_art19", "nl") not in tab_labels(page_as(use_db, role))


def test_letters_for_people_without_e_mail_come_as_one_print_file(use_db: Path) -> None:
    db = Database.open(use_db)
    at = page_as(use_db, Role.DPO)
    recipient = at.selectbox(key="shx_recipient").value
    with db.transaction() as cur:
        cur.execute(
            "UPDATE person SET email = NULL WHERE id = (SELECT min(person_id) FROM disclosure"
            " WHERE recipient_id = ? AND notified_on IS NULL AND notice_letter_id IS NULL"
            " AND NOT blocked)",  # not one whose notice already waits in the demo's outbox
            [recipient],
        )
    downloads_before = len(at.get("download_button"))
    at.button(key="shn_recipient").click().run()
    at.button(key="shn_confirm").click().run()
    assert not at.exception and not error_texts(at)
    assert len(at.get("download_button")) == downloads_before + 1
    assert db.query("SELECT count(*) FROM letter WHERE kind = 'print_batch'")[0][0] >= 1


def test_a_refusal_of_the_register_form_is_offered_for_recording_and_then_listed(
    use_db: Path,
) -> None:
    at = page_as(use_db, Role.DPO)
    db = Database.open(use_db)
    try:
        reference, pid = db.query(
            "SELECT reference, id FROM person WHERE erased_at IS NULL AND restricted_since IS NULL"
            " ORDER BY id LIMIT 1"
        )[0]
        referee = db.query("SELECT id FROM recipient WHERE category = 'referee' LIMIT 1")[0][0]
    finally:
        db.close()
    at.text_input(key="shd_query").set_value(reference).run()
    at.selectbox(key="shd_recipient").set_value(referee).run()
    at.multiselect(key="shd_categories").set_value(["bsn"]).run()
    at.selectbox(key="shd_purpose").set_value("reference_check").run()
    at.selectbox(key="shd_basis").set_value("legitimate_interest").run()
    at.button(key="shd_register").click().run()
    assert error_texts(at), "the lawful-basis rule refused the BSN to a referee"
    assert translate("sharing.refusal_offer", "nl") in shown_text(at)
    at.button(key="shd_record_refusal").click().run()
    assert not at.exception
    db = Database.open(use_db)
    try:
        # its letter waits in the outbox: told only once it goes (issue 20)
        assert db.query(
            "SELECT reason, notified_on IS NOT NULL, notice_letter_id IS NOT NULL"
            " FROM refused_request WHERE person_id = ?",
            [pid],
        ) == [("bsn_recipient", False, True)]
    finally:
        db.close()
    at.run()
    assert translate("sharing.tab_refused", "nl") in tab_labels(at)
    assert "BSN" in shown_text(at) and reference in shown_text(at)


def test_after_a_deferral_ends_the_dpo_tells_the_person_of_a_refused_request_in_one_click(
    use_db: Path,
) -> None:
    """O8, UAVG art. 41: kept from the person through its last day, told from the day after."""
    db = Database.open(use_db)
    try:
        pid = db.query(
            "SELECT id FROM person WHERE erased_at IS NULL AND restricted_since IS NULL"
            " ORDER BY id LIMIT 1"
        )[0][0]
        court = db.query("SELECT id FROM recipient WHERE category = 'court' LIMIT 1")[0][0]
        refused_id = db.query(
            "INSERT INTO refused_request (person_id, recipient_id, data_categories, purpose,"
            " received_on, reason, note, recorded_at, notice_deferral_ground,"
            " notice_deferred_until) VALUES (?, ?, ['cv'], 'court_order', DATE '2026-11-10',"
            " 'more_than_needed', 'Vroeg het hele dossier',"
            " TIMESTAMP '2026-11-10 10:00', 'court_order', DATE '2026-11-25') RETURNING id",
            [pid, court],
        )[0][0]
    finally:
        db.close()
    at = page_as(use_db, Role.DPO)
    assert at.selectbox(key="shr_tell_choice").value == refused_id
    at.button(key="shr_tell").click().run()
    assert not at.exception and not error_texts(at)
    assert translate("sharing.refused_told_done", "nl") in [s.value for s in at.success]
    db = Database.open(use_db)
    try:
        assert db.query(  # queued, told once the letter goes (issue 20)
            "SELECT notified_on IS NOT NULL, notice_letter_id IS NOT NULL FROM refused_request"
            " WHERE id = ?",
            [refused_id],
        ) == [(False, True)]
    finally:
        db.close()
    assert not [s for s in at.selectbox if s.key == "shr_tell_choice"]  # nothing left to tell
