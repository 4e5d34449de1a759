"""Rule packs as data: loading, the strictest-wins combination, deny by default, and adding a
state by adding a file."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from confide.domain.decisions import Outcome
from confide.domain.disclosures import Basis, BasisType, ProgramProfile
from confide.errors import ConfigurationError
from confide.policy.disclosure import decide_disclosure
from confide.policy.disclosure_packs import default_packs, load_packs
from tests.unit.policy.disclosure_builders import PART2_VA, request, without_consent

MD_PART2 = ProgramProfile("US-MD", hipaa_covered_entity=True, part2_program=True)
HEAD = """
[pack]
id = "us-md"
version = "2027.1"
title = "Code of Maryland (test)"
rank = 100
default = "abstain"
[pack.applies]
jurisdiction = "US-MD"
"""


def shipped_into(tmp_path: Path, extra: str | None = None) -> Path:
    source = resources.files("confide.policy") / "packs"
    for f in source.iterdir():
        if f.name.endswith(".toml"):
            (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    if extra is not None:
        (tmp_path / "us-md.toml").write_text(HEAD + extra, encoding="utf-8")
    return tmp_path


def test_the_shipped_packs_are_versioned_and_every_rule_cites_its_source() -> None:
    packs = default_packs()
    assert [p.id for p in packs] == ["federal-part2", "federal-hipaa", "us-va"]
    for pack in packs:
        assert pack.version
        for rule in pack.rules:
            assert rule.citations, rule.id
            assert rule.id.split(".")[0] in pack.id.replace("federal-", ""), rule.id


def test_every_uncertain_reading_routes_to_review() -> None:
    uncertain = [r for p in default_packs() for r in p.rules if r.uncertain]
    assert uncertain
    assert all(r.decision is Outcome.NEEDS_REVIEW for r in uncertain)


def test_adding_a_state_is_adding_a_file(tmp_path: Path) -> None:
    rule = """
[[rule]]
id = "us-md.subpoena"
citations = ["Md. Code, Health-Gen. § 4-306"]
decision = "needs_review"
reason = "Maryland subpoenas for health records come with notice to the peer."
when.basis = ["subpoena"]
"""
    packs = load_packs(shipped_into(tmp_path, rule))
    subpoena = without_consent(program=MD_PART2, basis=Basis(BasisType.SUBPOENA))
    d = decide_disclosure(subpoena, packs)
    assert d.outcome is Outcome.DENY  # Part 2 still wins: the strictest applicable rule
    hipaa_only = ProgramProfile("US-MD", hipaa_covered_entity=True, part2_program=False)
    d = decide_disclosure(
        without_consent(program=hipaa_only, basis=Basis(BasisType.SUBPOENA)), packs
    )
    assert "us-md.subpoena" in d.rules
    assert "Md. Code, Health-Gen. § 4-306" in d.citations


def test_a_stricter_state_rule_wins_over_a_federal_allow(tmp_path: Path) -> None:
    rule = """
[[rule]]
id = "us-md.no_attendance"
citations = ["test citation"]
decision = "deny"
reason = "Test: this state forbids it."
when.information_any = ["attendance"]
"""
    packs = load_packs(shipped_into(tmp_path, rule))
    assert decide_disclosure(request(program=PART2_VA), packs).outcome is Outcome.ALLOW
    d = decide_disclosure(request(program=MD_PART2), packs)
    assert d.outcome is Outcome.DENY
    assert d.rules == ("us-md.no_attendance",)
    assert d.obligations == ()


def test_a_state_allow_never_overrides_a_federal_denial(tmp_path: Path) -> None:
    rule = """
[[rule]]
id = "us-md.anything_goes"
citations = ["test citation"]
decision = "allow"
reason = "Test: allows everything."
"""
    packs = load_packs(shipped_into(tmp_path, rule))
    d = decide_disclosure(without_consent(program=MD_PART2, basis=Basis(BasisType.NONE)), packs)
    assert d.outcome is Outcome.DENY


def test_a_program_no_pack_covers_is_denied_by_default() -> None:
    nothing = ProgramProfile("US-MD", hipaa_covered_entity=False, part2_program=False)
    d = decide_disclosure(request(program=nothing))
    assert d.outcome is Outcome.DENY
    assert d.rules == ("default.deny",)


def test_other_policy_data_in_the_folder_is_not_a_pack(tmp_path: Path) -> None:
    shipped_into(tmp_path)
    (tmp_path / "roles.toml").write_text('version = "1"\n[roles.x]\n', encoding="utf-8")
    assert len(load_packs(tmp_path)) == len(default_packs())


@pytest.mark.parametrize(
    ("rule", "complaint"),
    [
        ('id = "us-md.a"\ndecision = "allow"\nreason = "r"\n', "cites its source"),
        ('id = "us-md.a"\ncitations = ["c"]\ndecision = "maybe"\nreason = "r"\n', "Outcome"),
        ('id = "us-md.a"\ncitations = ["c"]\ndecision = "allow"\nreason = "r"\nwhy = 1\n', "why"),
        (
            'id = "us-md.a"\ncitations = ["c"]\ndecision = "allow"\nreason = "r"\n'
            'require = ["mind_reading"]\n',
            "mind_reading",
        ),
        (
            'id = "us-md.a"\ncitations = ["c"]\ndecision = "allow"\nreason = "r"\n'
            'uncertain = "unclear"\n',
            "needs_review",
        ),
        (
            'id = "us-md.a"\ncitations = ["c"]\ndecision = "allow"\nreason = "r"\n'
            'when.purpose = ["curiosity"]\n',
            "curiosity",
        ),
    ],
)
def test_a_malformed_pack_refuses_to_load_naming_the_rule(
    tmp_path: Path, rule: str, complaint: str
) -> None:
    with pytest.raises(ConfigurationError, match=complaint) as raised:
        load_packs(shipped_into(tmp_path, "[[rule]]\n" + rule))
    assert "us-md" in raised.value.message


def test_duplicate_rule_ids_refuse_to_load(tmp_path: Path) -> None:
    shipped_into(tmp_path)
    shutil.copy(tmp_path / "us-va.toml", tmp_path / "us-va-copy.toml")
    with pytest.raises(ConfigurationError, match="duplicate"):
        load_packs(tmp_path)


def test_docs_list_every_rule_with_its_citations() -> None:
    page = (Path(__file__).resolve().parents[3] / "docs" / "disclosure.md").read_text("utf-8")
    for pack in default_packs():
        assert f"`{pack.id}` {pack.version}" in page
        for rule in (*pack.rules, *([pack.default] if pack.default else [])):
            assert f"`{rule.id}`" in page, rule.id
            assert "; ".join(rule.citations) in page, rule.id
