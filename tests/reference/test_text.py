from reference.services import parse_query
from reference.text import expand_abbreviations, normalise


def test_normalise():
    assert normalise("Saint-Étienne") == "saint etienne"
    assert normalise("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalise("L’Île-d’Yeu") == "l ile d yeu"
    assert normalise("Œuilly") == "oeuilly"
    assert normalise("Bœurs-en-Othe") == "boeurs en othe"
    assert normalise("  ÉVRY--Courcouronnes  ") == "evry courcouronnes"
    assert normalise("ｌｙｏｎ") == "lyon"  # full-width letters
    assert normalise("50%_off\x00; DROP--") == "50 off drop"
    assert normalise("😀\u200b\u202e") == ""


def test_expand_abbreviations():
    assert expand_abbreviations("st etienne", keep_last=True) == "saint etienne"
    assert expand_abbreviations("ste foy les lyon", keep_last=True) == "sainte foy les lyon"
    assert expand_abbreviations("st", keep_last=True) == "st"
    assert expand_abbreviations("st", keep_last=False) == "saint"
    assert expand_abbreviations("la ste", keep_last=False) == "la sainte"


def test_parse_query():
    assert parse_query("Lyon (69)") == parse_query("lyon  ( 69 )")
    query = parse_query("Lyon (69)")
    assert (query.name, query.postcode, query.departement) == ("lyon", "", "69")
    query = parse_query("Ajaccio (2a)")
    assert query.departement == "2A"
    query = parse_query("69001 Lyon")
    assert (query.name, query.postcode) == ("lyon", "69001")
    query = parse_query("Lyon 69001")
    assert (query.name, query.postcode) == ("lyon", "69001")
    query = parse_query("750")
    assert (query.name, query.postcode) == ("", "750")
    assert not parse_query("7")
    assert not parse_query("a")
    assert not parse_query("%_")
    assert not parse_query("x" * 101)
    assert not parse_query(None)
