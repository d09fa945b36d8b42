"""Tests for dyad.ontology: the shipped CAMEO/PLOVER tables and their validating loader."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dyad import ontology as o


@pytest.fixture(scope="module")
def tables():
    codes = o.cameo_codes()
    types = o.plover_types()
    contexts = o.plover_contexts()
    return codes, types, contexts


def mapping_rows(tables):
    """The shipped mapping, as rows (line, fields), to mutate in tests."""
    mapping = o._tables().mapping
    return [
        (n, (code, c.type, c.mode or "", ";".join(c.contexts)))
        for n, (code, c) in enumerate(sorted(mapping.items()), start=2)
    ]


def cameo_rows():
    return [(n, (c.code, c.name, str(c.goldstein)))
            for n, c in enumerate(o.cameo_codes().values(), start=2)]


# --- the shipped tables -------------------------------------------------------------------

def test_validate_passes_on_shipped_tables():
    o.validate()


def test_import_has_no_side_effects():
    check = "import dyad.ontology as o; assert o._tables.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", check], check=True)


def test_counts(tables):
    codes, types, contexts = tables
    roots = [c for c in codes if len(c) == 2]
    assert roots == [f"{i:02d}" for i in range(1, 21)]
    assert len(codes) == 307  # 280 reference codes + 27 added from the CAMEO->PLOVER table
    assert sum(len(c) == 3 for c in codes) == 146
    assert sum(len(c) == 4 for c in codes) == 141
    assert set(types) == set(o.PLOVER_TYPES) and len(types) == 16
    assert {"military", "diplomatic", "economic", "pro_democracy", "cbrn"} <= contexts
    assert "democracy" not in contexts


def test_spot_facts():
    accuse = o.cameo("112")
    assert accuse.name.startswith("Accuse")
    assert accuse.goldstein == -2.0 and accuse.quad_class == 3 and accuse.root == "11"
    assert o.cameo("0231").name == "Appeal for economic aid"
    assert o.cameo("2042").goldstein == -10.0
    assert o.cameo("1451").name == "Engage in violent protest for change in leadership"
    assert o.cameo("0872").name == "Ease military blockade"
    assert o.to_plover("190") == o.PloverCoding("ASSAULT", None, ("military",))
    assert o.to_plover("036").type == "AGREE"
    assert o.to_plover("1054") == o.PloverCoding("REQUEST", "yield", ("economic",))
    assert o.to_plover("091").contexts == ("crime", "corruption")
    assert o.to_plover("0841") == o.PloverCoding("RETREAT", "release", ("legal",))
    assert o.to_plover("080").type == "CONCEDE" and o.to_plover("087").type == "RETREAT"
    assert o.to_plover("0813").type == "CONCEDE"
    assert o.to_plover("20").type == "ASSAULT"
    assert o.to_plover("166") == o.PloverCoding("SANCTION", "discontinue", ("economic",))
    assert o.to_plover("1712").mode == "destroy"


def test_codes_keep_leading_zeros_and_names_are_clean(tables):
    codes, _, _ = tables
    for code, c in codes.items():
        assert c.code == code and code.isdigit() and 2 <= len(code) <= 4
        assert c.name == c.name.strip() and "  " not in c.name and not c.name.isupper()
        assert c.name[0].isupper() and c.name.isascii(), c.name
        assert -10 <= c.goldstein <= 10


@pytest.mark.parametrize("root,quad", [
    ("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("13", 3), ("14", 4), ("20", 4)])
def test_quad_class_per_root(root, quad, tables):
    codes, _, _ = tables
    assert o.cameo(root).quad_class == quad
    assert all(c.quad_class == quad for c in codes.values() if c.root == root)


def test_plover_type_quad_classes_and_modes(tables):
    _, types, _ = tables
    assert {t.name for t in types.values() if t.quad_class == 1} == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    assert {t.name for t in types.values() if t.quad_class == 2} == {"COOPERATE", "AID", "RETREAT"}
    assert {t.name for t in types.values() if t.quad_class == 3} == {
        "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
    assert types["REQUEST"].modes == ("assist", "change", "yield", "meet")
    assert types["REQUEST"].modes == types["REJECT"].modes
    assert "martial-law" in types["COERCE"].modes and "visit" in types["CONSULT"].modes
    assert types["AGREE"].modes == ()
    assert all(t.description for t in types.values())


def test_every_code_resolves_except_statements(tables):
    codes, types, contexts = tables
    for code in codes:
        coding = o.to_plover(code)
        if code.startswith("01"):
            assert coding is None, code
            continue
        assert coding is not None, code
        assert coding.type in types
        assert coding.mode is None or coding.mode in types[coding.type].modes
        assert set(coding.contexts) <= contexts


def test_appeal_maps_to_request():
    assert o.to_plover("02").type == "REQUEST"
    assert o.to_plover("0243") == o.PloverCoding("REQUEST", "change", ("rights_freedoms",))


# --- lookup API ---------------------------------------------------------------------------

def test_parent():
    assert o.parent("0231") == "023"
    assert o.parent("023") == "02"
    assert o.parent("02") is None
    with pytest.raises(ValueError):
        o.parent("2")


def test_nearest_ancestor_fallback(tables):
    codes, types, contexts = tables
    rows = [(2, ("02", "REQUEST", "", "")), (3, ("023", "REQUEST", "assist", "economic"))]
    rows += [(4 + i, (r, "ASSAULT", "", "")) for i, r in enumerate(o.ROOTS[2:])]
    mapping = o._check_mapping(rows, codes, types, contexts)
    assert o._resolve("0231", mapping) == o.PloverCoding("REQUEST", "assist", ("economic",))
    assert o._resolve("0211", mapping) == o.PloverCoding("REQUEST", None, ())
    assert o._resolve("1823", mapping).type == "ASSAULT"
    assert o._resolve("015", mapping) is None


@pytest.mark.parametrize("bad", ["23", "999", "0A1", "01234", "", "2100"])
def test_unknown_code_error(bad):
    with pytest.raises(KeyError) as info:
        o.cameo(bad)
    assert isinstance(info.value, o.UnknownCameoCode)
    message = str(info.value)
    assert repr(bad) in message and "leading zeros" in message and "'023'" in message
    with pytest.raises(KeyError):
        o.to_plover(bad)


def test_lookup_tolerates_surrounding_whitespace():
    assert o.cameo(" 112 ").code == "112"


def test_returned_dicts_are_copies():
    o.cameo_codes().clear()
    o.plover_types().clear()
    assert "112" in o.cameo_codes() and "AGREE" in o.plover_types()


# --- validation rejects broken rows ------------------------------------------------------

def test_mapping_rejects_unknown_plover_type(tables):
    rows = mapping_rows(tables) + [(999, ("1121", "DENOUNCE", "", ""))]
    rows = [r for r in rows if r[1][0] != "1121" or r[0] == 999]
    with pytest.raises(o.OntologyError, match=r"cameo_plover\.tsv:999: unknown PLOVER type 'DENOUNCE'"):
        o._check_mapping(rows, *tables)


def test_mapping_rejects_bad_mode(tables):
    rows = [r if r[1][0] != "1054" else (r[0], ("1054", "REQUEST", "riot", "economic"))
            for r in mapping_rows(tables)]
    with pytest.raises(o.OntologyError, match=r"mode 'riot' is not a mode of REQUEST"):
        o._check_mapping(rows, *tables)


def test_mapping_rejects_unknown_context_and_code(tables):
    bad_ctx = [r if r[1][0] != "190" else (r[0], ("190", "ASSAULT", "", "military;weather"))
               for r in mapping_rows(tables)]
    with pytest.raises(o.OntologyError, match="unknown context.*weather"):
        o._check_mapping(bad_ctx, *tables)
    with pytest.raises(o.OntologyError, match="'0999' is not in cameo_codes.tsv"):
        o._check_mapping(mapping_rows(tables) + [(500, ("0999", "AGREE", "", ""))], *tables)


def test_mapping_rejects_unreachable_code_and_statement_rows(tables):
    rows = [r for r in mapping_rows(tables) if not r[1][0].startswith("15")]
    with pytest.raises(o.OntologyError, match="'15.*' reaches no PLOVER type"):
        o._check_mapping(rows, *tables)
    with pytest.raises(o.OntologyError, match="unmapped root 01"):
        o._check_mapping(mapping_rows(tables) + [(500, ("018", "AGREE", "", ""))], *tables)


def test_cameo_rejects_missing_parent():
    rows = [r for r in cameo_rows() if r[1][0] != "023"]
    with pytest.raises(o.OntologyError, match=r"cameo_codes\.tsv:\d+: parent '023' of code '0231'"):
        o._check_cameo(rows)


def test_cameo_rejects_goldstein_out_of_range():
    rows = cameo_rows()
    rows[5] = (rows[5][0], (rows[5][1][0], rows[5][1][1], "12"))
    with pytest.raises(o.OntologyError, match=r"Goldstein value 12 .* outside \[-10, 10\]"):
        o._check_cameo(rows)


def test_cameo_rejects_duplicates_bad_codes_and_missing_roots():
    rows = cameo_rows()
    with pytest.raises(o.OntologyError, match="duplicate code '112'"):
        o._check_cameo(rows + [(900, ("112", "Accuse again", "-2"))])
    with pytest.raises(o.OntologyError, match=r":900: code '11234' is not 2-4 digits"):
        o._check_cameo(rows + [(900, ("11234", "Too long", "-2"))])
    with pytest.raises(o.OntologyError, match="not a number"):
        o._check_cameo(rows + [(900, ("1126", "Bad value", "minus two"))])
    no_root = [r for r in rows if not r[1][0].startswith("07")]
    with pytest.raises(o.OntologyError, match="missing root codes: 07"):
        o._check_cameo(no_root)


def test_plover_types_rejects_unknown_and_missing_types():
    good = [(i + 2, (t.name, str(t.quad_class), ";".join(t.modes), t.description))
            for i, t in enumerate(o.plover_types().values())]
    with pytest.raises(o.OntologyError, match=r"plover_types\.tsv:40: unknown PLOVER type 'FIGHT'"):
        o._check_plover_types(good + [(40, ("FIGHT", "4", "", "Fight"))])
    with pytest.raises(o.OntologyError, match="missing PLOVER types: ASSAULT"):
        o._check_plover_types(good[:-1])
    with pytest.raises(o.OntologyError, match="quad_class '5'"):
        o._check_plover_types([(2, ("AGREE", "5", "", "x"))])


def test_parse_table_checks_header_and_field_count():
    header = ("code", "name", "goldstein")
    with pytest.raises(o.OntologyError, match=r"x\.tsv:1: header"):
        o._parse_table("code\tname\n01\tX\n", "x.tsv", header)
    with pytest.raises(o.OntologyError, match=r"x\.tsv:3: expected 3 fields, found 2"):
        o._parse_table("code\tname\tgoldstein\n01\tX\t0\n02\tY\n", "x.tsv", header)
    assert o._parse_table("code\tname\tgoldstein\n\n01\tX\t0\n", "x.tsv", header) == [
        (3, ("01", "X", "0"))]


def test_contexts_reject_duplicates_and_bad_names():
    with pytest.raises(o.OntologyError, match=r"plover_contexts\.txt:2: duplicate context 'legal'"):
        o._check_contexts(["legal", "legal"])
    with pytest.raises(o.OntologyError, match="bad context name 'Human Rights'"):
        o._check_contexts(["Human Rights"])
