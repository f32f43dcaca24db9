"""Unit names to unit keys, exactly as the build matches them, for checking a file before it reaches the seeds.

The name key is dbt's own macro (macros/normalize_unit_name.sql) run in DuckDB, and the name forms are those
models/intermediate/int_unit_aliases__keyed.sql collects; a test holds both equal to the built warehouse.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import jinja2

from parwh.project_vars import dbt_vars
from parwh.readers.text import repair_mojibake

MACRO = Path("macros/normalize_unit_name.sql")
VINTAGES = {"2008": "63 provinces (to 2024)", "2025": "34 units of the 2025 merger"}
REFERENCE = Path("seeds/reference")


def read_seed(project: Path, name: str) -> list[dict[str, str]]:
    with (project / REFERENCE / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def read_curation(project: Path, name: str) -> list[dict[str, str]]:
    with (project / "seeds/curation" / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def name_key_sql(project: Path, expression: str) -> str:
    """The SQL of dbt's normalize_unit_name macro applied to `expression`."""
    macro = (project / MACRO).read_text(encoding="utf-8")
    return jinja2.Template(macro + "{{ normalize_unit_name(expression) }}").render(expression=expression).strip()


def name_keys(project: Path, names: list[str]) -> list[str]:
    """The build's name key of each name, in order."""
    if not names:
        return []
    with duckdb.connect() as con:  # one query with the names as a list parameter (executemany is slow)
        keyed = con.execute(f"""select {name_key_sql(project, 'name')} from (
                                    select unnest($names) as name, generate_subscripts($names, 1) as position)
                                order by position""", {"names": names}).fetchall()
    return [key for (key,) in keyed]


def vintage_of(project: Path, year: int) -> str:
    """The vintage a year's provinces belong to; the boundary is the dbt var merger_first_year."""
    return "2025" if year >= dbt_vars(project)["merger_first_year"] else "2008"


def unit_name_forms(project: Path) -> list[tuple[str, str, str, str]]:
    """(unit_level, vintage, unit_key, name form): every name a unit is known by, as in int_unit_aliases__keyed."""
    forms = []
    for province in read_seed(project, "ref_provinces_63"):
        key = "vn63_" + province["unit_code"]
        names = [province["name_vi"], province["name_ascii"], province["name_en"], *province["aliases"].split("|")]
        forms += [("province", "2008", key, name) for name in names]
    for unit in read_seed(project, "ref_merger_2025"):
        official = unit["new_unit_name_vi"]
        short = re.sub(r"^(Tỉnh|Thành phố) ", "", official)
        forms += [("province", "2025", "vn34_" + unit["new_unit_code"], name) for name in (short, official)]
    for ministry in read_seed(project, "ref_ministries"):
        forms += [("ministry", "", ministry["ministry_code"], name)
                  for name in (ministry["name_vi"], ministry["name_en"])]
    for region in read_seed(project, "ref_regions"):
        forms += [("region", "", region["region_code"], name) for name in (region["name_vi"], region["name_en"])]
    for alias in read_seed(project, "ref_unit_aliases"):
        level, vintage, code = alias["unit_level"], alias["vintage"], alias["unit_code"]
        key = {"2025": "vn34_", "2008": "vn63_"}.get(vintage, "") + code if level == "province" else code
        forms.append((level, vintage, key, alias["alias"]))
    return [(level, vintage, key, unicodedata.normalize("NFC", name.strip()))
            for level, vintage, key, name in forms if name.strip()]


