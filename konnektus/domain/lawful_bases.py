"""What may go to whom, for what, on which ground (docs: lawful-bases.md), kept as data.

A disclosure names its data categories, a recipient (by category), a purpose code and a legal
ground. Most data may go wherever the register's other rules let it, on any ground, once the
ground fits the purpose: a consent carries only its own purpose (Art. 5(1)(b), 6(1)(a), 7).
Some data needs more: the BSN (UAVG art. 46), health data (Art. 9), criminal-record data
(Art. 10, UAVG art. 31-33), and bank account, salary and family members. For those the table
below names, per recipient category, the grounds that may carry the data and the purposes each
ground carries there; a recipient category it does not name may not receive that data at all.
CV, education proof and contact data may go to others too, but to a client, a school or a
referee only on a contract or a consent for that purpose.

A court gets what its order names, on `legal_obligation`, with the order's reference recorded
(`court_order`, below). `legitimate_interest` carries none of the data in the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

# A consent names one of these (Art. 7); a disclosure on consent must have the same purpose.
CONSENT_PURPOSES: Final = (
    "job_finding",
    "diploma_check",
    "reference_check",
    "medical_exam",
    "criminal_record_check",
    "survey",
)
# What else a disclosure can be for: a contract with the person or a legal duty of the agency.
DUTY_PURPOSES: Final = (
    "placement",
    "payroll",
    "tax_return",
    "pension",
    "social_security",
    "insurance",
    "immigration",
    "customs",
    "audit",
    "tax_advice",
    "court_order",
)
DISCLOSURE_PURPOSES: Final = CONSENT_PURPOSES + DUTY_PURPOSES
# An old disclosure whose free-text purpose could not be read as a code (migration 016): the
# text is kept as its note. Shown, never chosen for a new disclosure.
UNSPECIFIED_PURPOSE: Final = "unspecified"
SHOWN_PURPOSES: Final = frozenset({*DISCLOSURE_PURPOSES, UNSPECIFIED_PURPOSE})  # have words

# Chapter V: countries covered by an adequacy decision of the Commission (Art. 45). The United
# States only for companies certified under the Data Privacy Framework: the register records
# the company, so staff choose the safeguard only for a certified one.
ADEQUACY_COUNTRIES: Final = frozenset(
    {"AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY"}
)
# Not a safeguard but an Art. 49(1)(a) derogation, for an occasional transfer after the
# person was told the risks: allowed, marked as such and counted.
DEROGATIONS: Final = frozenset({"explicit_consent"})

ANY_PURPOSE: Final = None


@dataclass(frozen=True)
class Carrier:
    """What one recipient category may receive of a rule's data: per legal ground the purposes
    it carries there (ANY_PURPOSE: every purpose the ground fits)."""

    grounds: Mapping[str, frozenset[str] | None]
    processor_only: bool = False  # only a recipient registered as the agency's processor


@dataclass(frozen=True)
class DataRule:
    """Data that needs more than a ground: who may receive it, for what, on which grounds."""

    code: str  # names the refusals: <code>_recipient, <code>_ground (sharing.refusal.*)
    categories: frozenset[str]
    carriers: Mapping[str, Carrier]  # recipient category -> what it may receive
    exclusive: bool = True  # True: a recipient category not named receives none of it


def _on(**grounds: tuple[str, ...] | None) -> Carrier:
    return Carrier(
        MappingProxyType({g: None if p is None else frozenset(p) for g, p in grounds.items()})
    )


_PAYROLL_DUTIES: Final = ("payroll", "tax_return", "pension", "social_security", "insurance")
# A court order names what the court gets; the order's reference goes in the note.
COURT: Final = _on(legal_obligation=("court_order",))

DATA_RULES: Final[tuple[DataRule, ...]] = (
    # UAVG art. 46: only where a law prescribes the BSN; the payroll bureau handles it for the
    # agency, as its processor, on the agency's own duty.
    DataRule(
        "bsn",
        frozenset({"bsn"}),
        MappingProxyType(
            {
                "tax_authority": _on(legal_obligation=("tax_return", "payroll")),
                "pension_fund": _on(legal_obligation=("pension",)),
                "social_security": _on(legal_obligation=("social_security",)),
                "immigration": _on(legal_obligation=("immigration",)),
                "health_insurer": _on(legal_obligation=("insurance",)),
                "payroll_bureau": Carrier(
                    MappingProxyType({"legal_obligation": frozenset(_PAYROLL_DUTIES)}),
                    processor_only=True,
                ),
                "court": COURT,
            }
        ),
    ),
    # Art. 9: explicit consent for the medical examination, or 9(2)(b) employment and
    # social-security law (a legal duty).
    DataRule(
        "health",
        frozenset({"medical"}),
        MappingProxyType(
            {
                "occupational_health": _on(
                    consent=("medical_exam",), legal_obligation=("medical_exam", "social_security")
                ),
                "court": COURT,
            }
        ),
    ),
    # Art. 10 with UAVG art. 31-33: explicit consent for the check, or a legal duty.
    DataRule(
        "criminal_record",
        frozenset({"criminal_record_consent"}),
        MappingProxyType(
            {
                "government_body": _on(
                    consent=("criminal_record_check",), legal_obligation=("criminal_record_check",)
                ),
                "offshore_security_body": _on(
                    consent=("criminal_record_check",), legal_obligation=("criminal_record_check",)
                ),
                "court": COURT,
            }
        ),
    ),
    DataRule(
        "financial",
        frozenset({"bank_account", "salary", "family_member"}),
        MappingProxyType(
            {
                "tax_authority": _on(
                    legal_obligation=("tax_return", "payroll"), contract=("tax_return", "payroll")
                ),
                "pension_fund": _on(legal_obligation=("pension",), contract=("pension",)),
                "payroll_bureau": _on(legal_obligation=_PAYROLL_DUTIES, contract=_PAYROLL_DUTIES),
                "insurer": _on(legal_obligation=("insurance",), contract=("insurance",)),
                "health_insurer": _on(legal_obligation=("insurance",), contract=("insurance",)),
                "court": COURT,
            }
        ),
    ),
    # Others may get these too (a court, the IND); a client, a school and a referee only on a
    # contract or a consent for the purpose they serve.
    DataRule(
        "profile",
        frozenset({"cv", "education_proof", "contact_details"}),
        MappingProxyType(
            {
                "client": _on(contract=("job_finding", "placement"), consent=("job_finding",)),
                "education_body": _on(contract=("diploma_check",), consent=("diploma_check",)),
                "referee": _on(contract=("reference_check",), consent=("reference_check",)),
            }
        ),
        exclusive=False,
    ),
)
RULE_OF_CATEGORY: Final = MappingProxyType(
    {category: rule for rule in DATA_RULES for category in rule.categories}
)
# What a proposal sends the client (lawful-bases.md, "Clients are recipients"): on the steps
# before a contract at the person's request, for job finding.
PROPOSAL_CATEGORIES: Final = ("cv", "contact_details")
PROPOSAL_PURPOSE: Final = "job_finding"
PROPOSAL_GROUND: Final = "contract"


@dataclass(frozen=True)
class Breach:
    """Which rule a disclosure breaks: `<rule>_recipient` (this recipient category may not
    receive the data) or `<rule>_ground` (not on this ground, or not for this purpose)."""

    rule: str
    category: str
    reason: str  # "recipient" or "ground"

    @property
    def code(self) -> str:
        return f"{self.rule}_{self.reason}"


def data_breach(
    categories: tuple[str, ...] | list[str],
    *,
    recipient_category: str,
    recipient_kind: str,
    purpose: str,
    legal_basis: str,
) -> Breach | None:
    """The first data category the table does not let go there, for this, on this ground."""
    for category in categories:
        rule = RULE_OF_CATEGORY.get(category)
        if rule is None:
            continue
        carrier = rule.carriers.get(recipient_category)
        if carrier is None:
            if rule.exclusive:
                return Breach(rule.code, category, "recipient")
            continue
        if carrier.processor_only and recipient_kind != "processor":
            return Breach(rule.code, category, "recipient")
        if legal_basis not in carrier.grounds:
            return Breach(rule.code, category, "ground")
        purposes = carrier.grounds[legal_basis]
        if purposes is not ANY_PURPOSE and purpose not in purposes:
            return Breach(rule.code, category, "ground")
    return None


def breach_codes() -> tuple[str, ...]:
    """Every code `data_breach` can give, for the catalogs and the refusal list."""
    codes = []
    for rule in DATA_RULES:
        if rule.exclusive or any(c.processor_only for c in rule.carriers.values()):
            codes.append(f"{rule.code}_recipient")
        codes.append(f"{rule.code}_ground")
    return tuple(codes)


def court_order_problem(recipient_category: str, purpose: str, legal_basis: str, note: str) -> str:
    """'' when fine; 'court_order' when a court gets data other than on its order, or an order
    goes elsewhere; 'court_order_reference' when the order's reference is not in the note."""
    to_court = recipient_category == "court"
    if (to_court or purpose == "court_order") and not (
        to_court and purpose == "court_order" and legal_basis == "legal_obligation"
    ):
        return "court_order"
    if purpose == "court_order" and not note.strip():
        return "court_order_reference"
    return ""


def is_derogation(safeguard: str | None) -> bool:
    """An Art. 49 derogation, not an Art. 45-47 safeguard: occasional transfers only."""
    return safeguard in DEROGATIONS


def adequacy_covers(country: str) -> bool:
    return country.strip().upper() in ADEQUACY_COUNTRIES
