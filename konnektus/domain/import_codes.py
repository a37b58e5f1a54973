"""Issue 14: the codes an import file may use, and the Dutch (or plain English) words that
stand for them, folded by konnektus.domain.import_values.word_key ("Wettelijke verplichting"
-> legal_obligation). The format itself is konnektus/domain/import_format.py."""

from __future__ import annotations

from typing import Final

from konnektus.domain.lawful_bases import CONSENT_PURPOSES as CONSENT_PURPOSES

# O4: the categories of personal-data items (the catalog words are in [category]).
ITEM_CATEGORIES: Final = (
    "cv",
    "correspondence",
    "survey_answer",
    "identity_document",
    "work_permit",
    "criminal_record_consent",
    "emergency_contact",
    "medical",
    "education_proof",
    "insurance_pension",
    "bank_account",
    "bsn",
    "family_member",
)
SPECIAL_CATEGORIES: Final = frozenset({"medical"})  # GDPR Art. 9 (health)
STAGES: Final = ("applicant", "proposed", "placed", "employed", "former_employee")
SOURCES: Final = ("website", "cv_email", "referral", "job_board", "walk_in")
LANGUAGES: Final = ("nl", "en")
OUTCOMES: Final = ("pending", "rejected", "placed")
REQUEST_CHANNELS: Final = ("email", "web_form", "letter", "phone")
# Only requests still open come in: a closed one belongs to the archive of the old system.
IMPORT_REQUEST_STATUSES: Final = ("received", "in_progress")

# Dutch (and plain English) words for the codes, folded by word_key.
LEGAL_BASIS_WORDS: Final = {
    "toestemming": "consent",
    "overeenkomst": "contract",
    "wettelijke_verplichting": "legal_obligation",
    "gerechtvaardigd_belang": "legitimate_interest",
}
# A consent or disclosure purpose as older files wrote it, and the free texts of disclosures
# before migration 016 (the demo's own and common payroll words): read as its code.
CONSENT_PURPOSE_WORDS: Final = {
    "offshore_registration": "medical_exam",
    "offshore_registratie": "medical_exam",
    "medische_keuring": "medical_exam",
    "bemiddeling_naar_werk": "job_finding",
    "diplomaverificatie": "diploma_check",
    "referentiecheck": "reference_check",
    "vog_aanvraag": "criminal_record_check",
    "aanvraag_vog": "criminal_record_check",
    "enquete": "survey",
    "tevredenheidsonderzoek": "survey",
}
DISCLOSURE_PURPOSE_WORDS: Final = {
    **CONSENT_PURPOSE_WORDS,
    "voordracht": "job_finding",
    "plaatsing": "placement",
    "loonbetaling": "payroll",
    "loonadministratie": "payroll",
    "loonaangifte": "tax_return",
    "belastingaangifte": "tax_return",
    "pensioen": "pension",
    "pensioenopbouw": "pension",
    "ziekmelding": "social_security",
    "sociale_zekerheid": "social_security",
    "verzekering": "insurance",
    "zorgverzekering": "insurance",
    "tewerkstellingsvergunning": "immigration",
    "wav": "immigration",
    "douaneformaliteiten": "customs",
    "jaarrekeningcontrole": "audit",
    "fiscaal_advies": "tax_advice",
    "gerechtelijk_bevel": "court_order",
}
STAGE_WORDS: Final = {
    "kandidaat": "applicant",
    "voorgedragen": "proposed",
    "geplaatst": "placed",
    "in_dienst": "employed",
    "oud_medewerker": "former_employee",
}
KIND_WORDS: Final = {
    "verwerker": "processor",
    "zelfstandig": "independent",
    "derde": "independent",
}
OUTCOME_WORDS: Final = {"open": "pending", "afgewezen": "rejected", "geplaatst": "placed"}
LANGUAGE_WORDS: Final = {
    "nederlands": "nl",
    "dutch": "nl",
    "engels": "en",
    "english": "en",
}
STATUS_WORDS: Final = {"ontvangen": "received", "in_behandeling": "in_progress"}
CHANNEL_WORDS: Final = {
    "e_mail": "email",
    "webformulier": "web_form",
    "brief": "letter",
    "telefoon": "phone",
}