@dataclass
class UnitNames:
    """Name key -> unit key per (level, vintage), with a display name per unit for messages."""
    project: Path
    lookup: dict[tuple[str, str, str], str]
    display: dict[str, str]
    known_keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, project: Path) -> UnitNames:
        forms = unit_name_forms(project)
        keys = name_keys(project, [name for *_, name in forms])
        lookup, display = {}, {}
        for (level, vintage, unit_key, name), key in zip(forms, keys):
            lookup[(level, vintage, key)] = unit_key
            display.setdefault(unit_key, name)
        return cls(project, lookup, display)

    def resolve_all(self, level: str, vintage: str, names: list[str]) -> list[str | None]:
        """Each name's unit key, or None. Like the build: the whole name, then the part in brackets, then the rest."""
        if level == "national":
            return ["VN"] * len(names)
        vintage = vintage if level == "province" else ""
        inner = [match.group(1) if (match := re.search(r"\(([^)]*)\)", name)) else "" for name in names]
        outer = [re.sub(r"\s*\([^)]*\)\s*", " ", name) for name in names]
        keys = self.keys([*names, *inner, *outer])
        return [next((self.lookup[(level, vintage, keys[name])] for name in candidates
                      if (level, vintage, keys[name]) in self.lookup), None)
                for candidates in zip(names, inner, outer)]

    def keys(self, names: list[str]) -> dict[str, str]:
        """name -> the build's name key; each name computed once per process (one DuckDB query for the new ones)."""
        new = list(dict.fromkeys(name for name in names if name not in self.known_keys))
        self.known_keys.update(zip(new, name_keys(self.project, new)))
        return self.known_keys

    def closest(self, level: str, vintage: str, name: str, count: int = 3) -> list[str]:
        """Known names of that level and vintage that look most like `name`, for an error message."""
        vintage = vintage if level == "province" else ""
        units = {unit for (lvl, vtg, _), unit in self.lookup.items() if lvl == level and vtg == vintage}
        by_name = {self.display[unit]: unit for unit in units}
        plain = {strip_marks(known).lower(): known for known in by_name}
        matches = difflib.get_close_matches(strip_marks(name).lower(), list(plain), n=count, cutoff=0.4)
        return [plain[match] for match in matches]


    def suggestion(self, name: str, level: str, year: int) -> str:
        """What to do about a name that does not resolve: the likeliest cause first."""
        vintage = vintage_of(self.project, year)
        if "?" in name or "\ufffd" in name:
            return ("Letters were lost ('?'): the file was saved in an encoding without Vietnamese letters; save "
                    "it again as CSV UTF-8 (Excel: Save As → CSV UTF-8).")
        if foreign := look_alike_letters(name):
            closest = self.closest(level, vintage, name)
            return (f"It mixes letters of another script with Vietnamese ones: {foreign}. Type those letters again "
                    "on a Vietnamese keyboard" + (f" (closest known names: {', '.join(closest)})." if closest else "."))
        other = {"2008": "2025", "2025": "2008"}[vintage]
        if level == "province" and (unit := self.resolve_all(level, other, [name])[0]):
            return (f"{self.display[unit]} is one of the {VINTAGES[other]}; {year} tables name the "
                    f"{VINTAGES[vintage]}{self.merged_into(unit)}.")
        repaired = repair_mojibake(name)
        if repaired and self.resolve_all(level, vintage, [repaired])[0]:
            return f"It reads as {repaired!r} garbled by a wrong encoding: export the file again as CSV UTF-8."
        closest = self.closest(level, vintage, name)
        hint = f"Closest known names: {', '.join(closest)}. " if closest else ""
        return (hint + "If it is another spelling of a known unit, add it to seeds/reference/ref_unit_aliases.csv "
                "with the reason.")

    def merged_into(self, unit_key: str) -> str:
        for row in read_seed(self.project, "ref_merger_2025"):
            if "vn63_" + row["old_gso_code"] == unit_key:
                return f" (from 2025 it is part of {row['new_unit_name_vi']})"
        return ""


def look_alike_letters(name: str) -> str:
    """In a name written in Latin letters, the letters from another script ("Hа Nội" with a Cyrillic а), named."""
    letters = [char for char in unicodedata.normalize("NFC", name) if char.isalpha()]
    latin = [char for char in letters if unicodedata.name(char, "").startswith("LATIN")]
    foreign = list(dict.fromkeys(char for char in letters if char not in latin))
    if not latin or not foreign:
        return ""
    return ", ".join(f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})" for char in foreign)


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
