"""PDFs: a consent the peer keeps (every element in plain words, the signature block, how to
revoke) and a disclosure package (items, recipient, purpose, basis, and the verbatim 42 CFR
2.32 notice where required). Each PDF is parsed back and its text checked."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from confide.domain.consents import ConsentForm, ConsentRecipient, CriminalJusticeTerms, Signer
from confide.domain.disclosures import (
    REDISCLOSURE_NOTICE,
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    DisclosureRequest,
    Emergency,
    PackageItem,
    Recipient,
    RecipientKind,
)
from confide.interop.pdf import consent_pdf, package_pdf
from confide.policy.disclosure import decide_disclosure
from confide.policy.disclosure_package import package_disclosure
from tests.unit.policy.disclosure_builders import consent, request, without_consent

ITEMS = (
    PackageItem(
        Category.ATTENDANCE, "Attendance, April", "Attended 4 of 4 groups.", date(2027, 4, 30)
    ),
    PackageItem(Category.SERVICE_NOTES, "Session note", "Talked about the new job."),
)


def text_of(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall where the layout puts them)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def package_text(req: DisclosureRequest) -> str:
    package = package_disclosure(
        req,
        decide_disclosure(req),
        ITEMS,
        package_id="pkg-3",
        prepared_at=datetime(2027, 5, 4, 14, 30, tzinfo=UTC),
        discloser="Lantern Peer Center",
        peer_name="Robin Okafor",
    )
    return text_of(package_pdf(package))


@pytest.mark.parametrize("form", list(ConsentForm))
def test_consent_pdf_states_every_element_in_plain_words(form: ConsentForm) -> None:
    text = text_of(consent_pdf(consent(form)))
    for expected in [
        "Robin Okafor",  # whose records, 2.31(a)(1)
        "Lantern Peer Center",  # who discloses, 2.31(a)(2)
        "when you came to sessions and groups",  # what, 2.31(a)(3)
        "information about substance use treatment",
        "attendance dates and recovery support received",
        "Maple Street Health (a provider who treats you)",  # to whom, 2.31(a)(4)
        "for your care (treatment)",  # why, 2.31(a)(5)
        "You can take back (revoke) this consent at any time",  # 2.31(a)(6)
        "Until December 31, 2027",  # expiry, 2.31(a)(7)
        "Signed by You",  # signature, 2.31(a)(8)
        "Date signed January 10, 2027",  # 2.31(a)(9)
        "Your services here do not depend on whether you sign",
    ]:
        assert expected in text, expected


def test_consent_pdf_says_how_to_revoke() -> None:
    text = text_of(consent_pdf(consent()))
    assert "Tell us in writing" in text
    assert "nothing more is shared under this consent" in text


def test_consent_pdf_marks_an_absent_element_rather_than_inventing_one() -> None:
    text = text_of(consent_pdf(consent(discloser=None, purposes=None)))
    assert text.count("Not stated on this form.") == 2


def test_unsigned_consent_pdf_leaves_the_signature_lines_blank() -> None:
    text = text_of(consent_pdf(consent(signed=None, signed_by=None, signed_on=None)))
    assert "Signed (the signature is on file)" not in text
    assert "Signature Signed by Signature Date signed" in text


def test_revoked_consent_pdf_shows_the_date_it_was_taken_back() -> None:
    text = text_of(consent_pdf(consent(revoked_on=date(2027, 3, 1))))
    assert "Taken back on March 1, 2027" in text


def test_tpo_consent_without_an_end_date_says_so() -> None:
    c = consent(ConsentForm.PART2_TPO, expires=None, expiry_event=None)
    assert "No end date: it lasts until you take it back." in text_of(consent_pdf(c))


def test_intermediary_consent_pdf_names_who_it_passes_records_to() -> None:
    hub = ConsentRecipient(
        "Riverbend Health Exchange",
        RecipientKind.OTHER,
        intermediary=True,
        participants=("Cedar Clinic",),
    )
    text = text_of(consent_pdf(consent(recipients=(hub,))))
    assert "They pass records on to: Cedar Clinic" in text


def test_markup_in_record_text_is_printed_not_interpreted() -> None:
    text = text_of(consent_pdf(consent(patient_name="Robin <b>Okafor</b> & Co")))
    assert "Robin <b>Okafor</b> & Co" in text


def test_consent_pdf_metadata_does_not_name_the_peer() -> None:
    reader = PdfReader(io.BytesIO(consent_pdf(consent())))
    assert "Robin" not in str(reader.metadata)


def test_same_consent_renders_the_same_bytes() -> None:
    assert consent_pdf(consent()) == consent_pdf(consent())


def test_package_pdf_carries_the_2_32_notice_verbatim_when_required() -> None:
    text = package_text(request())
    assert "42 CFR part 2 prohibits unauthorized use or disclosure of these records." in text
    assert REDISCLOSURE_NOTICE in text


def test_package_pdf_names_items_recipient_purpose_and_basis() -> None:
    text = package_text(request())
    assert "Attendance, April (April 30, 2027)" in text
    assert "Attended 4 of 4 groups." in text
    assert "To Maple Street Health (a provider who treats you)" in text
    assert "Purpose for your care (treatment)" in text
    assert "Legal basis the peer's written consent" in text
    assert "42 CFR 2.31" in text
    assert "The consent this disclosure relies on (42 CFR 2.32(b))" in text


def test_package_pdf_leaves_out_categories_not_allowed() -> None:
    """Attendance was requested; the session note stays home (minimum necessary)."""
    assert "Talked about the new job." not in package_text(request())


def test_emergency_package_pdf_has_no_notice_and_documents_the_emergency() -> None:
    req = without_consent(
        basis=Basis(BasisType.MEDICAL_EMERGENCY),
        purpose=DisclosurePurpose.MEDICAL_EMERGENCY,
        recipient=Recipient("County General ED", RecipientKind.MEDICAL_PERSONNEL),
        emergency=Emergency(False, "County General", "R. Diaz", "overdose"),
    )
    text = package_text(req)
    assert REDISCLOSURE_NOTICE not in text
    assert "Medical emergency (42 CFR 2.51(c))" in text
    assert "Nature of the emergency overdose" in text


def test_consent_pdf_prints_the_v2_statements_it_carries_and_no_others() -> None:
    carried = text_of(consent_pdf(consent(
        redisclosure_potential_statement=True, fundraising_statement=True,
        refusal_consequences_statement=True,
    )))  # fmt: skip
    assert "no longer protect them" in carried
    assert "you do not want these requests" in carried
    assert "Your services here do not depend on whether you sign." in carried
    lacking = text_of(consent_pdf(consent(
        redisclosure_potential_statement=False, fundraising_statement=False,
        refusal_consequences_statement=False,
    )))  # fmt: skip
    for words in ("no longer protect them", "you do not want these requests",
                  "do not depend on whether you sign"):  # fmt: skip
        assert words not in lacking
    unsaid = text_of(consent_pdf(consent()))  # a v1 consent prints what it printed before
    assert "Your services here do not depend on whether you sign." in unsaid
    assert "no longer protect them" not in unsaid


def test_consent_pdf_prints_the_2_35_terms_every_signer_and_the_authority() -> None:
    text = text_of(consent_pdf(consent(
        criminal_justice=CriminalJusticeTerms("until the end of probation", None),
        signed_by=Signer.PATIENT, co_signed_by=(Signer.PARENT,),
        representative_authority="parent of a minor peer",
    )))  # fmt: skip
    assert "Probation or a court program" in text
    assert "It stays in effect: until the end of probation" in text
    assert "You can take it back only after: Not stated on this form." in text
    assert "You and Your parent" in text
    assert "Authority to act for you parent of a minor peer" in text
