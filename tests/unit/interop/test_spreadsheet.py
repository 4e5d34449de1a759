"""CSV import parsing: rows grouped into peers; bad rows named by line, never quoted."""

from __future__ import annotations

from confide.interop.spreadsheet import decode, parse
from tests.factories import IMPORT_HEADER

HEADER = IMPORT_HEADER


def test_rows_with_same_name_and_birth_date_are_one_peer() -> None:
    parsed = parse(
        HEADER
        + "Ana,Ruiz,Ana,1990-01-02,555-010-1234,,2026-01-05,30,first\n"
        + "ana,RUIZ,,1990-01-02,,,2026-01-12,45,second\n"
        + "Ana,Ruiz,,1991-01-02,,,2026-01-12,45,another Ana\n"
    )
    assert parsed.problems == []
    assert [len(p.notes) for p in parsed.peers] == [2, 1]


def test_alias_only_row_becomes_alias_only_peer() -> None:
    parsed = parse(HEADER + ",,Sparrow,,,,2026-01-05,30,met at the park\n")
    assert parsed.peers[0].identity.alias_only


def test_bad_rows_are_reported_by_line_without_their_values() -> None:
    parsed = parse(
        HEADER
        + "Ana,Ruiz,Ana,1990-13-02,,,,,\n"
        + "Bo,Li,Bo,1980-01-01,,,2026-01-01,ninety,secretvalue\n"
        + "Cy,Ng,Cy,1970-01-01,,,2026-01-01,30\n"
    )
    lines = [(p.line, p.reason) for p in parsed.problems]
    assert lines == [
        (2, "date_of_birth: use YYYY-MM-DD"),
        (3, "note_minutes: not a whole number"),
        (4, "wrong number of fields"),
    ]
    assert "secretvalue" not in repr(parsed.problems)


def test_missing_columns_are_named() -> None:
    parsed = parse("first_name,last_name\nA,B\n")
    assert parsed.problems[0].line == 1
    assert "note_text" in parsed.problems[0].reason


def test_non_utf8_bytes_are_refused_with_the_line() -> None:
    problem = decode(HEADER.encode() + b"Ana,Ruiz,\xff\xfe,,,,,,\n")
    assert not isinstance(problem, str)
    assert problem.line == 2


def test_utf8_with_bom_is_accepted() -> None:
    assert decode("\ufeff".encode() + HEADER.encode()) == HEADER


def test_unterminated_quote_is_a_csv_problem() -> None:
    parsed = parse(HEADER + 'Ana,Ruiz,"Ana,1990-01-02,,,,,\n')
    assert parsed.problems
