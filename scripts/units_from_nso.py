#!/usr/bin/env python3
"""Builds assets/units/haiphong.json from public copies of the statistics office's lists.

Not run by the build or the tests: it is how the shipped file was made, kept so that the next
change of Hai Phong's units can be made the same way. The inputs are public files (see the
"sources" of the output, which names each with its repository, path and commit); fetch them
yourself and pass their paths. Nothing of them is copied but the facts: codes, names, kinds and
which old unit went into which new one.

  scripts/units_from_nso.py --conversion BangChuyendoi...csv --old-list Xa_2025-01-04.csv \
      --new-check 31_HaiPhong.sql --old-check vn_only_simplified...json \
      --new-check2 flat-divisions.json > assets/units/haiphong.json
"""
import argparse
import collections
import csv
import json
import re
import sys
import unicodedata

PREFIXES = [("Thành phố ", "thành phố"), ("Thị xã ", "thị xã"), ("Quận ", "quận"), ("Huyện ", "huyện"),
            ("Phường ", "phường"), ("Thị trấn ", "thị trấn"), ("Xã ", "xã"), ("Đặc khu ", "đặc khu")]
KIND = {"phường": "ward", "xã": "commune", "thị trấn": "commune", "đặc khu": "special_zone",
        "quận": "district", "huyện": "district", "thị xã": "district", "thành phố": "district"}
TRANSFER = {"Nhập toàn bộ": "whole", "Nhập một phần": "part", "Nhập một phần diện tích": "part_area",
            "Nhâp một phần diện tích": "part_area",
            "Nhập một phần diện tích, toàn bộ dân số": "part_area_all_people"}


def nfc(s):
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", s).strip())


def split_name(full):
    full = nfc(full)
    for p, label in PREFIXES:
        if full.lower().startswith(p.lower()):
            return label, full[len(p):]
    raise SystemExit("no known prefix: " + full)


def loose(s):
    """Tone-mark placement differs between sources (Thụy/Thuỵ, Hòa/Hoà): compare without marks."""
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c)).replace("đ", "d")


