"""PDFs people keep: a consent in plain language, and a disclosure package. Pure rendering to
bytes with reportlab; no files, no network, and the one font (Bitstream Vera, embedded) ships
inside reportlab itself.

Text from records is escaped before layout: reportlab paragraphs read markup, peer text never
is. The PDF's metadata names the kind of document only, never the peer. Output is byte-stable
for the same input (reportlab's invariant mode), so a copy can be hashed and compared.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from confide.domain.consents import PART2_FORMS, Consent, ConsentForm, ConsentRecipient
from confide.domain.disclosures import (
    Category,
    DisclosurePackage,
    DisclosurePurpose,
    Duty,
)
from confide.interop.pdf_words import (
    BASIS_WORDS,
    CATEGORY_WORDS,
    FORM_TITLES,
    KIND_WORDS,
    PURPOSE_WORDS,
    SIGNER_WORDS,
    criminal_justice_words,
    fundraising_words,
    redisclosure_potential_words,
    redisclosure_words,
    refusal_words,
    revocation_words,
)

T = TypeVar("T", Category, DisclosurePurpose)
NOT_STATED = "Not stated on this form."
AUTHORITY = "Authority to act for you"
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#6b6b6b")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Italic", "VeraIt.ttf"))
    base = ParagraphStyle("body", fontName="Vera", fontSize=10.5, leading=14.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName="Vera-Bold", fontSize=17, leading=22),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10, textColor=RULE, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", base, fontName="Vera-Bold", fontSize=12, leading=16, spaceBefore=10
        ),
        "missing": ParagraphStyle("missing", base, fontName="Vera-Italic", textColor=RULE),
        "bullet": ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=3),
        "notice": ParagraphStyle("notice", base, fontName="Vera-Bold", fontSize=11.5, leading=16),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=RULE),
    }


def _p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: never read as markup)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), _styles()[style])


def _bullets(lines: Iterable[str]) -> list[Flowable]:
    style = _styles()["bullet"]
    return [Paragraph(escape(line), style, bulletText="\u2022") for line in lines]


def _section(heading: str, body: Sequence[Flowable]) -> Flowable:
    return KeepTogether([_p(heading, "heading"), *body])


def _render(story: list[Flowable], *, title: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title=title,
        author="",
        subject="",
        creator="confide",
        invariant=True,
    )

    def page(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Vera", 8)
        canvas.setFillColor(RULE)
        canvas.drawString(0.9 * inch, 0.5 * inch, f"{footer} \u00b7 page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


# ---- consent ----------------------------------------------------------------------------


def consent_pdf(consent: Consent) -> bytes:
    """The consent as the peer keeps it: each element in plain words, how to revoke it, and
    the statements it carries, and the signature block. An absent element reads "Not stated
    on this form."."""
    story: list[Flowable] = [
        _p(FORM_TITLES[consent.form], "title"),
        _p(_law_line(consent.form), "subtitle"),
        _p("This is your copy. Keep it: it says what you agreed to and how to take it back."),
        _section("Whose records", [_text_or_missing(consent.patient_name)]),
        _section("Who may share them", [_text_or_missing(consent.discloser)]),
        _section("What may be shared", _information(consent)),
        _section("Who may receive them", _recipients(consent.recipients)),
        _section("Why they may be shared", _purposes(consent.purposes)),
        _section("How long this consent lasts", [_p(_expiry(consent))]),
        _section("You can take this consent back", [_p(revocation_words(consent.form))]),
    ]
    terms = consent.criminal_justice
    if terms is not None:
        words = criminal_justice_words(terms.period, terms.revocable_upon)
        story.append(_section("Probation or a court program", [_p(words)]))
    story += _statements(consent)
    story.append(_signature_block(consent))
    return _render(story, title="Consent", footer=f"Consent {consent.id}")


def _statements(consent: Consent) -> list[Flowable]:
    """The statements the consent carries. The one on refusing to sign was printed on every
    copy before contract v2, so only a consent that says it lacks it (`False`) goes without."""
    out: list[Flowable] = []
    if consent.redisclosure_statement or consent.form is ConsentForm.HIPAA_AUTHORIZATION:
        words = redisclosure_words(consent.form)
        out.append(_section("If your records are shared further", [_p(words)]))
    if consent.redisclosure_potential_statement:
        words = redisclosure_potential_words()
        out.append(_section("Once your records are shared", [_p(words)]))
    if consent.fundraising_statement:
        out.append(_section("Fundraising", [_p(fundraising_words())]))
    if consent.refusal_consequences_statement is not False:
        out.append(_section("Your choice", [_p(refusal_words())]))
    return out


def _law_line(form: ConsentForm) -> str:
    if form in PART2_FORMS:
        return "Written consent under 42 CFR part 2 (42 CFR 2.31)"
    return "Authorization under the HIPAA Privacy Rule (45 CFR 164.508)"


def _text_or_missing(value: str | None) -> Paragraph:
    return _p(value) if value and value.strip() else _p(NOT_STATED, "missing")


def _information(consent: Consent) -> list[Flowable]:
    body: list[Flowable] = []
    if consent.information:
        body += _bullets(CATEGORY_WORDS[c] for c in _ordered(consent.information, Category))
    else:
        body.append(_p(NOT_STATED, "missing"))
    description = consent.information_description
    if description and description.strip():
        body.append(_p(f"In the form's words: {description}"))
    else:
        body.append(_p("The form's own description: " + NOT_STATED, "missing"))
    return body


def _recipients(recipients: Sequence[ConsentRecipient] | None) -> list[Flowable]:
    if not recipients:
        return [_p(NOT_STATED, "missing")]
    lines = []
    for r in recipients:
        line = r.name.strip() or NOT_STATED
        if r.kind is not None:
            line += f" ({KIND_WORDS[r.kind]})"
        if r.intermediary:
            who = ", ".join(r.participants) or r.participant_class or NOT_STATED
            line += f". They pass records on to: {who}"
        lines.append(line)
    return _bullets(lines)


