"""The outside parties named in the privacy statement (O7), as a demo recipient register."""

from __future__ import annotations

from datetime import date

# name, category, kind (processor or independent recipient), country
RECIPIENTS: tuple[tuple[str, str, str, str], ...] = (
    ("Belastingdienst", "tax_authority", "independent", "NL"),
    ("Douane", "customs", "independent", "NL"),
    ("Van Dam & Kooistra Accountants", "auditor", "processor", "NL"),
    ("IND (Immigratie- en Naturalisatiedienst)", "immigration", "independent", "NL"),
    ("UWV", "social_security", "independent", "NL"),
    ("Justis (VOG-aanvragen)", "government_body", "independent", "NL"),
    ("DUO (diplomaverificatie)", "education_body", "independent", "NL"),
    ("Rechtbank Rotterdam", "court", "independent", "NL"),
    ("Stichting Offshore Veiligheidsregistratie", "offshore_security_body", "independent", "NL"),
    ("Security Clearance Board UK", "offshore_security_body", "independent", "GB"),
    ("Pensioenfonds StiPP", "pension_fund", "independent", "NL"),
    ("Zilveren Kruis Zorgverzekeringen", "health_insurer", "independent", "NL"),
    ("Nationale-Nederlanden Levensverzekering", "insurer", "independent", "NL"),
    ("Loonadministratie Nederland B.V.", "payroll_bureau", "processor", "NL"),
    ("FlexPayroll Services B.V.", "payroll_bureau", "processor", "NL"),
    ("Fiscaal Advies Noord B.V.", "financial_adviser", "processor", "NL"),
    ("Referent (vorige werkgever)", "referee", "independent", "NL"),
    ("Beroepsvereniging Verpleegkundigen (BIG-check)", "education_body", "independent", "NL"),
    (
        "Arbodienst Rijnmond (bedrijfsarts en offshore-keuringen)",
        "occupational_health",
        "independent",
        "NL",
    ),
)

# What each kind of recipient receives, for which purpose (a code of
# konnektus.domain.lawful_bases.DISCLOSURE_PURPOSES) and on which legal basis; "consent" rows
# name the consent they rely on, of the same purpose (O8: a withdrawal blocks them). Every row
# passes the lawful-basis table (tests/demo/test_demo_data.py checks the whole log). Clients
# are not here: each proposal is their disclosure (konnektus/db/client_recipients.py).
DISCLOSURE_PROFILES: dict[str, tuple[tuple[str, ...], str, str, str | None]] = {
    "tax_authority": (("bsn", "salary"), "tax_return", "legal_obligation", None),
    "customs": (("identity_document",), "customs", "legal_obligation", None),
    "auditor": (("employment",), "audit", "legal_obligation", None),
    "immigration": (("identity_document", "work_permit"), "immigration", "legal_obligation", None),
    "social_security": (("bsn", "employment"), "social_security", "legal_obligation", None),
    "government_body": (
        ("identity_document",),
        "criminal_record_check",
        "consent",
        "criminal_record_check",
    ),
    "education_body": (("education_proof",), "diploma_check", "consent", "diploma_check"),
    "court": (("employment",), "court_order", "legal_obligation", None),
    "offshore_security_body": (
        ("identity_document", "criminal_record_consent"),
        "criminal_record_check",
        "consent",
        "criminal_record_check",
    ),
    "occupational_health": (("medical",), "medical_exam", "consent", "medical_exam"),
    "pension_fund": (("bsn", "salary"), "pension", "legal_obligation", None),
    "health_insurer": (("bsn", "insurance_pension"), "insurance", "legal_obligation", None),
    "insurer": (("insurance_pension",), "insurance", "contract", None),
    # the payroll bureau handles the BSN as the agency's processor, on the agency's duty
    "payroll_bureau": (("bsn", "bank_account", "salary"), "payroll", "legal_obligation", None),
    "financial_adviser": (("employment",), "tax_advice", "contract", None),
    "referee": (("cv",), "reference_check", "consent", "reference_check"),
}


# the safeguard of each non-EEA country in the demo register (Chapter V GDPR)
SAFEGUARDS: dict[str, str] = {"GB": "adequacy_decision"}


def recipient_rows(today: date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for index, (name, category, kind, country) in enumerate(RECIPIENTS, start=1):
        # signed before the first disclosure the demo makes (up to ~6 years back)
        signed = date(today.year - 8, 1 + index % 12, 1) if kind == "processor" else None
        # one processor agreement has lapsed, so the register shows what that looks like
        expires = None
        if signed is not None:
            expires = (
                date(today.year - 1, signed.month, 1)
                if index == 16
                else date(today.year + 2, signed.month, 1)
            )
        # outside the EEA a transfer needs a safeguard: the UK has an adequacy decision
        safeguard = SAFEGUARDS.get(country)
        rows.append((index, name, category, kind, signed, expires, country, True, safeguard))
    return rows
