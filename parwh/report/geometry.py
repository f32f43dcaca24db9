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
WEST, NORTH = 102.0, 23.5  # the view box's top-left corner, in degrees


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
    paths = {}
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings = [ring_path(ring_points(ring, arcs), WEST, NORTH) for polygon in polygons for ring in polygon]
        paths[keys[geometry["properties"]["ten_tinh"]]] = "".join(rings)
    return paths


def view_box() -> str:
    """The whole country, islands included (to 117.9°E, 6.9°N), with room for the archipelagos' frames."""
    width, height = project(117.9, 6.5, WEST, NORTH)
    return f"0 0 {width:.0f} {height:.0f}"


ARCHIPELAGO_EAST_OF = 110.0  # every ring east of this longitude is an island of Hoàng Sa or Trường Sa
ARCHIPELAGO_NAMES = {"hoang_sa": "Quần đảo Hoàng Sa", "truong_sa": "Quần đảo Trường Sa"}


def archipelagos(vintage: str) -> dict[str, dict]:
    """Each archipelago's islands as points of the view box (too small to draw as shapes), and their bounds.

    Hoàng Sa lies north of 14°N (Đà Nẵng), Trường Sa south of it (Khánh Hòa).
    """
    topology = json.loads((BOUNDARIES / VINTAGE_FILES[vintage][0]).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    islands: dict[str, set[tuple[int, int]]] = {key: set() for key in ARCHIPELAGO_NAMES}
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            points = ring_points(polygon[0], arcs)
            if min(longitude for longitude, _ in points) <= ARCHIPELAGO_EAST_OF:
                continue
            longitude = sum(point[0] for point in points) / len(points)
            latitude = sum(point[1] for point in points) / len(points)
            x, y = project(longitude, latitude, WEST, NORTH)
            islands["hoang_sa" if latitude > 14 else "truong_sa"].add((round(x / 3) * 3, round(y / 3) * 3))
    return {key: {"name": ARCHIPELAGO_NAMES[key], "points": sorted(points),
                  "bounds": [min(x for x, _ in points), min(y for _, y in points),
                             max(x for x, _ in points), max(y for _, y in points)]}
            for key, points in islands.items()}