def _purposes(purposes: frozenset[DisclosurePurpose] | None) -> list[Flowable]:
    if not purposes:
        return [_p(NOT_STATED, "missing")]
    return _bullets(PURPOSE_WORDS[p] for p in _ordered(purposes, DisclosurePurpose))


def _expiry(consent: Consent) -> str:
    if consent.expires is not None:
        return f"Until {_day(consent.expires)}, unless you take it back sooner."
    if consent.expiry_event:
        return f"Until {consent.expiry_event}, unless you take it back sooner."
    if consent.expiry_stated and consent.form is ConsentForm.PART2_TPO:
        return "No end date: it lasts until you take it back."
    return NOT_STATED


def _signature_block(consent: Consent) -> Flowable:
    signed = consent.signed is True
    first = (consent.signed_by,) if consent.signed_by else ()
    signers = " and ".join(SIGNER_WORDS[s] for s in (*first, *consent.co_signed_by))
    rows = [
        ["Signed by", (signers or NOT_STATED) if signed else ""],
        ["Signature", "Signed (the signature is on file)" if signed else ""],
        ["Date signed", _day(consent.signed_on) if consent.signed_on else ""],
    ]
    if consent.representative_authority:
        rows.append([AUTHORITY, consent.representative_authority])
    if consent.revoked_on is not None:
        rows.append(["Taken back on", _day(consent.revoked_on)])
    cells = [[_p(label), _p(value)] for label, value in rows]
    heights = [None if label == AUTHORITY else 0.42 * inch for label, _ in rows]  # text grows
    table = Table(cells, colWidths=[1.6 * inch, 4.8 * inch], rowHeights=heights)
    table.setStyle(
        [
            ("LINEBELOW", (1, 0), (1, -1), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]
    )
    return KeepTogether([_p("Signature", "heading"), Spacer(1, 4), table])


# ---- disclosure package -----------------------------------------------------------------


def package_pdf(package: DisclosurePackage) -> bytes:
    """The package as the recipient gets it: the 2.32 notice first where required, who sent
    what to whom and why, the items, and the consent it relies on."""
    request = package.request
    story: list[Flowable] = [_p("Disclosure of records", "title")]
    if package.notice is not None:
        story.append(_notice_box(package.notice))
    facts = [
        ("From", package.discloser),
        ("To", f"{request.recipient.name} ({KIND_WORDS[request.recipient.kind]})"),
        ("About", package.peer_name or NOT_STATED),
        ("Purpose", PURPOSE_WORDS[request.purpose]),
        ("Legal basis", BASIS_WORDS[request.basis.type]),
        ("Under", "; ".join(package.decision.citations) or NOT_STATED),
        ("Prepared on", _day(package.prepared_at.date())),
    ]
    story += [Spacer(1, 8), _facts_table(facts)]
    story += _emergency(package)
    story.append(_p("What is included", "heading"))
    story += _items(package) or [_p("No records are included.", "missing")]
    if package.consent is not None:
        story.append(_consent_scope(package.consent))
    return _render(story, title="Disclosure package", footer=f"Disclosure {package.id}")


def _notice_box(notice: str) -> Flowable:
    table = Table([[_p(notice, "notice")]], colWidths=[6.7 * inch])
    table.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 1.2, INK),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ]
    )
    return KeepTogether([Spacer(1, 6), table])


def _facts_table(facts: Sequence[tuple[str, str]]) -> Flowable:
    table = Table([[_p(k), _p(v)] for k, v in facts], colWidths=[1.4 * inch, 5.3 * inch])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def _emergency(package: DisclosurePackage) -> list[Flowable]:
    emergency = package.request.emergency
    if emergency is None or Duty.DOCUMENT_EMERGENCY not in package.decision.obligations:
        return []
    facts = [
        ("Recipient's affiliation", emergency.recipient_affiliation or NOT_STATED),
        ("Disclosed by", emergency.disclosed_by or NOT_STATED),
        ("Nature of the emergency", emergency.nature or NOT_STATED),
    ]
    return [_p("Medical emergency (42 CFR 2.51(c))", "heading"), _facts_table(facts)]


def _items(package: DisclosurePackage) -> list[Flowable]:
    out: list[Flowable] = []
    categories = _ordered({i.category for i in package.items}, Category)
    for category in categories:
        out.append(_p(CATEGORY_WORDS[category].capitalize(), "heading"))
        for item in (i for i in package.items if i.category is category):
            when = f" ({_day(item.recorded_on)})" if item.recorded_on else ""
            out.append(_p(f"{item.title}{when}", "notice"))
            out.append(_p(item.text))
            out.append(Spacer(1, 4))
    return out


def _consent_scope(consent: Consent) -> Flowable:
    """2.32(b): a clear explanation of the consent's scope goes with the disclosure."""
    signed = _day(consent.signed_on) if consent.signed_on else NOT_STATED
    body: list[Flowable] = [_p(f"Consent {consent.id}, signed {signed}")]
    body.append(_p("It allows sharing of:"))
    body += _bullets(CATEGORY_WORDS[c] for c in _ordered(consent.information or (), Category))
    body.append(_p("With:"))
    body += _recipients(consent.recipients)
    body.append(_p("For:"))
    body += _purposes(consent.purposes)
    body.append(_p(_expiry(consent)))
    return _section("The consent this disclosure relies on (42 CFR 2.32(b))", body)


def _ordered(values: Iterable[T], kind: type[T]) -> list[T]:
    order = list(kind)
    return sorted(values, key=order.index)


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"
