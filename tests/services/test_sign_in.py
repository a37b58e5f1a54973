"""Sign-in: a verified e-mail for single sign-on, and a demo token that survives a reload."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.services import auth
from konnektus.services.staff import add_staff, deactivate_staff, reset_sign_in
from tests.helpers import copy_database, demo_member

NOW = datetime(2026, 11, 26, 9, 0)
SALLY = {"email": "SallyAnn@Konnektus.nl", "sub": "sally"}


def last_entry(db: Database) -> tuple[str, dict[str, object]]:
    action, details = db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1")[
        0
    ]
    return str(action), json.loads(details) if details else {}


# --- single sign-on: only a verified e-mail address ----------------------------------------


@pytest.mark.parametrize("verified", [True, "true", "True"])
def test_a_verified_email_signs_in_as_its_staff_member(demo_db: Database, verified: object) -> None:
    member = auth.staff_for_identity(demo_db, {**SALLY, "email_verified": verified}, now=NOW)
    assert member.role is Role.DPO


def test_entra_ids_domain_owner_claim_stands_in_for_a_missing_email_verified(
    demo_db: Database,
) -> None:
    member = auth.staff_for_identity(demo_db, {**SALLY, "xms_edov": True}, now=NOW)
    assert member.role is Role.DPO
    with pytest.raises(auth.SignInRefused):
        auth.staff_for_identity(
            demo_db, {**SALLY, "email_verified": False, "xms_edov": True}, now=NOW
        )


@pytest.mark.parametrize("verified", [False, "false", None, "yes", 1])
def test_an_unverified_email_is_refused_and_the_refusal_is_audited(
    demo_db: Database, verified: object
) -> None:
    claims = dict(SALLY) if verified is None else {**SALLY, "email_verified": verified}
    with pytest.raises(auth.SignInRefused) as refused:
        auth.staff_for_identity(demo_db, claims, now=NOW)
    assert refused.value.reason == "email_unverified"
    action, details = last_entry(demo_db)
    assert action == "sign_in_refused" and details["reason"] == "email_unverified"
    assert "sally" not in json.dumps(details).lower(), "the address itself is not kept"
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_a_repeated_unverified_refusal_in_one_session_is_not_logged_again(
    demo_db: Database,
) -> None:
    before = demo_db.query("SELECT count(*) FROM audit_entry")[0][0]
    with pytest.raises(auth.SignInRefused):
        auth.staff_for_identity(demo_db, SALLY, now=NOW, log_refusal=False)
    assert demo_db.query("SELECT count(*) FROM audit_entry")[0][0] == before


# --- demo sign-in: a signed token with an expiry --------------------------------------------


def test_a_demo_token_names_its_persona_until_it_expires(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    token = auth.issue_demo_token(demo_db, dpo, now=NOW)
    assert token is not None
    assert auth.member_for_demo_token(demo_db, token, now=NOW) == dpo
    almost = NOW + auth.DEMO_TOKEN_LIFETIME - timedelta(seconds=1)
    assert auth.member_for_demo_token(demo_db, token, now=almost) == dpo


def test_an_expired_demo_token_counts_for_nothing(demo_db: Database) -> None:
    token = auth.issue_demo_token(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    assert token is not None
    assert auth.member_for_demo_token(demo_db, token, now=NOW + timedelta(hours=8)) is None


def test_a_demo_token_lasts_eight_hours(demo_db: Database) -> None:
    token = auth.issue_demo_token(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    assert token is not None
    expiry = auth.demo_token_expiry(token)
    assert expiry == int((NOW + timedelta(hours=8)).replace(tzinfo=auth.UTC).timestamp())


def _with_payload(token: str, **changes: object) -> str:
    version, body, signature = token.split(".")
    payload = json.loads(auth._unb64(body))
    payload.update(changes)
    new_body = auth._b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{version}.{new_body}.{signature}"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t, other: _with_payload(t, staff=other), id="another staff id"),
        pytest.param(lambda t, other: _with_payload(t, exp=4_000_000_000), id="later expiry"),
        pytest.param(lambda t, other: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), id="signature"),
        pytest.param(lambda t, other: t.replace("v1.", "v2.", 1), id="version"),
        pytest.param(lambda t, other: t.rsplit(".", 1)[0], id="no signature"),
        pytest.param(lambda t, other: "garbage", id="garbage"),
        pytest.param(lambda t, other: "v1.!!!.???", id="not base64"),
    ],
)
def test_an_altered_demo_token_counts_for_nothing(demo_db: Database, tamper) -> None:  # type: ignore[no-untyped-def]
    recruiter = demo_member(demo_db, Role.RECRUITER)
    dpo = demo_member(demo_db, Role.DPO)
    token = auth.issue_demo_token(demo_db, recruiter, now=NOW)
    assert token is not None
    assert auth.member_for_demo_token(demo_db, tamper(token, dpo.id), now=NOW) is None


def test_a_deactivated_persona_is_out_at_once_whatever_its_token_says(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    token = auth.issue_demo_token(demo_db, recruiter, now=NOW)
    assert token is not None
    deactivate_staff(demo_db, demo_member(demo_db, Role.DPO), recruiter.email, now=NOW)
    assert auth.member_for_demo_token(demo_db, token, now=NOW) is None


def test_a_token_from_another_demo_database_counts_for_nothing(
    demo_template: Path, tmp_path: Path
) -> None:
    first_path, second_path = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    copy_database(demo_template, first_path)
    copy_database(demo_template, second_path)
    first, second = Database.open(first_path), Database.open(second_path)
    try:
        dpo = demo_member(first, Role.DPO)
        token = auth.issue_demo_token(first, dpo, now=NOW)
        assert token is not None
        assert auth.issue_demo_token(second, dpo, now=NOW) is not None  # its own key
        assert auth.member_for_demo_token(second, token, now=NOW) is None
    finally:
        first.close()
        second.close()


def test_no_demo_token_is_issued_or_accepted_on_a_database_with_real_data(
    demo_db: Database, empty_db: Database
) -> None:
    eva = add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=NOW)
    assert auth.issue_demo_token(empty_db, eva, now=NOW) is None
    # a token signed for a demo database, shown to the real one: nothing
    token = auth.issue_demo_token(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    assert token is not None
    assert auth.member_for_demo_token(empty_db, token, now=NOW) is None


def test_a_demo_database_that_stops_holding_demo_data_accepts_no_token(
    demo_db: Database,
) -> None:
    token = auth.issue_demo_token(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    assert token is not None
    demo_db.query("UPDATE meta SET value = 'false' WHERE key = 'demo_data'")
    assert auth.member_for_demo_token(demo_db, token, now=NOW) is None


# --- single sign-on: the first sign-in binds the provider's account (issue 13) -------------

VERIFIED_SALLY = {**SALLY, "email_verified": True}


def test_the_first_sign_in_binds_the_staff_member_to_the_providers_subject(
    demo_db: Database,
) -> None:
    member = auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW)
    assert demo_db.query("SELECT oidc_sub FROM staff WHERE id = ?", [member.id]) == [("sally",)]
    assert last_entry(demo_db)[0] == "sign_in_bound"
    assert auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW) == member


def test_a_second_account_claiming_the_same_verified_email_is_refused(demo_db: Database) -> None:
    auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW)
    with pytest.raises(auth.SignInRefused) as refused:
        auth.staff_for_identity(demo_db, {**VERIFIED_SALLY, "sub": "other-account"}, now=NOW)
    assert refused.value.reason == "subject_mismatch"
    action, details = last_entry(demo_db)
    assert action == "sign_in_refused" and details["reason"] == "subject_mismatch"
    assert "other-account" not in json.dumps(details)


def test_claims_without_a_subject_are_refused(demo_db: Database) -> None:
    with pytest.raises(auth.SignInRefused) as refused:
        auth.staff_for_identity(demo_db, {"email": SALLY["email"], "email_verified": True}, now=NOW)
    assert refused.value.reason == "subject_missing"


def test_one_provider_account_never_signs_in_as_two_staff_members(demo_db: Database) -> None:
    auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW)
    daan = {"email": "daan.dewit@konnektus.nl", "email_verified": True, "sub": "sally"}
    with pytest.raises(auth.SignInRefused) as refused:
        auth.staff_for_identity(demo_db, daan, now=NOW)
    assert refused.value.reason == "subject_mismatch"


def test_after_a_reset_the_next_account_binds_again(demo_db: Database) -> None:
    member = auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW)
    reset_sign_in(demo_db, CLI, member.email, now=NOW)
    assert last_entry(demo_db)[0] == "staff_sign_in_reset"
    new_account = {**VERIFIED_SALLY, "sub": "sally-new-laptop"}
    assert auth.staff_for_identity(demo_db, new_account, now=NOW) == member
    with pytest.raises(auth.SignInRefused):
        auth.staff_for_identity(demo_db, VERIFIED_SALLY, now=NOW)


def test_refusal_fingerprints_are_keyed_with_the_installations_secret(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unsalted hash of a guessed address could be looked up in the log; a keyed one not."""
    stranger = {"email": "stranger@example.org", "email_verified": True, "sub": "x"}
    fingerprints = []
    for key in ("first-secret-0123456789", "second-secret-0123456789"):
        monkeypatch.setenv("KONNEKTUS_SECRET", key)
        with pytest.raises(auth.SignInRefused):
            auth.staff_for_identity(demo_db, stranger, now=NOW)
        fingerprints.append(last_entry(demo_db)[1]["email_fingerprint"])
    plain = hashlib.sha256(b"stranger@example.org").hexdigest()[:16]
    assert fingerprints[0] != fingerprints[1] and plain not in fingerprints
