"""The lawful-basis rule (lawful-bases.md) as a table of cases: one or more rows per row of the
ruling's tables, allowed and refused, each with the code a refusal gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from konnektus.domain.lawful_bases import (
    ADEQUACY_COUNTRIES,
    DATA_RULES,
    DISCLOSURE_PURPOSES,
    PROPOSAL_CATEGORIES,
    PROPOSAL_GROUND,
    PROPOSAL_PURPOSE,
    breach_codes,
)
from konnektus.domain.sharing import (
    DATA_CATEGORIES,
    RECIPIENT_CATEGORIES,
    ConsentFacts,
    PersonFacts,
    RecipientFacts,
    Refusal,
    disclosure_refusal,
    lawful_refusal,
)

TODAY = date(2026, 11, 26)
PERSON = 7
R = Refusal


def recipient(category: str, *, kind: str = "independent", country: str = "NL") -> RecipientFacts:
    processor = kind == "processor"
    return RecipientFacts(
        kind=kind,
        active=True,
        country=country,
        dpa_signed_on=date(2024, 1, 1) if processor else None,
        dpa_expires_on=None,
        safeguard="adequacy_decision" if country == "GB" else None,
        category=category,
    )


def consent(purpose: str, **changes: object) -> ConsentFacts:
    given = ConsentFacts(PERSON, date(2026, 1, 1), None, purpose)
    return replace(given, **changes)  # type: ignore[arg-type]


def refusal(
    categories: tuple[str, ...],
    to: RecipientFacts,
    purpose: str,
    basis: str,
    given: ConsentFacts | None = None,
    *,
    note: str = "",
    stopped: frozenset[str] = frozenset(),
) -> Refusal | None:
    return disclosure_refusal(
        recipient=to,
        person=PersonFacts(erased=False),
        person_id=PERSON,
        categories=categories,
        purpose=purpose,
        legal_basis=basis,
        consent=given,
        today=TODAY,
        note=note,
        stopped_purposes=stopped,
    )


UK_BOARD = recipient("offshore_security_body", country="GB")
PAYROLL = recipient("payroll_bureau", kind="processor")
Case = tuple[str, tuple[str, ...], RecipientFacts, str, str, ConsentFacts | None, R | None]
CASES: list[Case] = [
    # --- the two disclosures: refused, each for the first rule it breaks
    (
        "medical, BSN and criminal data to a UK board on a diploma-check consent",
        ("medical", "bsn", "criminal_record_consent"),
        UK_BOARD,
        "criminal_record_check",
        "consent",
        consent("diploma_check"),
        R.HEALTH_RECIPIENT,
    ),
    (
        "BSN and criminal data to a UK board on a diploma-check consent",
        ("bsn", "criminal_record_consent"),
        UK_BOARD,
        "criminal_record_check",
        "consent",
        consent("diploma_check"),
        R.BSN_RECIPIENT,
    ),
    (
        "criminal data to a UK board on a consent for a diploma check",
        ("criminal_record_consent",),
        UK_BOARD,
        "criminal_record_check",
        "consent",
        consent("diploma_check"),
        R.CONSENT_OTHER_PURPOSE,
    ),
    (
        "criminal data to a UK board citing the diploma consent as a diploma check",
        ("criminal_record_consent",),
        UK_BOARD,
        "diploma_check",
        "consent",
        consent("diploma_check"),
        R.CRIMINAL_RECORD_GROUND,
    ),
    (
        "criminal data to a UK board on a consent for that check",
        ("criminal_record_consent", "identity_document"),
        UK_BOARD,
        "criminal_record_check",
        "consent",
        consent("criminal_record_check"),
        None,
    ),
    (
        "BSN and medical data to a referee on legitimate interest",
        ("bsn", "medical"),
        recipient("referee"),
        "reference_check",
        "legitimate_interest",
        None,
        R.BSN_RECIPIENT,
    ),
    (
        "medical data to a referee on legitimate interest",
        ("medical",),
        recipient("referee"),
        "reference_check",
        "legitimate_interest",
        None,
        R.HEALTH_RECIPIENT,
    ),
    # --- BSN (UAVG art. 46): only where a law prescribes it, on legal_obligation
    ("BSN to the tax authority", ("bsn",), recipient("tax_authority"), "tax_return",
     "legal_obligation", None, None),
    ("BSN to a pension fund", ("bsn",), recipient("pension_fund"), "pension",
     "legal_obligation", None, None),
    ("BSN to UWV", ("bsn",), recipient("social_security"), "social_security",
     "legal_obligation", None, None),
    ("BSN to the IND", ("bsn",), recipient("immigration"), "immigration",
     "legal_obligation", None, None),
    ("BSN to a health insurer", ("bsn",), recipient("health_insurer"), "insurance",
     "legal_obligation", None, None),
    ("BSN to the payroll bureau as processor", ("bsn", "bank_account", "salary"), PAYROLL,
     "payroll", "legal_obligation", None, None),
    ("BSN to a payroll bureau that is no processor", ("bsn",),
     recipient("payroll_bureau"), "payroll", "legal_obligation", None, R.BSN_RECIPIENT),
    ("BSN to the payroll bureau on the contract", ("bsn",), PAYROLL, "payroll", "contract",
     None, R.BSN_GROUND),
    ("BSN to the tax authority on legitimate interest", ("bsn",), recipient("tax_authority"),
     "tax_return", "legitimate_interest", None, R.BSN_GROUND),
    ("BSN to the tax authority for a pension", ("bsn",), recipient("tax_authority"),
     "pension", "legal_obligation", None, R.BSN_GROUND),
    ("BSN to a life insurer", ("bsn",), recipient("insurer"), "insurance",
     "legal_obligation", None, R.BSN_RECIPIENT),
    ("BSN to a school on consent", ("bsn",), recipient("education_body"), "diploma_check",
     "consent", consent("diploma_check"), R.BSN_RECIPIENT),
    ("BSN to a client", ("bsn",), recipient("client"), "job_finding", "contract", None,
     R.BSN_RECIPIENT),
    ("BSN to a security body", ("bsn",), recipient("offshore_security_body"),
     "criminal_record_check", "legal_obligation", None, R.BSN_RECIPIENT),
    # --- health data (Art. 9): explicit consent for the examination, or 9(2)(b)
    ("medical data to the occupational health service on consent", ("medical",),
     recipient("occupational_health"), "medical_exam", "consent", consent("medical_exam"),
     None),
    ("medical data to the occupational health service by law", ("medical",),
     recipient("occupational_health"), "social_security", "legal_obligation", None, None),
    ("medical data to the examiner on legitimate interest", ("medical",),
     recipient("occupational_health"), "medical_exam", "legitimate_interest", None,
     R.HEALTH_GROUND),
    ("medical data to the examiner on a consent for another purpose", ("medical",),
     recipient("occupational_health"), "medical_exam", "consent", consent("survey"),
     R.CONSENT_OTHER_PURPOSE),
    ("medical data to a client", ("medical",), recipient("client"), "job_finding",
     "contract", None, R.HEALTH_RECIPIENT),
    ("medical data to a school", ("medical",), recipient("education_body"), "diploma_check",
     "consent", consent("diploma_check"), R.HEALTH_RECIPIENT),
    # --- criminal-record data (Art. 10, UAVG art. 31-33)
    ("criminal data to Justis on consent", ("criminal_record_consent",),
     recipient("government_body"), "criminal_record_check", "consent",
     consent("criminal_record_check"), None),
    ("criminal data to Justis by law", ("criminal_record_consent",),
     recipient("government_body"), "criminal_record_check", "legal_obligation", None, None),
    ("criminal data to a security body on legitimate interest", ("criminal_record_consent",),
     recipient("offshore_security_body"), "criminal_record_check", "legitimate_interest",
     None, R.CRIMINAL_RECORD_GROUND),
    ("criminal data to a referee", ("criminal_record_consent",), recipient("referee"),
     "reference_check", "consent", consent("reference_check"), R.CRIMINAL_RECORD_RECIPIENT),
    ("criminal data to a client", ("criminal_record_consent",), recipient("client"),
     "job_finding", "contract", None, R.CRIMINAL_RECORD_RECIPIENT),
    # --- bank account, salary, family members
    ("salary to a pension fund on the contract", ("salary",), recipient("pension_fund"),
     "pension", "contract", None, None),
    ("family members to an insurer by law", ("family_member",), recipient("insurer"),
     "insurance", "legal_obligation", None, None),
    ("bank account to the tax authority", ("bank_account",), recipient("tax_authority"),
     "tax_return", "legal_obligation", None, None),
    ("salary to a pension fund on legitimate interest", ("salary",),
     recipient("pension_fund"), "pension", "legitimate_interest", None, R.FINANCIAL_GROUND),
    ("salary to an auditor", ("salary",), recipient("auditor"), "audit", "legal_obligation",
     None, R.FINANCIAL_RECIPIENT),
    ("bank account to a referee", ("bank_account",), recipient("referee"), "reference_check",
     "consent", consent("reference_check"), R.FINANCIAL_RECIPIENT),
    ("family members to a client", ("family_member",), recipient("client"), "placement",
     "contract", None, R.FINANCIAL_RECIPIENT),
    ("salary to a school", ("salary",), recipient("education_body"), "diploma_check",
     "contract", None, R.FINANCIAL_RECIPIENT),
    # --- CV, education proof, contact data
    ("a proposal: CV and contact data to a client", PROPOSAL_CATEGORIES, recipient("client"),
     PROPOSAL_PURPOSE, PROPOSAL_GROUND, None, None),
    ("CV to a client on a job-finding consent", ("cv",), recipient("client"), "job_finding",
     "consent", consent("job_finding"), None),
    ("education proof to a school on consent", ("education_proof",),
     recipient("education_body"), "diploma_check", "consent", consent("diploma_check"), None),
    ("CV to a referee on consent", ("cv",), recipient("referee"), "reference_check",
     "consent", consent("reference_check"), None),
    ("CV to a client on legitimate interest", ("cv",), recipient("client"), "job_finding",
     "legitimate_interest", None, R.PROFILE_GROUND),
    ("CV to a referee on legitimate interest", ("cv",), recipient("referee"),
     "reference_check", "legitimate_interest", None, R.PROFILE_GROUND),
    ("education proof to a school for a survey", ("education_proof",),
     recipient("education_body"), "survey", "consent", consent("survey"), R.PROFILE_GROUND),
    ("CV and ID to the IND by law", ("cv", "identity_document"), recipient("immigration"),
     "immigration", "legal_obligation", None, None),
    # --- one consent, one purpose
    ("a consent for a diploma check carries a diploma check", ("education_proof",),
     recipient("education_body"), "diploma_check", "consent", consent("diploma_check"), None),
    ("a consent for a reference check does not carry a diploma check", ("education_proof",),
     recipient("education_body"), "diploma_check", "consent", consent("reference_check"),
     R.CONSENT_OTHER_PURPOSE),
    ("a disclosure on consent for a legal-duty purpose", ("employment",),
     recipient("auditor"), "audit", "consent", consent("survey"), R.CONSENT_OTHER_PURPOSE),
    ("a consent given after the day", ("cv",), recipient("referee"), "reference_check",
     "consent", consent("reference_check", given_on=date(2026, 11, 27)), R.CONSENT_MISSING),
    ("a consent withdrawn by then", ("cv",), recipient("referee"), "reference_check",
     "consent", consent("reference_check", withdrawn_on=TODAY), R.CONSENT_WITHDRAWN),
    ("a consent withdrawn after the day", ("cv",), recipient("referee"), "reference_check",
     "consent", consent("reference_check", withdrawn_on=date(2026, 11, 27)), None),
    # --- a court gets what its order names
    ("employment data to a court without the order's reference", ("employment",),
     recipient("court"), "court_order", "legal_obligation", None, R.COURT_ORDER_REFERENCE),
    ("data to a court for another purpose", ("employment",), recipient("court"), "audit",
     "legal_obligation", None, R.COURT_ORDER),
    ("a court order to someone else", ("employment",), recipient("auditor"), "court_order",
     "legal_obligation", None, R.COURT_ORDER),
    # --- purposes
    ("a purpose not on the list", ("employment",), recipient("auditor"), "loonaangifte",
     "legal_obligation", None, R.UNKNOWN_PURPOSE),
    ("an old row's purpose is never chosen", ("employment",), recipient("auditor"),
     "unspecified", "legal_obligation", None, R.UNKNOWN_PURPOSE),
]  # fmt: skip


@pytest.mark.parametrize(
    ("categories", "to", "purpose", "basis", "given", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_disclosure_is_allowed_or_refused_as_the_lawful_bases_table_says(
    categories: tuple[str, ...],
    to: RecipientFacts,
    purpose: str,
    basis: str,
    given: ConsentFacts | None,
    expected: Refusal | None,
) -> None:
    assert refusal(categories, to, purpose, basis, given) is expected


@pytest.mark.parametrize(
    ("note", "expected"), [("Bevel ROT-123456", None), ("", R.COURT_ORDER_REFERENCE)]
)
def test_a_court_gets_what_its_order_names_with_the_reference_recorded(
    note: str, expected: Refusal | None
) -> None:
    court = recipient("court")
    everything = ("bsn", "medical", "criminal_record_consent", "salary", "employment")
    assert refusal(everything, court, "court_order", "legal_obligation", note=note) is expected


@pytest.mark.parametrize(
    ("stopped", "expected"),
    [
        (frozenset(), None),
        (frozenset({"reference_check"}), R.PURPOSE_OBJECTED),
        (frozenset({"job_finding", "survey"}), None),
    ],
)
def test_an_upheld_objection_stops_its_purpose(
    stopped: frozenset[str], expected: Refusal | None
) -> None:
    to = recipient("referee")
    given = consent("reference_check")
    assert refusal(("cv",), to, "reference_check", "consent", given, stopped=stopped) is expected


@pytest.mark.parametrize(
    ("country", "safeguard", "expected"),
    [
        ("GB", "adequacy_decision", None),
        ("CH", "adequacy_decision", None),
        ("US", "adequacy_decision", None),  # a company certified under the DPF
        ("IN", "adequacy_decision", R.ADEQUACY_NOT_FOR_COUNTRY),
        ("IN", "standard_contractual_clauses", None),
        ("IN", "binding_corporate_rules", None),
        ("IN", "explicit_consent", None),  # the Art. 49 derogation: allowed, marked, counted
        ("IN", None, R.NO_SAFEGUARD),
        ("DE", None, None),
    ],
)
def test_a_transfer_outside_the_eea_needs_a_safeguard_that_covers_the_country(
    country: str, safeguard: str | None, expected: Refusal | None
) -> None:
    to = replace(recipient("auditor"), country=country, safeguard=safeguard)
    assert refusal(("employment",), to, "audit", "legal_obligation") is expected


def test_no_rule_lets_special_data_criminal_data_or_the_bsn_go_on_legitimate_interest() -> None:
    for rule in DATA_RULES:
        for carrier in rule.carriers.values():
            assert "legitimate_interest" not in carrier.grounds, rule.code


def test_a_client_never_receives_bsn_medical_criminal_bank_or_family_data() -> None:
    for category in ("bsn", "medical", "criminal_record_consent", "bank_account", "family_member"):
        for basis in ("consent", "contract", "legal_obligation", "legitimate_interest"):
            found = lawful_refusal(
                (category,),
                recipient_category="client",
                recipient_kind="independent",
                purpose="job_finding",
                note="",
                legal_basis=basis,
                consent_purpose="job_finding",
            )
            assert found is not None and found.value.endswith("_recipient"), (category, basis)


def test_the_table_names_only_known_categories_purposes_and_refusals() -> None:
    for rule in DATA_RULES:
        assert rule.categories <= set(DATA_CATEGORIES)
        assert set(rule.carriers) <= set(RECIPIENT_CATEGORIES)
        for carrier in rule.carriers.values():
            for purposes in carrier.grounds.values():
                assert purposes is None or purposes <= set(DISCLOSURE_PURPOSES)
    assert set(breach_codes()) <= {r.value for r in Refusal}
    assert {"GB", "CH", "US"} <= ADEQUACY_COUNTRIES
