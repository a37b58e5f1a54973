"""Every refusal a service or a domain rule can raise is a code with a text in both catalogs.

The raise sites are read from the source (ast), so a new refusal without its catalog texts,
or one that names a value its sentence does not show (or the other way round), fails here.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from konnektus.db.people import RECTIFIABLE
from konnektus.domain.deadlines import InvalidPeriodPolicy
from konnektus.domain.errors import CodedError, Term
from konnektus.domain.input_limits import InputRefused
from konnektus.domain.late_close import LateReasonRequired
from konnektus.domain.notice_deferral import DeferralRefused
from konnektus.domain.permissions import Action, NotPermitted, Role
from konnektus.domain.refused_request import RefusedRequestInvalid
from konnektus.domain.requests import (
    ExtensionTooLate,
    InvalidTransition,
    ReasonRequired,
    RequestStatus,
)
from konnektus.domain.retention import RetentionState
from konnektus.domain.sharing import Refusal
from konnektus.domain.special_data import InvalidSpecialDataTerm
from konnektus.i18n import LANGUAGES, catalog, error_text
from konnektus.services import auth
from konnektus.services.erasure import ConfirmationMismatch
from konnektus.services.minimisation import AllHeldBack, ExcessChanged, NothingToRemove
from konnektus.services.outbox import SmtpLoginNeedsTls
from konnektus.services.outbox_desk import OutboxError
from konnektus.services.requests import AlreadyChanged, DuplicateRequest
from konnektus.services.retention_cleanup import CleanupChanged, CleanupRunning
from konnektus.services.sharing import DisclosureAlreadyRegistered, DisclosureRefused
from konnektus.services.sharing_consent import RemovalOutdated, WithdrawalDateRefused
from konnektus.services.sharing_notify import PreviewOutdated
from konnektus.services.sharing_refused import RefusedRequestError
from konnektus.services.special_data import AllHeldBack as MedicalAllHeldBack
from konnektus.services.special_data import NothingPastItsEnd, PastItemsChanged

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    *sorted((ROOT / "konnektus" / "services").glob("*.py")),
    *sorted((ROOT / "konnektus" / "domain").glob("*.py")),
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Faults, not refusals: a broken invariant in the code, never a person's input. They reach
# the screen only as the generic "something went wrong" (errors.unexpected).
INTERNAL_FAULTS = {
    ("konnektus/domain/deadlines.py", "ValueError"),  # negative paused days: a caller's bug
    ("konnektus/services/minimisation.py", "RuntimeError"),  # counted != deleted
    ("konnektus/services/special_data.py", "RuntimeError"),  # counted != deleted
}
# Input that only the command line takes; the command words its own one-line refusal.
COMMAND_LINE_ONLY = {
    ("konnektus/domain/promises.py", "ValueError"),  # parse_month: report --month YYYY-MM
}


@dataclass(frozen=True)
class RaiseSite:
    where: str
    raised: type[BaseException]
    codes: tuple[str, ...]  # the literal code(s) at the site; empty when the class picks it
    params: frozenset[str]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _literal_codes(node: ast.expr) -> tuple[str, ...]:
    """A code written at the raise site: "code", or "a" if ... else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.IfExp):
        return _literal_codes(node.body) + _literal_codes(node.orelse)
    return ()


def raise_sites() -> Iterator[RaiseSite]:
    for path in SCANNED:
        module = importlib.import_module(_module_name(path))
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            call = node.exc if isinstance(node.exc, ast.Call) else None
            target = call.func if call else node.exc
            # a name or attribute from our own source, looked up in its module
            raised = eval(compile(ast.Expression(target), relative, "eval"), vars(module))
            if not isinstance(raised, type):  # `raise error`: re-raising what was caught
                continue
            picks_own = issubclass(raised, CodedError) and bool(raised.codes)
            codes = _literal_codes(call.args[0]) if call and call.args and not picks_own else ()
            params = frozenset(k.arg for k in call.keywords if k.arg) if call else frozenset()
            yield RaiseSite(f"{relative}:{node.lineno}", raised, codes, params)


SITES = list(raise_sites())


