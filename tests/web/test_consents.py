"""Consent pages over HTTP: create with every element as a field (the v2 statements and the 2.35
terms too), sign with a typed name for every signer and a representative's authority, revoke
after a confirmation, the peer's PDF under a fixed name; CSRF refusals and escaping."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from confide.domain.consents import CriminalJusticeTerms, Signer
from confide.services import UnitOfWorkFactory, consents
from confide.web import consents as web_consents
from tests.factories import canary, ctx_for, make_org, make_peer, make_staff
from tests.web.conftest import web_login

XSS = '<script>alert("x")</script>'


def consent_form(csrf: str, **overrides: str) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf": csrf, "form": "part2", "patient_name": canary("signer"),
        "discloser": "Harbor Peer Recovery", "information": ["attendance", "sud_treatment"],
        "information_description": "the dates I came to group", "purposes": ["treatment"],
        "recipient_name": ["Maple Street Health", ""],
        "recipient_kind": ["treating_provider", ""], "expiry": "date",
        "expires": "2027-12-31", "revocation_statement": "true",
        "redisclosure_statement": "true",
        # a treatment consent states the two 2.31(a)(10) statements
        "redisclosure_potential_statement": "true", "refusal_consequences_statement": "true",
    }  # fmt: skip
    return form | overrides


def setting(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="c_prs")
    return prs, make_peer(uows, prs)


def created_id(response: object) -> str:
    location = response.headers["location"]  # type: ignore[attr-defined]
    found = re.fullmatch(r"/peers/[0-9a-f-]{36}/consents#consent-([0-9a-f-]{36})", location)
    assert found, location
    return found.group(1)


def test_a_consent_is_created_signed_and_revoked_through_the_pages(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    blank = web.get(f"/peers/{peer.id}/consents/new")
    assert blank.status_code == 200
    for words in ("Which form", "What may be shared", "Who receives it", "Why it is shared",
                  "When it ends", "They can take this consent back at any time"):  # fmt: skip
        assert words in blank.text
    assert 'aria-describedby="patient_name-help"' in blank.text
    made = web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    assert made.status_code == 303
    consent_id = created_id(made)
    page = web.get(f"/peers/{peer.id}/consents").text
    assert "not signed yet" in page
    assert "version 1" in page
    assert "<title>Consents · confide</title>" in page
    signed = web.post(f"/consents/{consent_id}/sign", follow_redirects=False,
                      data={"csrf": csrf, "signer_name": "Pat Doe", "signer_type": "patient",
                            "version": "1"})  # fmt: skip
    assert signed.status_code == 303
    page = web.get(f"/peers/{peer.id}/consents").text
    assert 'state-active">valid' in page
    assert "Pat Doe" in page
    unconfirmed = web.post(f"/consents/{consent_id}/revoke", data={"csrf": csrf, "source": "peer"})
    assert unconfirmed.status_code == 422
    assert consents.read_consent(ctx_for(prs), consent_id, uow=uows()).state == "active"
    revoked = web.post(f"/consents/{consent_id}/revoke", follow_redirects=False,
                       data={"csrf": csrf, "source": "peer", "confirm": "true"})  # fmt: skip
    assert revoked.status_code == 303
    assert consents.read_consent(ctx_for(prs), consent_id, uow=uows()).state == "revoked"
    assert 'state-revoked">revoked' in web.get(f"/peers/{peer.id}/consents").text


def test_a_consent_missing_an_element_comes_back_naming_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    form = consent_form(csrf, patient_name="")
    del form["revocation_statement"]
    response = web.post(f"/peers/{peer.id}/consents", data=form)
    assert response.status_code == 422
    assert '<a href="#patient_name">The peer&#39;s name</a>: missing' in response.text
    revocation = '<a href="#revocation_statement">The right to take it back</a>: missing'
    assert revocation in response.text
    assert "42 CFR 2.31(a)(1)" in response.text
    assert 'value="Harbor Peer Recovery"' in response.text  # what was typed stays
    assert consents.list_consents(ctx_for(prs), peer.id, uow=uows()) == []


def test_consent_forms_without_the_csrf_token_are_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    forged = consent_form("")
    refused = web.post(f"/peers/{peer.id}/consents", data=forged)
    assert refused.status_code == 403
    assert "Form expired" in refused.text
    assert consents.list_consents(ctx_for(prs), peer.id, uow=uows()) == []
    consent_id = created_id(
        web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    )
    sign = {"signer_name": "Pat Doe", "signer_type": "patient", "version": "1"}
    assert web.post(f"/consents/{consent_id}/sign", data=sign).status_code == 403
    revoke = {"source": "peer", "confirm": "true"}
    cross_site = {"Sec-Fetch-Site": "cross-site"}
    assert web.post(f"/consents/{consent_id}/revoke", data=revoke | {"csrf": csrf},
                    headers=cross_site).status_code == 403  # fmt: skip
    assert consents.read_consent(ctx_for(prs), consent_id, uow=uows()).state == "unsigned"


def test_what_staff_type_into_a_consent_is_escaped(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    form = consent_form(csrf, patient_name=XSS, information_description=XSS)
    form["recipient_name"] = [XSS, ""]
    web.post(f"/peers/{peer.id}/consents", data=form)
    page = web.get(f"/peers/{peer.id}/consents").text
    assert XSS not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    again = web.post(f"/peers/{peer.id}/consents", data=form | {"discloser": XSS, "purposes": []})
    assert again.status_code == 422
    assert XSS not in again.text


def test_the_peers_copy_downloads_under_a_fixed_name(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    consent_id = created_id(
        web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    )
    page = web.get(f"/peers/{peer.id}/consents").text
    assert f'href="/consents/{consent_id}/pdf"' in page
    pdf = web.get(f"/consents/{consent_id}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == "attachment; filename=consent.pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert pdf.content.startswith(b"%PDF")


def test_the_record_page_loads_the_consents_and_the_accounting(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, peer = setting(uows)
    web_login(web, "c_prs")
    page = web.get(f"/peers/{peer.id}").text
    load = 'hx-trigger="load" hx-select='
    assert f'hx-get="/peers/{peer.id}/consents" {load}"#consent-list"' in page
    assert f'hx-get="/peers/{peer.id}/disclosures" {load}"#accounting"' in page
    assert f'href="/peers/{peer.id}/consents/new"' in page  # works without JavaScript
    assert f'href="/peers/{peer.id}/disclosures/new"' in page
    assert 'id="consent-list"' in web.get(f"/peers/{peer.id}/consents").text
    assert 'id="accounting"' in web.get(f"/peers/{peer.id}/disclosures").text


def test_the_form_asks_for_the_v2_statements_and_the_2_35_terms_and_stores_them(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    blank = web.get(f"/peers/{peer.id}/consents/new").text
    for name in ("redisclosure_potential_statement", "refusal_consequences_statement",
                 "fundraising_statement", "criminal_justice_period",
                 "criminal_justice_revocable_upon"):  # fmt: skip
        assert f'name="{name}"' in blank
    assert "Probation or a court program (42 CFR 2.35)" in blank
    for field in ("criminal_justice_period", "criminal_justice_revocable_upon",
                  "information_description", "patient_name"):  # fmt: skip
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', blank)
        assert tag, field
        assert 'autocomplete="off"' in tag.group(0), field
    form = consent_form(
        csrf, recipient_name=["Fairfax Drug Court", ""],
        recipient_kind=["probation_or_court_program", ""],
        redisclosure_potential_statement="true", refusal_consequences_statement="true",
        criminal_justice_period="until the end of probation",
        criminal_justice_revocable_upon="when the case closes",
    )  # fmt: skip
    consent_id = created_id(
        web.post(f"/peers/{peer.id}/consents", data=form, follow_redirects=False)
    )
    read = consents.read_consent(ctx_for(prs), consent_id, uow=uows()).consent
    assert (read.redisclosure_potential_statement, read.refusal_consequences_statement) == (
        True, True,
    )  # fmt: skip
    assert read.fundraising_statement is False  # asked, not ticked: missing, not "not said"
    assert read.criminal_justice == CriminalJusticeTerms(
        "until the end of probation", "when the case closes"
    )
    page = web.get(f"/peers/{peer.id}/consents").text
    assert "In effect: until the end of probation; revocable: when the case closes" in page
    assert "The right to opt out of fundraising: no" in page


def test_a_consent_to_a_court_program_always_carries_its_2_35_terms(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    """Left empty, both parts go to the service as missing, so the rules can name them."""
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    form = consent_form(csrf, recipient_name=["Fairfax Drug Court", ""],
                        recipient_kind=["probation_or_court_program", ""])  # fmt: skip
    made = web.post(f"/peers/{peer.id}/consents", data=form, follow_redirects=False)
    if made.status_code == 422:  # the rules already require the terms
        assert 'href="#criminal_justice.period"' in made.text
        return
    read = consents.read_consent(ctx_for(prs), created_id(made), uow=uows()).consent
    assert read.criminal_justice == CriminalJusticeTerms(None, None)
    plain = created_id(
        web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    )
    assert consents.read_consent(ctx_for(prs), plain, uow=uows()).consent.criminal_justice is None


def test_every_signer_signs_and_the_authority_is_recorded(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    consent_id = created_id(
        web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    )
    page = web.get(f"/peers/{peer.id}/consents").text
    for name in ("co_signer_name", "co_signer_type", "representative_authority"):
        assert f'name="{name}"' in page
    assert '<option value="parent">A parent</option>' in page
    sign = {"csrf": csrf, "signer_name": "Sam Doe", "signer_type": "patient", "version": "1",
            "co_signer_name": ["Pat Doe", ""], "co_signer_type": ["parent", ""],
            "representative_authority": "parent of a minor peer"}  # fmt: skip
    signed = web.post(f"/consents/{consent_id}/sign", data=sign, follow_redirects=False)
    assert signed.status_code == 303
    view = consents.read_consent(ctx_for(prs), consent_id, uow=uows())
    assert (view.signer_name, view.co_signer_names) == ("Sam Doe", ("Pat Doe",))
    assert view.consent.signers == frozenset({Signer.PATIENT, Signer.PARENT})
    assert view.consent.representative_authority == "parent of a minor peer"
    page = web.get(f"/peers/{peer.id}/consents").text
    assert "Sam Doe (The peer); Pat Doe (A parent)" in page
    assert "parent of a minor peer" in page


def test_a_second_signer_without_a_kind_or_a_name_is_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, peer = setting(uows)
    csrf = web_login(web, "c_prs")
    consent_id = created_id(
        web.post(f"/peers/{peer.id}/consents", data=consent_form(csrf), follow_redirects=False)
    )
    base = {"csrf": csrf, "signer_name": "Sam Doe", "signer_type": "patient", "version": "1"}
    for rows in ({"co_signer_name": ["Pat Doe"], "co_signer_type": [""]},
                 {"co_signer_name": [""], "co_signer_type": ["parent"]}):  # fmt: skip
        assert web.post(f"/consents/{consent_id}/sign", data=base | rows).status_code == 422
    assert consents.read_consent(ctx_for(prs), consent_id, uow=uows()).state == "unsigned"


def test_the_docs_name_every_field_the_consent_forms_take(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    for name in ("co_signer_name", "co_signer_type", "representative_authority",
                 "criminal_justice_period", "criminal_justice_revocable_upon",
                 *web_consents.V2_STATEMENTS):  # fmt: skip
        assert f"`{name}`" in page, name
