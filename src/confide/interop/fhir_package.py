"""A disclosure package as a FHIR R4 document `Bundle`. Pure translation; no I/O.

The Bundle carries what the package holds and nothing else (`policy.disclosure_package` chose
it): a Composition first (the 42 CFR 2.32 notice as its first section where required; what was
disclosed, to whom, why and on what basis; one section per category), a DocumentReference per
item, and the consent the disclosure relies on (2.32(b)). Labels: restricted everywhere,
42CFRPart2 for a Part 2 program's records, NORDSCLCD on a Bundle that carries the notice.
"""

from __future__ import annotations

import base64
import html
import uuid
from collections.abc import Iterable

from confide.domain.disclosures import Category, DisclosurePackage, PackageItem
from confide.interop import fhir_codes as codes
from confide.interop._fhir_json import JSON
from confide.interop.fhir import consent_to_fhir
from confide.interop.fhir_codes import coding


def package_to_fhir(package: DisclosurePackage) -> JSON:
    """A FHIR R4 document `Bundle`: a Composition (the notice first where required, then what
    was disclosed, to whom, why and on what basis, then one section per category), one
    DocumentReference per item, and the consent the disclosure relies on."""
    urls = _UrlMaker(package.id)
    part2 = package.request.program.part2_program
    documents = [(item, urls.next()) for item in package.items]
    consent_url = urls.next() if package.consent is not None else None
    entries = [{"fullUrl": urls.first, "resource": _composition(package, documents, consent_url)}]
    entries += [
        {"fullUrl": url, "resource": _document(package, item, part2)} for item, url in documents
    ]
    if package.consent is not None and consent_url is not None:
        entries.append({"fullUrl": consent_url, "resource": consent_to_fhir(package.consent)})
    labels = [codes.RESTRICTED]
    if part2:
        labels.append(codes.PART2_POLICY)
    if package.notice is not None:
        labels.append(codes.NO_REDISCLOSURE)
    return {
        "resourceType": "Bundle",
        "meta": {"security": labels},
        "identifier": {"system": codes.PACKAGE_ID_SYSTEM, "value": package.id},
        "type": "document",
        "timestamp": package.prepared_at.isoformat(),
        "entry": entries,
    }


class _UrlMaker:
    """Stable `urn:uuid:` full URLs for a package's entries (UUIDv5 of the package id)."""

    def __init__(self, package_id: str) -> None:
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"{codes.PACKAGE_ID_SYSTEM}/{package_id}")
        self._count = 0
        self.first = self.next()

    def next(self) -> str:
        self._count += 1
        return f"urn:uuid:{uuid.uuid5(self._namespace, str(self._count))}"


def _composition(
    package: DisclosurePackage, documents: list[tuple[PackageItem, str]], consent_url: str | None
) -> JSON:
    sections: list[JSON] = []
    if package.notice is not None:
        sections.append(_section("Notice to the recipient (42 CFR 2.32)", [package.notice]))
    sections.append(_section("Disclosure", _disclosure_lines(package)))
    for category in sorted({i.category for i, _ in documents}, key=list(Category).index):
        refs = [{"reference": url} for item, url in documents if item.category is category]
        section = _section(category.value.replace("_", " ").capitalize(), [])
        section.update(code={"coding": [coding(codes.CATEGORY_SYSTEM, category.value)]})
        section.update(entry=refs)
        sections.append(section)
    if consent_url is not None:
        sections.append(
            {
                "title": "The consent this disclosure relies on (42 CFR 2.32(b))",
                "entry": [{"reference": consent_url}],
            }
        )
    composition: JSON = {
        "resourceType": "Composition",
        "meta": {"security": [codes.RESTRICTED]},
        "status": "final",
        "type": {"text": "Disclosure package"},
        "date": package.prepared_at.isoformat(),
        "author": [{"display": package.discloser}],
        "title": "Disclosure of records",
        "confidentiality": "R",
        "section": sections,
    }
    if package.peer_name is not None:
        composition["subject"] = {"display": package.peer_name}
    return composition


def _disclosure_lines(package: DisclosurePackage) -> list[str]:
    request, decision = package.request, package.decision
    return [
        f"From: {package.discloser}",
        f"To: {request.recipient.name} ({request.recipient.kind.value})",
        f"Purpose: {request.purpose.value}",
        f"Basis: {request.basis.type.value}",
        f"Citations: {'; '.join(decision.citations)}",
    ]


def _section(title: str, lines: Iterable[str]) -> JSON:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines) or "<p>See the entries.</p>"
    div = f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'
    return {"title": title, "text": {"status": "generated", "div": div}}


def _document(package: DisclosurePackage, item: PackageItem, part2: bool) -> JSON:
    labels = [codes.RESTRICTED]
    if part2:
        labels.append(codes.PART2_POLICY)
    if item.category in codes.SENSITIVITY:
        labels.append(codes.SENSITIVITY[item.category])
    attachment: JSON = {
        "contentType": "text/plain; charset=utf-8",
        "data": base64.b64encode(item.text.encode("utf-8")).decode("ascii"),
        "title": item.title,
    }
    if item.recorded_on is not None:
        attachment["creation"] = item.recorded_on.isoformat()
    document: JSON = {
        "resourceType": "DocumentReference",
        "meta": {"security": labels},
        "status": "current",
        "category": [{"coding": [coding(codes.CATEGORY_SYSTEM, item.category.value)]}],
        "description": item.title,
        "content": [{"attachment": attachment}],
    }
    if package.peer_name is not None:
        document["subject"] = {"display": package.peer_name}
    return document
