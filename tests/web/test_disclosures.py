"""Disclosure pages over HTTP: the request form with the consent picker, the decision in plain
words with citations and obligations, the package PDF, the accounting on the record, and the
privacy officer's review queue; CSRF refusals and escaping."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from confide.domain.actors import Purpose, Role
from confide.domain.consents import Signer
from confide.domain.disclosures import BasisType, InformationOrigin, PeerFacts, Reporter
from confide.services import UnitOfWorkFactory, consents, disclosure_requests
from tests.factories import canary, ctx_for, make_org, make_peer, make_staff
from tests.web.conftest import web_login
from tests.web.test_consents import XSS

CONSENT = {
    "form": "part2", "patient_name": "P", "discloser": "Harbor Peer Recovery",
    "information": ["attendance"], "information_description": "dates",
    "purposes": ["treatment"], "expires": "2027-12-31",
    "recipients": [{"name": "Maple Street Health", "kind": "treating_provider"}],
    "revocation_statement": True, "redisclosure_statement": True,
}  # fmt: skip


def setting(uows: UnitOfWorkFactory, signer: Signer = Signer.PATIENT):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="q_prs")
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER, username="q_po")
    peer = make_peer(uows, prs)
    made = consents.record_consent(ctx_for(prs), peer.id, CONSENT, uow=uows())
    consents.sign_consent(ctx_for(prs), made.id, signer_name="Pat Doe", signer=signer,
                          version=1, uow=uows())  # fmt: skip
    return prs, officer, peer, made.id


def ask_form(csrf: str, consent_id: str, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf": csrf, "recipient_name": "Maple Street Health",
        "recipient_kind": "treating_provider", "purpose": "treatment",
        "information": ["attendance"], "basis": "consent", "consent_id": consent_id,
    }  # fmt: skip
    return form | overrides


def asked_id(response: object) -> str:
    location = response.headers["location"]  # type: ignore[attr-defined]
    found = re.fullmatch(r"/disclosures/([0-9a-f-]{36})", location)
    assert found, location
    return found.group(1)


def test_a_request_under_a_signed_consent_is_allowed_with_its_package(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, peer, consent_id = setting(uows)
    csrf = web_login(web, "q_prs")
    form = web.get(f"/peers/{peer.id}/disclosures/new").text
    assert f'<option value="{consent_id}">Part 2 consent, version 1: valid' in form
    assert "Medical emergency details" in form
    asked = web.post(f"/peers/{peer.id}/disclosures", data=ask_form(csrf, consent_id),
                     follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303
    disclosure_id = asked_id(asked)
    page = web.get(f"/disclosures/{disclosure_id}").text
    assert "<title>Disclosure decision · confide</title>" in page
    assert "Allowed: the package is ready" in page
    assert "42 CFR 2.31" in page
    assert "What you must do" in page
    assert "Send the Part 2 notice (42 CFR 2.32), printed on the package" in page
    assert "42 CFR part 2 prohibits unauthorized use or disclosure of these records." in page
    assert f'href="/disclosures/{disclosure_id}/package"' in page
    pdf = web.get(f"/disclosures/{disclosure_id}/package")
    assert pdf.headers["content-disposition"] == "attachment; filename=disclosure.pdf"
    assert pdf.content.startswith(b"%PDF")
    accounting = web.get(f"/peers/{peer.id}/disclosures").text
    assert f'href="/disclosures/{disclosure_id}"' in accounting
    assert "Maple Street Health" in accounting


def test_a_subpoena_alone_is_not_allowed_and_nothing_is_offered_to_download(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, peer, _ = setting(uows)
    csrf = web_login(web, "q_prs")
    form = ask_form(csrf, "", recipient_name="County Court", recipient_kind="court",
                    purpose="legal_proceeding", basis="subpoena")  # fmt: skip
    disclosure_id = asked_id(
        web.post(f"/peers/{peer.id}/disclosures", data=form, follow_redirects=False)
    )
    page = web.get(f"/disclosures/{disclosure_id}").text
    assert "Not allowed: nothing was shared" in page
    assert "/package" not in page
    assert web.get(f"/disclosures/{disclosure_id}/package").status_code == 409
    assert "Nothing has been disclosed." in web.get(f"/peers/{peer.id}/disclosures").text


def test_the_privacy_officer_approves_with_a_justification_or_declines(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, _, peer, consent_id = setting(uows, Signer.GUARDIAN)
    csrf = web_login(web, "q_prs")
    first = asked_id(web.post(f"/peers/{peer.id}/disclosures", data=ask_form(csrf, consent_id),
                              follow_redirects=False))  # fmt: skip
    second = asked_id(web.post(f"/peers/{peer.id}/disclosures", data=ask_form(csrf, consent_id),
                               follow_redirects=False))  # fmt: skip
    assert "Waiting for the privacy officer" in web.get(f"/disclosures/{first}").text
    csrf = web_login(web, "q_po")
    queue = web.get("/disclosure-reviews").text
    assert f'action="/disclosures/{first}/review"' in queue
    assert f'action="/disclosures/{second}/review"' in queue
    assert f'href="/peers/{peer.id}?purpose=privacy_review"' in queue
    short = web.post(f"/disclosures/{first}/review",
                     data={"csrf": csrf, "approve": "true", "justification": "ok"})  # fmt: skip
    assert short.status_code == 422
    assert "justification" in short.text
    why = canary("why")
    approved = web.post(f"/disclosures/{first}/review", follow_redirects=False,
                        data={"csrf": csrf, "approve": "true", "justification": why})  # fmt: skip
    assert approved.headers["location"] == "/disclosure-reviews"
    declined = web.post(f"/disclosures/{second}/review", follow_redirects=False,
                        data={"csrf": csrf, "approve": "false",
                              "justification": "no proof of authority"})  # fmt: skip
    assert declined.status_code == 303
    assert "Nothing waiting." in web.get("/disclosure-reviews").text
    ctx = ctx_for(prs)
    done = disclosure_requests.read_disclosure(ctx, first, uow=uows())
    assert (done.status.value, done.review_note) == ("released", why)
    assert disclosure_requests.read_disclosure(ctx, second, uow=uows()).status.value == "declined"


def test_disclosure_forms_without_the_csrf_token_are_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, officer, peer, consent_id = setting(uows, Signer.GUARDIAN)
    csrf = web_login(web, "q_prs")
    forged = web.post(f"/peers/{peer.id}/disclosures", data=ask_form("", consent_id))
    assert forged.status_code == 403
    assert disclosure_requests.list_accounting(ctx_for(prs), peer.id, uow=uows()) == []
    waiting = asked_id(web.post(f"/peers/{peer.id}/disclosures", data=ask_form(csrf, consent_id),
                                follow_redirects=False))  # fmt: skip
    web_login(web, "q_po")
    refused = web.post(f"/disclosures/{waiting}/review",
                       data={"approve": "true", "justification": "looks fine to me"})  # fmt: skip
    assert refused.status_code == 403
    review = ctx_for(officer, Purpose.PRIVACY_REVIEW)
    assert [d.id for d in disclosure_requests.list_disclosure_reviews(review, uow=uows())] == [
        waiting
    ]


def test_what_staff_type_into_a_request_is_escaped(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, peer, consent_id = setting(uows, Signer.GUARDIAN)
    csrf = web_login(web, "q_prs")
    form = ask_form(csrf, consent_id, recipient_name=XSS, basis="medical_emergency",
                    purpose="medical_emergency", recipient_kind="medical_personnel",
                    nature=XSS, recipient_affiliation=XSS, consent_obtainable="no")  # fmt: skip
    disclosure_id = asked_id(
        web.post(f"/peers/{peer.id}/disclosures", data=form, follow_redirects=False)
    )
    page = web.get(f"/disclosures/{disclosure_id}").text
    assert XSS not in page
    assert "&lt;script&gt;" in page
    order = ask_form(csrf, "", recipient_name=XSS, recipient_kind="court", basis="court_order",
                     purpose="legal_proceeding", part2_order="true")  # fmt: skip
    waiting = asked_id(web.post(f"/peers/{peer.id}/disclosures", data=order,
                                follow_redirects=False))  # fmt: skip
    web_login(web, "q_po")
    queue = web.get("/disclosure-reviews").text
    assert f"/disclosures/{waiting}/review" in queue
    assert XSS not in queue
    assert "&lt;script&gt;" in queue


def test_the_form_asks_what_the_contract_asks_and_the_request_carries_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, _, peer, _ = setting(uows)
    csrf = web_login(web, "q_prs")
    form = web.get(f"/peers/{peer.id}/disclosures/new").text
    for name in ("law", "information_origin", "peer_age", "minor_may_consent_alone",
                 "adjudicated_incapacitated", "deceased", "adult_protective_age"):  # fmt: skip
        assert f'name="{name}"' in form, name
    for value in ("peer_directed", "presence_inquiry", "medical_examiner", "peer_direction",
                  "received_part2"):  # fmt: skip
        assert f'value="{value}"' in form, value
    tag = re.search(r'<input[^>]*name="peer_age"[^>]*>', form)
    assert tag
    assert 'autocomplete="off"' in tag.group(0)
    asked = web.post(f"/peers/{peer.id}/disclosures", follow_redirects=False, data=ask_form(
        csrf, "", recipient_name="Virginia Department of Health",
        recipient_kind="public_health_authority", purpose="public_health", basis="law",
        law="Va. Code 32.1-36", information_origin="received_part2", peer_age="16",
        minor_may_consent_alone="yes", adjudicated_incapacitated="no", deceased="",
        adult_protective_age="no",
    ))  # fmt: skip
    assert asked.status_code == 303
    view = disclosure_requests.read_disclosure(ctx_for(prs), asked_id(asked), uow=uows())
    q = view.request
    assert (q.basis.type, q.basis.law) == (BasisType.LAW, "Va. Code 32.1-36")
    assert q.information_origin is InformationOrigin.RECEIVED_PART2
    assert q.peer == PeerFacts(
        age=16, minor_may_consent_alone=True, adjudicated_incapacitated=False,
        adult_protective_age=False,
    )  # fmt: skip
    assert q.reporter == Reporter(mandated_child=False, mandated_adult=False)
    page = web.get(f"/disclosures/{view.id}").text
    assert "Va. Code 32.1-36" in page
    assert "received from a Part 2 program" in page


def test_a_law_is_named_only_for_the_basis_law_and_a_bad_age_is_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    prs, _, peer, consent_id = setting(uows)
    csrf = web_login(web, "q_prs")
    asked = web.post(f"/peers/{peer.id}/disclosures", follow_redirects=False,
                     data=ask_form(csrf, consent_id, law="Va. Code 32.1-36"))  # fmt: skip
    view = disclosure_requests.read_disclosure(ctx_for(prs), asked_id(asked), uow=uows())
    assert view.request.basis.law is None
    assert view.request.peer == PeerFacts()
    bad = web.post(f"/peers/{peer.id}/disclosures", data=ask_form(csrf, consent_id,
                                                                  peer_age="-3"))  # fmt: skip
    assert bad.status_code == 422


def test_the_docs_name_every_field_the_request_form_takes(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    for name in ("law", "information_origin", "peer_age", "minor_may_consent_alone",
                 "adjudicated_incapacitated", "deceased", "adult_protective_age"):  # fmt: skip
        assert f"`{name}`" in page, name
