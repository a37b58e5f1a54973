"""Letters that answer a data-subject request (Art. 12-22 AVG), in Dutch and English.

Each says only what is true when it is queued: the access cover letter names how the answer
travels (an encrypted attachment to this e-mail, or a printout in the envelope), and never
"bijgaand" when nothing goes with it. A refusal gives the reasons, the complaint to the
Autoriteit Persoonsgegevens and the way to court (Art. 12(4)). Every letter closes with
`$signature` (domain/contact.py).
"""

from __future__ import annotations

from typing import Final

_COMPLAINT_NL: Final = (
    "Bent u het niet eens met deze beslissing, dan kunt u een klacht indienen bij de "
    "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl) en kunt u zich tot de "
    "rechter wenden (artikel 12, lid 4 AVG).\n\n"
)
_COMPLAINT_EN: Final = (
    "If you disagree with this decision, you can complain to the Dutch Data Protection "
    "Authority (Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl) and you can go "
    "to court (GDPR Art. 12(4)).\n\n"
)
_RIGHTS_NL: Final = (
    "U kunt ons vragen gegevens te corrigeren, te verwijderen of de verwerking te beperken, "
    "en u kunt bezwaar maken. U kunt ook een klacht indienen bij de Autoriteit "
    "Persoonsgegevens.\n\n"
)
_RIGHTS_EN: Final = (
    "You can ask us to correct or erase data or to restrict its processing, and you can "
    "object. You can also complain to the Dutch Data Protection Authority (Autoriteit "
    "Persoonsgegevens).\n\n"
)
_REF_NL: Final = "Op $received ontvingen wij uw verzoek (verzoek $request). "
_REF_EN: Final = "On $received we received your request (request $request). "
_DEAR_NL: Final = "Geachte heer/mevrouw,\n\n"
_DEAR_EN: Final = "Dear Sir or Madam,\n\n"

