"""Province boundaries (TopoJSON in boundaries/) as SVG paths keyed by unit_key, drawn once at build time."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

BOUNDARIES = Path(__file__).parent / "boundaries"
# file, its TopoJSON object, the join file, and how a join row gives the unit key
VINTAGE_FILES = {
    "2008": ("diaphantinh_63_fixednames.topojson.json", "geo_join_63.csv", lambda row: "vn63_" + row["gso_code"]),
    "2025": ("diaphantinhvn_merged_from_geojson.topojson.json", "geo_join_34.csv",
             lambda row: "vn34_" + row["new_unit_code"]),
}
PIXELS_PER_DEGREE = 60  # view-box units; whole units keep the paths small and still smooth on screen
CENTRE_LATITUDE = 16.0  # equirectangular, x shrunk by cos(16°): close enough for a country this long


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded arcs -> lists of (longitude, latitude)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their end point
    return points


def project(longitude: float, latitude: float, west: float, north: float) -> tuple[float, float]:
    return ((longitude - west) * math.cos(math.radians(CENTRE_LATITUDE)) * PIXELS_PER_DEGREE,
            (north - latitude) * PIXELS_PER_DEGREE)


def ring_path(points: list[tuple[float, float]], west: float, north: float) -> str:
    """One closed SVG subpath in whole units of the view box, points that round to the previous one dropped."""
    rounded = []
    for longitude, latitude in points:
        x, y = project(longitude, latitude, west, north)
        point = f"{x:.0f} {y:.0f}"
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return "M" + "L".join(rounded) + "Z" if len(rounded) > 2 else ""


def unit_paths(vintage: str) -> dict[str, str]:
    """unit_key -> SVG path data for every unit of a vintage (2008: 63 provinces, 2025: 34 units)."""
    topology_file, join_file, unit_key = VINTAGE_FILES[vintage]
    topology = json.loads((BOUNDARIES / topology_file).read_text(encoding="utf-8"))
    with (BOUNDARIES / join_file).open(encoding="utf-8", newline="") as file:
        keys = {row["ten_tinh"]: unit_key(row) for row in csv.DictReader(file)}
    arcs = decode_arcs(topology)
    west, north = 102.0, 23.5
    paths = {}
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings = [ring_path(ring_points(ring, arcs), west, north) for polygon in polygons for ring in polygon]
        paths[keys[geometry["properties"]["ten_tinh"]]] = "".join(rings)
    return paths


def view_box() -> str:
    """The whole country, islands included (to 117.9°E, 6.9°N)."""
    width, height = project(117.9, 6.9, 102.0, 23.5)
    return f"0 0 {width:.0f} {height:.0f}"
