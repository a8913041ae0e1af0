"""The moves and stints loader: SPEC §3-4 rules, each checked on a hand-built fixture.

tests/fixtures/merge_moves.csv (18 rows, lines 2-19) is built so that each row pair
exercises one rule; the expected moves below are worked out by hand from the SPEC.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from talentgraph.errors import InputError
from talentgraph.graph.registry import OrgRegistry
from talentgraph.loaders import load_files
from talentgraph.loaders.tables import write_rejects

from .conftest import FIXTURES, load_fixture


def moves_of(result, person_id: str) -> pd.DataFrame:
    m = result.graph.moves
    return m[m["person_id"] == person_id].sort_values("date").reset_index(drop=True)


@pytest.fixture(scope="module")
def merged():
    return load_fixture("merge_moves.csv")


def test_accounting_adds_up(merged):
    # 18 rows: Ada 3 -> 1 move, Cleo 2 -> 1, Eve 2 -> 1, Finn 2 -> 1 (5 rows merged);
    # Bob 2, Dan 2 and Gia 2 stay apart; Hal, Ivy, Jon one each: 13 moves.
    s = merged.summary
    assert (s.rows_read, s.moves_loaded, s.rows_merged, s.rows_rejected) == (18, 13, 5, 0)
    assert s.balanced


def test_reports_of_one_move_merge_to_the_most_specific_and_most_certain(merged):
    # Ada: OpenAI->Meta 2025-06 (reported), OpenAI->TBD Lab 2025-06-20 (confirmed, $100M
    # signing bonus), ?->MSL 2025-07 (rumored, $250M package). Every pair matches: TBD Lab
    # is a unit of MSL, a unit of Meta; one origin unknown; dates within 30 days.
    ada = moves_of(merged, "ada-lovelace")
    assert len(ada) == 1
    move = ada.iloc[0]
    assert move["from_org"] == "openai"
    assert move["to_org"] == "tbd"                      # the deepest unit named
    assert move["date"] == pd.Timestamp("2025-06-20")   # the only day-precision report
    assert move["precision"] == "day"
    assert move["status"] == "confirmed"
    assert move["compensation_usd"] == 250_000_000      # the largest figure...
    assert move["compensation_kind"] == "total_package"  # ...with its own kind
    assert move["extra"] == {"team": "x-team"}          # unknown column kept
    sources = merged.graph.reports[merged.graph.reports["move_id"] == move["id"]]
    assert len(sources) == 3
    assert set(sources["quote"]) == {"Ada joins Meta", ""}


def test_ninety_days_merge_ninety_one_do_not(merged):
    # Cleo: 2025-01-01 and 2025-04-01 are 31+28+31 = 90 days apart; Dan's second is 91.
    assert len(moves_of(merged, "cleo-chen")) == 1
    assert moves_of(merged, "cleo-chen")["date"].iat[0] == pd.Timestamp("2025-01-01")
    assert len(moves_of(merged, "dan-diaz")) == 2


def test_status_precedence_and_denied(merged):
    # Eve: denied + denied -> denied. Finn: denied + candidate -> candidate.
    assert moves_of(merged, "eve-evans")["status"].tolist() == ["denied"]
    assert moves_of(merged, "finn-ford")["status"].tolist() == ["candidate"]


def test_different_known_origins_never_merge(merged):
    # Gia: OpenAI->Anthropic 2025 (year) and Google->Anthropic 2025-02-10: 40 days apart,
    # but OpenAI and Google are unrelated origins.
    gia = moves_of(merged, "gia-gold")
    assert gia[["from_org", "precision"]].values.tolist() == [["openai", "year"], ["google", "day"]]
    assert gia["date"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-10")]


def test_mergers_apply_from_their_date(merged):
    # Google Brain and DeepMind merged into Google DeepMind (gdm) on 2023-04-20.
    assert moves_of(merged, "bob-brown")["from_org"].tolist() == ["google-brain", "gdm"]
    assert moves_of(merged, "hal-hart")["from_org"].tolist() == ["deepmind"]  # the day before
    assert moves_of(merged, "ivy-ito")["from_org"].tolist() == ["gdm"]        # on the day


def test_unregistered_orgs_are_listed(merged):
    assert merged.summary.unregistered == ["acme-robotics-inc"]
    orgs = merged.graph.orgs.set_index("id")
    assert orgs.loc["acme-robotics-inc", "name"] == "Acme Robotics Inc."
    assert not orgs.loc["acme-robotics-inc", "registered"]
    assert orgs.loc["openai", "registered"]


def test_move_ids_are_the_documented_stable_hash(merged):
    # id = "m-" + blake2b-64 of "person_id|from_org|to_org|YYYY-MM-DD" (SPEC §4).
    key = b"ada-lovelace|openai|tbd|2025-06-20"
    expected = "m-" + hashlib.blake2b(key, digest_size=8).hexdigest()
    assert moves_of(merged, "ada-lovelace")["id"].iat[0] == expected
    again = load_fixture("merge_moves.csv")
    assert again.graph.moves["id"].tolist() == merged.graph.moves["id"].tolist()


def test_jsonl_and_tsv_give_the_same_moves_as_csv(merged):
    jsonl = load_fixture("merge_moves.jsonl")
    # Lines 5 and 6 are not JSON objects; line 3 is blank and not a row.
    assert [(r.line, r.column) for r in jsonl.rejects] == [(5, "(line)"), (6, "(line)")]
    assert (jsonl.summary.rows_read, jsonl.summary.moves_loaded, jsonl.summary.rows_merged) == (5, 1, 2)
    csv_ada = moves_of(merged, "ada-lovelace").drop(columns=["extra"])
    jsonl_ada = moves_of(jsonl, "ada-lovelace").drop(columns=["extra"])
    pd.testing.assert_frame_equal(csv_ada, jsonl_ada)
    tsv = load_fixture("cleo_moves.tsv")
    assert moves_of(tsv, "cleo-chen")["id"].tolist() == moves_of(merged, "cleo-chen")["id"].tolist()


EXPECTED_REJECTS = [
    (2, "person", "empty; every move needs the person's name"),
    (3, "to_org", "empty; every move needs the org joined"),
    (4, "date", "empty; expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (5, "date", "'2025-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
    (6, "date", "'June 2025' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
    (7, "date", "'2025-02-30' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
    (8, "status", "'maybe' is not one of confirmed, reported, derived, rumored, candidate, denied"),
    (9, "compensation_usd", "'lots' is not a number (US dollars, e.g. 1500000)"),
    (10, "compensation_usd", "'-5' is negative"),
    (11, "compensation_kind", "'bonus' is not one of signing_bonus, annual_package, total_package, other"),
    (12, "source_url", "'javascript:alert(1)' is not an http(s) URL"),
    (13, "source_date", "'yesterday' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
    (14, "(row)", "10 cells but the header has 9; quote fields that contain the delimiter"),
    (17, "person_id", "cannot make an id from '???'; give a person_id"),
]


def test_every_kind_of_bad_row_is_rejected_with_its_place_and_reason(tmp_path):
    result = load_fixture("bad_moves.csv")
    got = sorted((r.line, r.column, r.reason) for r in result.rejects)
    assert got == EXPECTED_REJECTS
    # 16 records (the quoted field spans lines 15-16); 2 good: "Multi line" and Bea.
    s = result.summary
    assert (s.rows_read, s.moves_loaded, s.rows_merged, s.rows_rejected) == (16, 2, 0, 14)
    moves = result.graph.moves.set_index("person_id")
    assert moves.loc["multi-line", "compensation_usd"] == 1_500_000
    assert moves.loc["bea", "compensation_usd"] == 2_000_000
    first = result.rejects[0]
    assert str(first) == f"{FIXTURES / 'bad_moves.csv'}:2: person: empty; every move needs the person's name"
    out = tmp_path / "rejects.csv"
    write_rejects(result.rejects, out)
    written = pd.read_csv(out, keep_default_na=False)
    assert len(written) == 14
    assert written["record"].iat[0].startswith('{"person": "", "from_org": "OpenAI"')


def test_strict_loads_nothing():
    with pytest.raises(InputError, match=r"bad_moves.csv:2: person: .*and 13 more rejected rows.*--strict"):
        load_fixture("bad_moves.csv", strict=True)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "person,to_org,date\nJosé,OpenAI,2025\n".encode("latin-1"), ":2: not UTF-8 (byte 0xe9"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("noheader.csv", b"name,org,when\nA,B,2025\n",
         ":1: the header lacks the required column(s) person, to_org, date"),
        ("dupe.csv", b"person,to_org,date,date\nA,B,2025,2026\n", "column(s) named twice in the header: date"),
        ("moves.xlsx", b"PK", "unknown file type '.xlsx'"),
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    registry = OrgRegistry.from_yaml(FIXTURES / "orgs.yaml")
    with pytest.raises(InputError) as info:
        load_files([path], registry)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


def test_bom_and_crlf_are_read(tmp_path):
    path = tmp_path / "moves.csv"
    path.write_bytes("\ufeffperson,to_org,date\r\nAda,OpenAI,2025-06\r\n".encode())
    result = load_files([path], OrgRegistry.from_yaml(FIXTURES / "orgs.yaml"))
    assert result.graph.moves[["person_id", "to_org"]].values.tolist() == [["ada", "openai"]]


def test_stints_imply_moves_that_merge_with_reports():
    # Kim: Stanford (2015) -> Google Brain (2019-07) -> Google Brain again (2020-01, a new
    # role: no move) -> OpenAI (2023-01). Two implied moves; the second merges with the
    # confirmed report Google -> OpenAI 2023-01-15 (Google Brain is a unit of Google,
    # 14 days apart), keeping the more specific origin and the day-precision date.
    result = load_fixture("kim_moves.csv", "stints.csv")
    s = result.summary
    assert (s.rows_read, s.implied_moves, s.moves_loaded, s.rows_merged) == (1, 2, 2, 1)
    assert (s.stint_rows_read, s.stints_loaded) == (4, 4)
    assert s.balanced
    kim = moves_of(result, "kim-kato")
    assert kim[["from_org", "to_org", "status"]].values.tolist() == [
        ["stanford", "google-brain", "derived"],
        ["google-brain", "openai", "confirmed"],
    ]
    assert kim["date"].tolist() == [pd.Timestamp("2019-07-01"), pd.Timestamp("2023-01-15")]
    assert result.graph.stints["org"].tolist() == ["stanford", "google-brain", "google-brain", "openai"]