REQUEST_TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    # Art. 15: the answer goes as an AES-encrypted ZIP attached to this e-mail; the password
    # travels by a second channel, never in the same message.
    "access_cover": {
        "nl": (
            "Uw verzoek om inzage: uw gegevens bij Konnektus",
            _DEAR_NL + _REF_NL + "In de bijlage van deze e-mail vindt u het bestand $filename: "
            "een overzicht van alle persoonsgegevens die wij van u verwerken (waarvoor, van wie "
            "wij ze kregen, aan wie wij ze verstrekten, wie ze inzag en hoe lang wij ze "
            "bewaren), met een machineleesbare kopie (JSON en CSV).\n\n"
            "Het bestand is versleuteld (AES-256). Het wachtwoord sturen wij u apart, "
            "$password_channel. Open het bestand met een programma dat AES-versleutelde "
            "ZIP-bestanden leest, zoals 7-Zip.\n\n" + _RIGHTS_NL + "$signature\n",
        ),
        "en": (
            "Your access request: your data at Konnektus",
            _DEAR_EN + _REF_EN + "Attached to this e-mail is the file $filename: an overview of "
            "all personal data we process about you (for what purpose, where we got it, to whom "
            "we disclosed it, who consulted it and how long we keep it), with a machine-readable "
            "copy (JSON and CSV).\n\n"
            "The file is encrypted (AES-256). We send you the password separately, "
            "$password_channel. Open the file with a program that reads AES-encrypted ZIP "
            "files, such as 7-Zip.\n\n" + _RIGHTS_EN + "$signature\n",
        ),
    },
    # Art. 15 by post: the printed statement goes in the same envelope as this letter.
    "access_cover_post": {
        "nl": (
            "Uw verzoek om inzage: uw gegevens bij Konnektus",
            _DEAR_NL + _REF_NL + "In deze envelop vindt u bij deze brief een afdruk van het "
            "overzicht van alle persoonsgegevens die wij van u verwerken: waarvoor, van wie wij "
            "ze kregen, aan wie wij ze verstrekten, wie ze inzag en hoe lang wij ze bewaren. "
            "Wilt u ook een machineleesbare kopie (JSON en CSV), laat het ons weten; wij sturen "
            "die dan versleuteld per e-mail.\n\n" + _RIGHTS_NL + "$signature\n",
        ),
        "en": (
            "Your access request: your data at Konnektus",
            _DEAR_EN + _REF_EN + "In this envelope, with this letter, you find a printout of "
            "the overview of all personal data we process about you: for what purpose, where we "
            "got it, to whom we disclosed it, who consulted it and how long we keep it. If you "
            "would also like a machine-readable copy (JSON and CSV), let us know and we will "
            "send it encrypted by e-mail.\n\n" + _RIGHTS_EN + "$signature\n",
        ),
    },
    # Art. 12(6): we ask for proof of identity; the period waits meanwhile.
    "identity_request": {
        "nl": (
            "Uw verzoek: wij vragen u om uw identiteit te bevestigen",
            _DEAR_NL + _REF_NL + "Om te voorkomen dat wij gegevens van u aan een ander geven "
            "of op verzoek van een ander wijzigen, vragen wij u eerst te bevestigen dat het "
            "verzoek van u komt (artikel 12, lid 6 AVG). Dat kan door ons te bellen, of door "
            "langs te komen met een geldig identiteitsbewijs. Stuurt u ons een kopie, maak dan "
            "uw foto en burgerservicenummer onleesbaar.\n\n"
            "Zolang wij op uw bevestiging wachten, staat de termijn voor uw verzoek stil.\n\n"
            "$signature\n",
        ),
        "en": (
            "Your request: please confirm your identity",
            _DEAR_EN + _REF_EN + "So that we never give your data to someone else or change it "
            "at someone else's request, we first ask you to confirm that the request comes from "
            "you (GDPR Art. 12(6)). You can do so by calling us, or by visiting us with a valid "
            "identity document. If you send us a copy, please black out your photo and citizen "
            "service number.\n\n"
            "While we wait for your confirmation, the period for your request is paused.\n\n"
            "$signature\n",
        ),
    },
    "request_refusal": {
        "nl": (
            "Uw verzoek: wij kunnen het niet uitvoeren",
            _DEAR_NL + _REF_NL + "Wij hebben besloten uw verzoek niet uit te voeren. De reden "
            "is: $reason\n\n" + _COMPLAINT_NL + "$signature\n",
        ),
        "en": (
            "Your request: we cannot carry it out",
            _DEAR_EN + _REF_EN + "We have decided not to carry out your request. The reason "
            "is: $reason\n\n" + _COMPLAINT_EN + "$signature\n",
        ),
    },
    "request_partial_refusal": {
        "nl": (
            "Uw verzoek: gedeeltelijk uitgevoerd",
            _DEAR_NL + _REF_NL + "Wij hebben uw verzoek gedeeltelijk uitgevoerd; voor het "
            "overige wijzen wij het af. De reden is: $reason\n\n" + _COMPLAINT_NL + "$signature\n",
        ),
        "en": (
            "Your request: partly carried out",
            _DEAR_EN + _REF_EN + "We carried out your request in part; for the rest we refuse "
            "it. The reason is: $reason\n\n" + _COMPLAINT_EN + "$signature\n",
        ),
    },
    # Art. 16 and 19: what was corrected.
    "rectification_done": {
        "nl": (
            "Uw gegevens zijn gecorrigeerd",
            _DEAR_NL + _REF_NL + "Wij hebben op $done de volgende gegevens gecorrigeerd:\n"
            "$changes\n\n"
            "Hebben wij deze gegevens eerder aan anderen verstrekt, dan laten wij hen de "
            "correctie weten (artikel 19 AVG).\n\n$signature\n",
        ),
        "en": (
            "Your data has been corrected",
            _DEAR_EN + _REF_EN + "On $done we corrected the following data:\n$changes\n\n"
            "Where we disclosed this data to others before, we let them know of the correction "
            "(GDPR Art. 19).\n\n$signature\n",
        ),
    },
    # Art. 18: restricted, and (18(3)) told before the restriction is lifted.
    "restriction_applied": {
        "nl": (
            "Uw verzoek om beperking: de verwerking is beperkt",
            _DEAR_NL + _REF_NL + "Vanaf $done is de verwerking van uw gegevens beperkt "
            "(artikel 18 AVG). Wij bewaren uw gegevens, maar gebruiken ze niet: wij verstrekken "
            "ze niet aan anderen, vragen u niet om verlenging van de bewaartermijn en wijzigen "
            "niets anders dan het gegeven waarover u twijfelt. De reden van de beperking: "
            "$reason\n\n"
            "Voordat wij de beperking opheffen, laten wij het u weten.\n\n$signature\n",
        ),
        "en": (
            "Your restriction request: processing is restricted",
            _DEAR_EN + _REF_EN + "From $done the processing of your data is restricted (GDPR "
            "Art. 18). We keep your data but do not use it: we do not disclose it to others, do "
            "not ask you to extend the retention period and change nothing except the data you "
            "dispute. The reason for the restriction: $reason\n\n"
            "Before we lift the restriction, we will let you know.\n\n$signature\n",
        ),
    },
    "restriction_lifted": {
        "nl": (
            "De beperking van de verwerking wordt opgeheven",
            _DEAR_NL + _REF_NL + "Op grond daarvan was de verwerking van uw gegevens beperkt. "
            "Wij heffen die beperking op $done op (artikel 18, lid 3 AVG). De reden: $reason\n\n"
            + _COMPLAINT_NL
            + "$signature\n",
        ),
        "en": (
            "The restriction of processing is lifted",
            _DEAR_EN + _REF_EN + "On that ground the processing of your data was restricted. "
            "We lift the restriction on $done (GDPR Art. 18(3)). The reason: $reason\n\n"
            + _COMPLAINT_EN
            + "$signature\n",
        ),
    },
    # Art. 21: an upheld objection stops the processing for that purpose everywhere it is used,
    # and the data kept only for it goes (Art. 17(1)(c)): the letter names both exactly.
    "objection_upheld": {
        "nl": (
            "Uw bezwaar: toegekend",
            _DEAR_NL + _REF_NL + "Wij kennen uw bezwaar tegen $purpose toe (artikel 21 AVG). "
            "Onze reden: $reason\n\n"
            "Vanaf $done stopt:\n$stopped_lines\n\n"
            "$removed_block\n\n$signature\n",
        ),
        "en": (
            "Your objection: upheld",
            _DEAR_EN + _REF_EN + "We uphold your objection to $purpose (GDPR Art. 21). Our "
            "reason: $reason\n\n"
            "From $done the following stops:\n$stopped_lines\n\n"
            "$removed_block\n\n$signature\n",
        ),
    },
    # Art. 22(3): a person looked at the decision again.
    "automated_review": {
        "nl": (
            "Uw verzoek over geautomatiseerde besluitvorming: onze beoordeling",
            _DEAR_NL + _REF_NL + "Een medewerker heeft het besluit op $done opnieuw beoordeeld, "
            "zonder het over te laten aan een computer (artikel 22, lid 3 AVG). De uitkomst: "
            "$reason\n\n" + _COMPLAINT_NL + "$signature\n",
        ),
        "en": (
            "Your request about automated decision-making: our review",
            _DEAR_EN + _REF_EN + "On $done a member of staff reviewed the decision again, "
            "without leaving it to a computer (GDPR Art. 22(3)). The outcome: $reason\n\n"
            + _COMPLAINT_EN
            + "$signature\n",
        ),
    },
    # Art. 7(3): the withdrawal of a consent is confirmed, from the day we received it.
    "consent_withdrawal_confirmed": {
        "nl": (
            "Uw toestemming is ingetrokken",
            _DEAR_NL + "Op $received ontvingen wij uw intrekking van uw toestemming voor "
            "$purpose, die u gaf op $given. Vanaf $received gebruiken wij uw gegevens niet meer "
            "op grond van die toestemming en verstrekken wij ze daarvoor niet meer aan anderen "
            "(artikel 7, lid 3 AVG). Wat wij al deden voordat u uw toestemming introk, blijft "
            "rechtmatig.\n\n$removed_block\n\n" + _RIGHTS_NL + "$signature\n",
        ),
        "en": (
            "Your consent has been withdrawn",
            _DEAR_EN + "On $received we received the withdrawal of your consent to $purpose, "
            "which you gave on $given. From $received we no longer use your data on the basis "
            "of that consent, nor disclose it to others for it (GDPR Art. 7(3)). What we did "
            "before you withdrew your consent remains lawful.\n\n$removed_block\n\n"
            + _RIGHTS_EN
            + "$signature\n",
        ),
    },
}
