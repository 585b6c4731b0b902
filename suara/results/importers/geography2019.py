"""The 2019 counting geography, built from the names and ids in the 2019 file. Pure: no Django.

A 2019 region takes the 2024 KPU code of the region with the same name (``place_key``) under its already
matched parent: the province by name, the kab/kota by name within that province, the kecamatan within
the kab/kota, the desa within the kecamatan. Names that do not match (renamed places, the Papua provinces
split in 2022, desa merged or split since) get a code of their own, unused under the same parent: from
the top of the range downward (kab/kota and kecamatan 99, 98, ...; desa 9999, ...; provinces 98, ...),
in the order of their names and source ids, so the same file and the same 2024 geography always give the
same codes. A TPS code is its desa's code and its 3-digit number.

Two refinements, each measured on the full file:
- a kab/kota is a city (KOTA ...) or a regency, and those differ even where the rest of the name is the
  same (Bekasi and Kota Bekasi). A name that matches only without that distinction (2019 "JAKARTA
  BARAT", 2024 "KOTA JAKARTA BARAT") is taken only when most of its kecamatan match beneath it;
- overseas, 2024 names the missions "KBRI ..."/"KJRI ..." where 2019 names the city: the prefix is
  ignored. The overseas province is KPU's pseudo-province 99.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from suara.core.region_codes import OVERSEAS_PROVINCE, level_length, tps_code_of, url_word
from suara.core.text import fold, place_key
from suara.regions.importers.desa_mapping import is_spelling_variant
from suara.results.importers.pemilu2019 import Row

TOP_PROVINCE = 98  # 99 is overseas
_MISSION = re.compile(r"^(kbri|kjri|kdei|kri)\s+")
OVERSEAS_KEY = place_key("Luar Negeri")
MOST = 0.5  # share of kecamatan that must match before a kab/kota is taken without its KOTA/regency tag


class CodesExhausted(Exception):
    """More unmatched regions under one parent than free codes."""

    def __init__(self, parent: str, level: int):
        super().__init__(f"tidak ada kode bebas lagi di bawah {url_word(parent)} (tingkat {level})")
        self.parent, self.level = parent, level


@dataclass(frozen=True, slots=True)
class PlannedRegion:
    code: str
    name: str
    level: int
    parent_code: str
    source_ref: str
    matched: bool  # True: the 2024 KPU code; False: a code of its own
    tps_expected: int = 0


@dataclass
class GeographyPlan:
    regions: list[PlannedRegion] = field(default_factory=list)
    desa_codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (desa_id, post kind) -> code
    matched: Counter = field(default_factory=Counter)  # level -> regions with the 2024 code
    own: Counter = field(default_factory=Counter)  # level -> regions with a code of their own

    def tps_code(self, row: Row) -> str:
        return tps_code_of(self.desa_codes[(row.desa_id, row.post_kind)], row.number)


def match_key(name: str, level: int, overseas: bool) -> str:
    folded = fold(name)
    if overseas:
        folded = _MISSION.sub("", folded)
    key = place_key(folded)
    if level == 2 and folded.startswith("kota "):
        return f"kota {key}"
    return key


def _is_city(name: str) -> bool:
    return fold(name).startswith("kota ")


def _same_kind(a: str, b: str, level: int) -> bool:
    """Spelling never turns a regency into a city: "Bekasi" is not a variant of "Kota Bekasi"."""
    return level != 2 or _is_city(a) == _is_city(b)


@dataclass
class _Node:
    """A 2019 region while the plan is made: its children by their source identity."""

    key: object  # its key among its parent's children: the name, or (desa_id, post kind) for a desa
    name: str
    source_id: str  # the source's id (desa), else its name
    source_ref: str
    children: dict = field(default_factory=dict)
    tps: int = 0


def _tree(rows: Iterable[Row]) -> _Node:
    root = _Node("", "", "", "")
    for row in rows:
        province = root.children.get(row.provinsi)
        if province is None:
            province = root.children[row.provinsi] = _Node(row.provinsi, row.provinsi, row.provinsi, row.provinsi)
        kabkota = province.children.get(row.kabkota)
        if kabkota is None:
            ref = f"{row.provinsi} / {row.kabkota}"
            kabkota = province.children[row.kabkota] = _Node(row.kabkota, row.kabkota, row.kabkota, ref)
        kecamatan = kabkota.children.get(row.kecamatan)
        if kecamatan is None:
            ref = f"{row.provinsi} / {row.kabkota} / {row.kecamatan}"
            kecamatan = kabkota.children[row.kecamatan] = _Node(row.kecamatan, row.kecamatan, row.kecamatan, ref)
        kind = row.post_kind
        desa = kecamatan.children.get((row.desa_id, kind))
        if desa is None:
            name = f"{row.desa} - {kind}" if kind else row.desa
            ref = f"desa_id {row.desa_id} {kind}".strip()
            key = (row.desa_id, kind)
            desa = kecamatan.children[key] = _Node(key, name, f"{row.desa_id}{kind}", ref)
        for node in (root, province, kabkota, kecamatan, desa):
            node.tps += 1
    return root


def _free_codes(parent: str, level: int, used: set[str]) -> Iterable[str]:
    width = level_length(level) - level_length(level - 1)  # the digits a level adds to its parent's code
    top = TOP_PROVINCE if level == 1 else 10**width - 1
    # Down to 0: KPU numbers from 1, so a suffix of zeros is never a KPU code (overseas, 2024 has 96
    # countries under 99 and 2019 four more names).
    for n in range(top, -1, -1):
        code = f"{parent}{n:0{width}d}"
        if code not in used:
            yield code


class _Planner:
    def __init__(self, known: Mapping[str, Mapping[str, str]]):
        self.known = known  # parent code ('' national) -> {2024 code: name}
        self.plan = GeographyPlan()

    def place(self, parent_code: str, level: int, nodes: Sequence[_Node], overseas: bool) -> None:
        known = self.known.get(parent_code, {})
        by_key: dict[str, list[str]] = defaultdict(list)
        for code, name in known.items():
            by_key[match_key(name, level, overseas)].append(code)
        ordered = sorted(nodes, key=lambda n: (n.name, n.source_id))
        is_overseas = [overseas or (level == 1 and place_key(n.name) == OVERSEAS_KEY) for n in ordered]
        codes: list[tuple[str, bool] | None] = []
        taken: set[str] = set()
        for node, node_overseas in zip(ordered, is_overseas, strict=True):
            key = match_key(node.name, level, node_overseas)
            code = self._unique(by_key.get(key, []), taken)
            if code is None and level == 2:
                code = self._untagged(node, key, by_key, taken, overseas)
            if code is not None:
                taken.add(code)
            codes.append((code, True) if code else None)
        for i, node in enumerate(ordered):  # then spelling variants, among the 2024 regions still free
            if codes[i] is None:
                variants = [
                    c
                    for c, name in known.items()
                    if c not in taken and _same_kind(node.name, name, level) and is_spelling_variant(node.name, name)
                ]
                if len(variants) == 1:
                    taken.add(variants[0])
                    codes[i] = (variants[0], True)
        used = set(known) | taken
        free = iter(_free_codes(parent_code, level, used))
        for i, node_overseas in enumerate(is_overseas):
            if codes[i] is not None:
                continue
            if level == 1 and node_overseas and OVERSEAS_PROVINCE not in used:
                code = OVERSEAS_PROVINCE
            else:
                code = next((c for c in free if c not in used), None)
                if code is None:
                    raise CodesExhausted(parent_code, level)
            used.add(code)
            codes[i] = (code, False)
        for node, node_overseas, (code, matched) in zip(ordered, is_overseas, codes, strict=True):
            (self.plan.matched if matched else self.plan.own)[level] += 1
            self.plan.regions.append(
                PlannedRegion(code, node.name, level, parent_code, node.source_ref[:200], matched, node.tps)
            )
            if level == 4:
                self.plan.desa_codes[node.key] = code
            else:
                self.place(code, level + 1, list(node.children.values()), node_overseas)

    @staticmethod
    def _unique(candidates: list[str], taken: set[str]) -> str | None:
        # Two 2024 regions under one parent with one key decide nothing (as in regions' desa mapping).
        return candidates[0] if len(candidates) == 1 and candidates[0] not in taken else None

    def _untagged(self, node: _Node, key: str, by_key: dict, taken: set[str], overseas: bool) -> str | None:
        """A kab/kota matching only without the city/regency distinction, when its kecamatan agree."""
        bare = key.removeprefix("kota ")
        candidates = [c for k, codes in by_key.items() if k.removeprefix("kota ") == bare for c in codes]
        code = self._unique(candidates, taken)
        if code is None or not node.children:
            return None
        below = {match_key(name, 3, overseas) for name in self.known.get(code, {}).values()}
        agree = sum(match_key(child.name, 3, overseas) in below for child in node.children.values())
        return code if agree >= MOST * len(node.children) else None


def plan_geography(rows: Iterable[Row], known: Mapping[str, Mapping[str, str]]) -> GeographyPlan:
    """Codes for every 2019 region and TPS. ``known``: the 2024 electoral regions as parent code ('' for
    the provinces) -> {code: name}; empty when the 2024 geography is not loaded (then every code is own)."""
    root = _tree(rows)
    planner = _Planner(known)
    planner.place("", 1, list(root.children.values()), overseas=False)
    return planner.plan
