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
    ("Zilveren Kruis Zorgverzekeringen", "insurer", "independent", "NL"),
    ("Nationale-Nederlanden Levensverzekering", "insurer", "independent", "NL"),
    ("Loonadministratie Nederland B.V.", "payroll_bureau", "processor", "NL"),
    ("FlexPayroll Services B.V.", "payroll_bureau", "processor", "NL"),
    ("Fiscaal Advies Noord B.V.", "financial_adviser", "processor", "NL"),
    ("Referent (vorige werkgever)", "referee", "independent", "NL"),
    ("Beroepsvereniging Verpleegkundigen (BIG-check)", "education_body", "independent", "NL"),
)

# What each kind of recipient receives, why, and on which legal basis; "consent" rows name
# the consent purpose they rely on (O8: a withdrawal blocks them).
DISCLOSURE_PROFILES: dict[str, tuple[tuple[str, ...], str, str, str | None]] = {
    "tax_authority": (("bsn", "salary"), "loonaangifte", "legal_obligation", None),
    "customs": (("identity_document",), "douaneformaliteiten", "legal_obligation", None),
    "auditor": (("salary", "employment"), "jaarrekeningcontrole", "legal_obligation", None),
    "immigration": (
        ("identity_document", "work_permit"),
        "tewerkstellingsvergunning",
        "legal_obligation",
        None,
    ),
    "social_security": (("bsn", "employment"), "ziekmelding", "legal_obligation", None),
    "government_body": (("identity_document",), "aanvraag VOG", "consent", "criminal_record_check"),
    "education_body": (("education_proof",), "diplomaverificatie", "consent", "diploma_check"),
    "court": (("employment",), "gerechtelijk bevel", "legal_obligation", None),
    "offshore_security_body": (
        ("identity_document", "medical"),
        "offshore registratie",
        "consent",
        "offshore_registration",
    ),
    "pension_fund": (("bsn", "salary"), "pensioenopbouw", "legal_obligation", None),
    "insurer": (("bsn", "insurance_pension"), "verzekering", "contract", None),
    "payroll_bureau": (("bsn", "bank_account", "salary"), "loonbetaling", "contract", None),
    "financial_adviser": (("salary",), "fiscaal advies", "contract", None),
    "referee": (("cv",), "referentiecheck", "consent", "reference_check"),
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