def _coded_subclasses(cls: type[CodedError]) -> set[type[CodedError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _coded_subclasses(sub)
    return found


def test_the_scan_finds_the_raise_sites() -> None:
    assert len(SITES) > 50
    assert any(site.codes == ("requester_name_required",) for site in SITES)


def test_every_raise_in_services_and_domain_is_a_coded_refusal_or_a_known_fault() -> None:
    uncoded = {
        (site.where.rsplit(":", 1)[0], site.raised.__name__)
        for site in SITES
        if not issubclass(site.raised, CodedError)
    }
    assert uncoded == INTERNAL_FAULTS | COMMAND_LINE_ONLY


@pytest.mark.parametrize(
    "site", [s for s in SITES if s.codes], ids=lambda s: f"{s.where}:{'|'.join(s.codes)}"
)
def test_a_code_raised_with_its_values_has_a_sentence_with_exactly_those_values(
    site: RaiseSite,
) -> None:
    assert issubclass(site.raised, CodedError)
    for code in site.codes:
        key = f"{site.raised.section}.{code}"
        for language in LANGUAGES:
            text = catalog(language).get(key, "")
            assert text.strip(), f"{site.where}: no {language} text for {key}"
            assert set(PLACEHOLDER.findall(text)) == site.params, f"{site.where}: {key}"


@pytest.mark.parametrize(
    "site", [s for s in SITES if not s.codes and issubclass(s.raised, CodedError)], ids=str
)
def test_a_refusal_that_picks_its_own_code_lists_it(site: RaiseSite) -> None:
    assert issubclass(site.raised, CodedError)
    assert site.raised.codes, f"{site.where}: {site.raised.__name__} names no code"


def all_codes() -> set[str]:
    keys = {
        f"{s.raised.section}.{c}"
        for s in SITES
        if issubclass(s.raised, CodedError)
        for c in s.codes
    }
    for cls in _coded_subclasses(CodedError):
        keys |= {f"{cls.section}.{code}" for code in cls.codes}
    return keys


def test_every_code_has_a_dutch_and_an_english_sentence_that_differ() -> None:
    keys = all_codes()
    assert len(keys) > 60
    nl, en = catalog("nl"), catalog("en")
    assert sorted(k for k in keys if not nl.get(k, "").strip()) == []
    assert sorted(k for k in keys if not en.get(k, "").strip()) == []
    assert sorted(k for k in keys if nl[k] == en[k]) == []


MOMENT = datetime(2026, 3, 29, 23, 30)  # stored UTC: 30 March 01:30 in Amsterdam (summer time)
OWN_CODES: list[CodedError] = [
    AlreadyChanged("Eva de Boer", MOMENT),
    AlreadyChanged(None, None),
    DuplicateRequest(7),
    NothingToRemove("Eva de Boer", MOMENT),
    NothingToRemove(None, None),
    NothingPastItsEnd("Eva de Boer", MOMENT),
    NothingPastItsEnd(None, None),
    ExcessChanged(3, 5),
    AllHeldBack(3),
    AllHeldBack(1),
    MedicalAllHeldBack(2),
    MedicalAllHeldBack(1),
    PastItemsChanged(3, 5),
    ConfirmationMismatch(),
    CleanupRunning(),
    CleanupChanged(3, 5),
    CleanupChanged(1, 1),
    RemovalOutdated(),
    *(WithdrawalDateRefused(code) for code in WithdrawalDateRefused.codes),
    PreviewOutdated(12),
    DisclosureAlreadyRegistered(9),
    *(DisclosureRefused(refusal) for refusal in Refusal),
    auth.SignInRefused("unknown_email"),
    auth.SignInRefused("deactivated"),
    auth.SignInRefused("email_unverified"),
    auth.SignInRefused("subject_missing"),
    auth.SignInRefused("subject_mismatch"),
    InputRefused("text_too_long", field=Term("input_field", "name"), limit=200, length=201),
    InputRefused("text_required", field=Term("input_field", "reason")),
    InputRefused("not_an_email", email="<svg>@x.nl"),
    *(InvalidTransition(current, target) for current in RequestStatus for target in RequestStatus),
    *(ReasonRequired(status) for status in RequestStatus),
    ExtensionTooLate(date(2026, 3, 5)),
    LateReasonRequired(date(2026, 3, 5)),
    NotPermitted(Role.RECRUITER, Action.VIEW_HELD_DATA),
    *(DeferralRefused(code) for code in DeferralRefused.codes),
    *(RefusedRequestInvalid(code) for code in RefusedRequestInvalid.codes),
    *(RefusedRequestError(code) for code in RefusedRequestError.codes),
    InvalidSpecialDataTerm(13),
    SmtpLoginNeedsTls("smtp.konnektus.nl"),
    InvalidPeriodPolicy(4),
    *(OutboxError(code) for code in OutboxError.codes),
]


def test_every_refusal_that_picks_its_own_code_is_shown_here() -> None:
    picking = {cls for cls in _coded_subclasses(CodedError) if cls.codes}
    assert picking == {type(error) for error in OWN_CODES}
    for cls in picking:
        assert set(cls.codes) == {e.code for e in OWN_CODES if type(e) is cls}, cls


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("error", OWN_CODES, ids=repr)
def test_a_refusal_with_its_own_code_reads_as_a_full_sentence(
    error: CodedError, language: str
) -> None:
    text = error_text(error, language)
    assert text.strip() and "{" not in text


@pytest.mark.parametrize(
    ("section", "codes"),
    [
        ("statement.field", RECTIFIABLE),  # rectification: "{field} cannot be empty"
        ("status", [s.value for s in RequestStatus]),  # invalid_transition, reason_required
        ("retention", [s.value for s in RetentionState]),  # list_not_askable
        ("sharing.refusal", [r.value for r in Refusal]),  # sharing.refused
        ("role", [r.value for r in Role]),  # unknown_role
    ],
)
def test_every_code_a_refusal_names_as_a_value_has_its_word(section: str, codes: list[str]) -> None:
    for language in LANGUAGES:
        assert [c for c in codes if not catalog(language).get(f"{section}.{c}")] == []


def test_values_are_written_the_way_the_language_writes_them() -> None:
    already = AlreadyChanged("Eva de Boer", MOMENT)
    assert error_text(already, "nl") == (
        "Dit is al gedaan door Eva de Boer (30-03-2026 01:30). De pagina toont nu de actuele stand."
    )
    late = ExtensionTooLate(date(2026, 3, 5))
    assert "(05-03-2026)" in error_text(late, "nl")
    transition = InvalidTransition(RequestStatus.COMPLETED, RequestStatus.RECEIVED)
    assert error_text(transition, "nl") == (
        "Deze stap kan niet: een verzoek met status ‘afgerond’ kan niet naar ‘ontvangen’."
    )
    assert "‘completed’" in error_text(transition, "en")


def test_typed_values_can_be_escaped_and_the_sentence_itself_is_not() -> None:
    error = CodedError("not_an_email", email="*x*@")
    assert error_text(error, "nl", escape=lambda v: v.replace("*", r"\*")) == (
        r"‘\*x\*@’ is geen geldig e-mailadres."
    )
    assert error.params == {"email": "*x*@"} and error.key == "errors.not_an_email"
    assert str(error) == "errors.not_an_email (email='*x*@')"
    assert isinstance(Term("status", "received"), Term)
