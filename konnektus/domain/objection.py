"""Art. 21: what an upheld objection stops, and which data it takes away with it.

An upheld objection stops its purpose for that person from that moment, in every place the
purpose is used (docs/lawful-bases.md); the data kept only for that purpose has no ground left
and goes (Art. 17(1)(c)), except what a legal hold keeps. One table per question, so the
confirmation step, the service and the letter say the same thing.
"""

from __future__ import annotations

from typing import Final

from konnektus.domain.retention import is_job_finding

# What an objection can stop: the purposes the agency processes on legitimate interest.
OBJECTION_PURPOSES: Final = ("job_finding", "survey", "reference_check")

# Where each purpose is used, and so what stops (catalog objection_effect.<code>).
STOPS: Final[dict[str, tuple[str, ...]]] = {
    "job_finding": ("search", "proposals", "extension_question"),
    "survey": ("survey",),
    "reference_check": ("referees",),
}

# The recipient categories a disclosure for a stopped purpose would go to: a referee is only
# ever asked for a reference check, a client only ever gets a proposal (job finding).
RECIPIENTS_OF: Final[dict[str, frozenset[str]]] = {
    "reference_check": frozenset({"referee"}),
    "job_finding": frozenset({"client"}),
    "survey": frozenset(),
}

SURVEY_CATEGORIES: Final = frozenset({"survey_answer"})


def removes_category(purpose: str, category: str) -> bool:
    """Whether an item of `category` goes when an objection to `purpose` is upheld: the
    job-finding data (CV, correspondence, survey answers, ...) for job finding, the survey
    answers for surveys; a reference check keeps no data of its own."""
    if purpose == "job_finding":
        return is_job_finding(category)
    if purpose == "survey":
        return category in SURVEY_CATEGORIES
    return False


def removes_proposals(purpose: str) -> bool:
    """Proposals and the extension questions asked are job-finding records too."""
    return purpose == "job_finding"


def objected_disclosure(
    stopped_purposes: frozenset[str], recipient_category: str | None, purpose: str
) -> bool:
    """A disclosure that would serve a purpose the person's upheld objection stopped: its
    purpose is that purpose, or its recipient is one that purpose alone goes to."""
    code = purpose.strip()
    return any(
        code == stopped or (recipient_category or "") in RECIPIENTS_OF.get(stopped, frozenset())
        for stopped in stopped_purposes
    )