def main():
    ap = argparse.ArgumentParser()
    for a in ("--conversion", "--old-list", "--new-check", "--new-check2", "--old-check"):
        ap.add_argument(a, required=True)
    args = ap.parse_args()

    # The statistics office's conversion table: one row per (new unit, old unit) pair.
    rows = list(csv.reader(open(args.conversion, encoding="utf-8")))
    hp = [r for r in rows if r and r[0].startswith("Thành phố Hải Phòng (31)")]
    new = collections.OrderedDict()
    links = []
    for r in hp:
        code, label_name = r[2].strip(), split_name(r[1])
        new.setdefault(code, label_name)
        if new[code] != label_name:
            raise SystemExit("one code, two names: " + code)
        old_code = r[4].strip()
        m = re.search(r"\((\d+)\)$", r[6].strip())
        if old_code:
            links.append((old_code, code, TRANSFER[nfc(r[5])]))
        else:  # Bạch Long Vĩ: a district without communes became the special zone
            links.append(("d" + m.group(1), code, "whole"))

    # The list of communes in force before the reform (4 January 2025).
    old = [r for r in csv.reader(open(args.old_list, encoding="utf-8"))][1:]
    old = [r for r in old if len(r) > 5 and r[1] in ("30", "31") and r[5]]
    districts = collections.OrderedDict()
    for r in old:
        districts.setdefault(r[3], (r[1], split_name(r[2])))
    # Bạch Long Vĩ has no commune, so the commune list lacks it; the conversion table names it.
    for r in hp:
        m = re.search(r"^(.*) \((\d+)\)$", nfc(r[6]))
        if m.group(2) not in districts:
            districts[m.group(2)] = ("31", split_name(m.group(1)))

    # Independent copies to check against.
    tlq_new = dict(re.findall(r"\('(\d{5})', '([^']+)', '31'\)", open(args.new_check, encoding="utf-8").read()))
    sun_new = {f"{x['code']:05d}": x["name"] for x in json.load(open(args.new_check2, encoding="utf-8"))
               if x["province_codename"] == "hai_phong"}
    tlq_old = {}
    for p in json.load(open(args.old_check, encoding="utf-8")):
        if p["Code"] in ("30", "31"):
            for d in p["District"]:
                tlq_old["d" + d["Code"]] = d["FullName"]
                for w in d["Ward"] or []:
                    tlq_old[w["Code"]] = w["FullName"]

    checks = collections.Counter()
    differences = []

    def agree(key, full, other, what):
        if key not in other:
            differences.append(f"{what} {key} {full}: missing")
            return False
        if nfc(other[key]) == nfc(full):
            checks[what + " exact"] += 1
            return True
        if loose(other[key]) == loose(full):
            checks[what + " tone marks only"] += 1
            return True
        differences.append(f"{what} {key}: {full} / {other[key]}")
        return False

    units = [
        {"id": "vn-31", "code": "31", "kind": "province", "label": "thành phố trực thuộc trung ương",
         "name": "Hải Phòng", "parent_id": None, "valid_from": None, "valid_to": None, "verified": True},
        {"id": "vn-30", "code": "30", "kind": "province", "label": "tỉnh", "name": "Hải Dương",
         "parent_id": None, "valid_from": None, "valid_to": "2025-06-30", "verified": True},
    ]
    ids = {}
    for code, (prov, (label, name)) in districts.items():
        ids["d" + code] = f"vn-{prov}-{code}"
        ok = agree("d" + code, f"{label.capitalize()} {name}", tlq_old, "old district (2nd source)")
        units.append({"id": ids["d" + code], "code": code, "kind": "district", "label": label, "name": name,
                      "parent_id": f"vn-{prov}", "valid_from": None, "valid_to": "2025-06-30", "verified": ok})
    for r in old:
        label, name = split_name(r[4])
        ids[r[5]] = f"vn-{r[1]}-{r[3]}-{r[5]}"
        ok = agree(r[5], nfc(r[4]), tlq_old, "old commune (2nd source)")
        units.append({"id": ids[r[5]], "code": r[5], "kind": KIND[label], "label": label, "name": name,
                      "parent_id": f"vn-{r[1]}-{r[3]}", "valid_from": None, "valid_to": "2025-06-30",
                      "verified": ok})
    for code, (label, name) in new.items():
        ids["n" + code] = f"vn-31-{code}"
        full = f"{label.capitalize()} {name}"
        ok = agree(code, full, tlq_new, "new unit (2nd source)") & agree(code, full, sun_new, "new unit (3rd source)")
        units.append({"id": ids["n" + code], "code": code, "kind": KIND[label], "label": label, "name": name,
                      "parent_id": "vn-31", "valid_from": "2025-07-01", "valid_to": None, "verified": ok})

    missing = [o for o, _, _ in links if o not in ids]
    if missing:
        raise SystemExit("links from unknown old units: " + ", ".join(missing))
    after = collections.Counter(u["kind"] for u in units if u["valid_from"] == "2025-07-01")
    old_in_links = {o for o, _, _ in links}
    unlinked = [u["id"] for u in units if u["valid_to"] and u["kind"] not in ("province", "district")
                and u["code"] not in old_in_links]

    out = collections.OrderedDict()
    out["about"] = [
        "Hai Phong's administrative units before and after Vietnam's 2025 reform, for kiosk-server's dashboard "
        "(docs/dashboard.md). Made by scripts/units_from_nso.py from the sources below.",
        "Before 1 July 2025: the city of Hai Phong (code 31) with its 15 district-level units and their communes, "
        "and the province of Hai Duong (code 30) with its 12 and theirs, as the statistics office listed them on "
        "4 January 2025. Hai Duong merged into Hai Phong (Resolution 202/2025/QH15).",
        "From 1 July 2025 the district level is abolished: Hai Phong has 114 commune-level units, 45 wards "
        "(phường), 67 communes (xã) and 2 special zones (đặc khu), under Resolution 1669/NQ-UBTVQH15 of "
        "16 June 2025. A new unit carries the official 5-digit code it was given, which is the code of one of the "
        "old communes it was formed from; ids keep the two apart: vn-31-{code} after the reform, "
        "vn-{province}-{district}-{code} before it.",
        "Kinds: thị trấn (townships) are kind commune with label thị trấn; the label is the unit's own word.",
        "links: the old unit (from) went into the new one (to), at the commune level, as the statistics "
        "office's conversion table records it: transfer whole, part (the old commune was split), part_area (a "
        "piece of land without its people) or part_area_all_people. Bạch Long Vĩ, a district without communes, "
        "is linked as a district. Hai Duong province is linked to Hai Phong.",
        "verified: true where the code and the name agree in two independent copies of the statistics office's "
        "lists (spelling of tone marks aside: Thụy/Thuỵ, Hòa/Hoà); see checks.",
        "Not recorded: the dates old communes came into being (valid_from null), the arrangements in force "
        "before 1 January 2025 (the Standing Committee's 2024 resolution on Hai Phong's units, its number not "
        "checked here, changed some communes then; An Dương became an urban district, Thủy Nguyên a city), so the labels of those two are as of 2025.",
    ]
    out["sources"] = [
        {"what": "Conversion table of commune-level units, old to new, of the statistics office "
                 "(Cục Thống kê, danhmuchanhchinh.nso.gov.vn, BangChuyendoiĐVHCmoi_cu), as a CSV",
         "repository": "sunshine-tech/VietnamProvinces",
         "path": "dev/seed-data/2025-07/BangChuyendoiĐVHCmoi_cu_khong_merge.csv",
         "commit": "809e91baefbe3153ccaecc9b2286303a98b9119b",
         "used_for": "the 114 new units (codes, names, kinds) and every link"},
        {"what": "The statistics office's list of communes in force on 4 January 2025, as a CSV",
         "repository": "sunshine-tech/VietnamProvinces",
         "path": "dev/seed-data/Pre-2025-07/Xa_2025-01-04.csv",
         "commit": "809e91baefbe3153ccaecc9b2286303a98b9119b",
         "used_for": "the old districts and communes of Hai Phong and Hai Duong (codes, names, kinds)"},
        {"what": "Seed of the post-reform wards of Hai Phong (31)",
         "repository": "thanglequoc/vietnamese-provinces-database",
         "path": "dataset-generation-scripts/resources/manual_seeds/wards/31_HaiPhong.sql",
         "commit": "cd58063299585146ded3981f2272946ef19ced54",
         "used_for": "check of the new units' codes and names"},
        {"what": "Post-reform divisions scraped from the statistics office's service",
         "repository": "sunshine-tech/VietnamProvinces",
         "path": "vietnam_provinces/data/flat-divisions.json",
         "commit": "809e91baefbe3153ccaecc9b2286303a98b9119b",
         "used_for": "second check of the new units' codes and names"},
        {"what": "Pre-reform provinces, districts and communes (data up to Resolution 1365/NQ-UBTVQH15)",
         "repository": "thanglequoc/vietnamese-provinces-database",
         "path": "json/vn_only_simplified_json_generated_data_vn_units.json",
         "commit": "fac63085ebd479633cfad284455df8f663eefb86",
         "used_for": "check of the old districts' and communes' codes and names"},
        {"what": "Resolution 202/2025/QH15 (provinces) and 1669/NQ-UBTVQH15 (Hai Phong's communes), "
                 "as the datasets above cite them; the texts themselves were not read here",
         "used_for": "the dates: old units valid to 2025-06-30, new ones from 2025-07-01"},
    ]
    out["checks"] = {
        "after_reform_counts": dict(sorted(after.items())),
        "expected_after_reform": {"commune": 67, "special_zone": 2, "ward": 45},
        "counts_match": dict(after) == {"commune": 67, "special_zone": 2, "ward": 45},
        "old_districts": len(districts),
        "old_communes": len(old),
        "old_communes_not_in_any_link": unlinked,
        "agreement": dict(sorted(checks.items())),
        "differences": differences,
    }
    out["units"] = units
    out["links"] = [{"from": "vn-30", "to": "vn-31", "transfer": "whole"}] + [
        {"from": ids[o], "to": ids["n" + n], "transfer": t} for o, n, t in links]

    # One unit or link a line: the file stays readable and its diffs small.
    w = sys.stdout
    w.write("{\n")
    keys = list(out)
    for i, k in enumerate(keys):
        v = out[k]
        sep = "," if i + 1 < len(keys) else ""
        if isinstance(v, list) and k in ("units", "links"):
            w.write(f' "{k}": [\n')
            w.write(",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in v))
            w.write(f"\n ]{sep}\n")
        else:
            body = json.dumps(v, ensure_ascii=False, indent=1).replace("\n", "\n ")
            w.write(f' "{k}": {body}{sep}\n')
    w.write("}\n")


if __name__ == "__main__":
    main()
