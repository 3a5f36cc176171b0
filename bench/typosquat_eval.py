"""Labelled evaluation of SW403's typosquat check (stagewarden.typosquat.check): recall on
publicly reported PyPI typosquats and combosquats, false flags on legitimate near-names from
the bundled popular list, and a comparison with a plain edit-distance-1 checker.

    .venv/bin/python bench/typosquat_eval.py [--rebuild] [--json FILE] [--misses]

The labelled set is bench/data/typosquats_labelled.tsv (committed; columns label, name,
target, source):

- squat: a name reported as a malicious typosquat or combosquat of a PyPI project, with the
  project it imitates (alternatives separated by `|`) and the public report it comes from.
  Chosen by hand from the sources named in each row; kept whether or not the check finds it.
- squat-synthetic: homoglyph spellings written for this set (no public report), marked so.
- legit: a project of the bundled popular list that is close to another popular project (one
  or two edits, the same letters with other separators or affixes, or a popular name as one of
  its words). `--rebuild` makes these rows again from the bundled list, deterministically
  (seeded sample), and keeps the squat rows as they are.

check() applies looser rules to a name that is not established (see its docstring). How each
row is evaluated:

- squat rows with established=None: the bundled snapshot of every PyPI name decides. The
  reported squats were removed from PyPI, so the snapshot does not hold them, just as a
  snapshot taken before a new squat was registered does not hold it;
- legit rows with established=None (they are in the snapshot, so established: the figure the
  target applies to) and with established=False. Every legit row is in the bundled ranked list,
  which check() never flags whatever `established` says, so the rows are also run through the
  techniques alone (the never-flag rule lifted), both ways: established=False there is what
  the same name would get were it published after the snapshot, the cost of the looser rules
  for a genuinely new legitimate project.

Figures (all offline, deterministic):
- recall: the fraction of squat rows the check flags, overall, per technique and confidence
  reported and per source; also how often the reported target is the expected one;
- false flags: legit rows flagged with established=None (must be 0) and with
  established=False, and what the techniques alone flag of them, both ways;
- baseline: a checker that flags a name when another of the same popular names is within
  Levenshtein distance 1 of it (the usual approach): its flags on legit rows and its misses on
  squat rows;
- long tail: the ranked names outside the targets, checked by the techniques alone as if they
  were unknown, as established projects and as new ones: an estimate of how often a
  legitimate dependency missing from the bundled list gets flagged;
- timing: index builds (the strict index, then what a name that is not established needs
  besides) and per-name check time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from stagewarden import known_packages, typosquat

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "data" / "typosquats_labelled.tsv"
SEED = 403_2026
NEAR_SAMPLE = 200
COMPONENT_SAMPLE = 200
HEADER = """\
# stagewarden SW403 typosquat evaluation set. Columns: label, name, target, source.
# label squat: a name publicly reported as a malicious typosquat/combosquat of a PyPI project; target is
#   the project it imitates (alternatives separated by |, as named in the report or evident from the
#   name); source is the public report or data set listing it.
# label squat-synthetic: a homoglyph spelling written for this set; no public report.
# label legit: a project of stagewarden's bundled popular list (PyPI snapshot {snapshot}) close to another
#   popular project; rows written by `bench/typosquat_eval.py --rebuild` (seed {seed}).
"""
# Legitimate look-alikes the issue names: always in the set.
REQUIRED_LEGIT = (
    ("botocore", "boto3", "two popular names close to each other"),
    ("requests-oauthlib", "requests", "family: -oauthlib"),
    ("requests-toolbelt", "requests", "family: -toolbelt"),
    ("ruamel-yaml", "pyyaml", "another YAML library"),
    ("pyaml", "pyyaml", "one edit from pyyaml"),
    ("django-environ", "django", "family: django-"),
    ("types-requests", "requests", "family: types-"),
    ("aiobotocore", "botocore", "family: aio"),
)


# -- the labelled set ---------------------------------------------------------------------------
def read_rows(path: Path = LABELLED) -> list[dict[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, name, target, source = line.split("\t")
        if label == "label":
            continue
        rows.append({"label": label, "name": name, "target": target, "source": source})
    return rows


def legit_rows() -> list[dict[str, str]]:
    """Pairs of popular projects close to each other, from the bundled list only."""
    ranked = known_packages.popular_names()
    targets = typosquat.top_targets()
    target_set = set(targets)
    by_length: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for target in targets:
        if len(target) >= typosquat.MIN_EDIT_LENGTH:
            by_length[len(target)].append((target, typosquat._characters(target)))
    near: list[tuple[str, str, str]] = []
    component: list[tuple[str, str, str]] = []
    for name in ranked:
        found = None
        mask = typosquat._characters(name)
        for length in range(len(name) - 2, len(name) + 3):
            for target, chars in by_length.get(length, ()):
                if (
                    target != name
                    and bin(mask & ~chars).count("1") <= 2
                    and bin(chars & ~mask).count("1") <= 2
                ):
                    distance = known_packages.edit_distance(name, target, 2)
                    if distance <= 2 and (found is None or distance < found[1]):
                        found = (target, distance)
        if found is not None:
            near.append(
                (
                    name,
                    found[0],
                    f"{found[1]} edit{'s' if found[1] > 1 else ''} from {found[0]}",
                )
            )
            continue
        words = name.split("-")
        for cut in range(1, len(words)):
            left, right = "-".join(words[:cut]), "-".join(words[cut:])
            shared = (
                left
                if left in target_set and len(left) >= 4
                else right
                if right in target_set and len(right) >= 4
                else None
            )
            if shared is not None and shared != name:
                component.append(
                    (name, shared, f"has the popular name {shared} as a part")
                )
                break
    rng = random.Random(SEED)
    required = {name for name, _, _ in REQUIRED_LEGIT}
    picked = [(n, t, why) for n, t, why in REQUIRED_LEGIT]
    for pool, size in ((near, NEAR_SAMPLE), (component, COMPONENT_SAMPLE)):
        pool = [row for row in pool if row[0] not in required]
        picked += sorted(
            rng.sample(pool, min(size, len(pool))),
            key=lambda row: known_packages.rank(row[0]),
        )
    return [
        {
            "label": "legit",
            "name": name,
            "target": target,
            "source": f"bundled popular list, rank {known_packages.rank(name)}: {why}",
        }
        for name, target, why in picked
    ]


def rebuild() -> None:
    squats = [row for row in read_rows() if row["label"] != "legit"]
    lines = [
        HEADER.format(snapshot=known_packages.snapshot(), seed=SEED).rstrip("\n"),
        "label\tname\ttarget\tsource",
    ]
    for row in squats + legit_rows():
        lines.append(
            "\t".join((row["label"], row["name"], row["target"], row["source"]))
        )
    LABELLED.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- checkers ---------------------------------------------------------------------------------
def levenshtein_one(
    name: str, targets: frozenset[str], by_length: dict[int, list[str]]
) -> str | None:
    """The plain checker: another popular name within Levenshtein distance 1 (no swaps)."""
    norm = known_packages.normalize(name)
    for length in (len(norm) - 1, len(norm), len(norm) + 1):
        for target in by_length.get(length, ()):
            if target != norm and _within_one(norm, target):
                return target
    return None


def _within_one(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def rules_only(name: str, established: bool | None):
    """The techniques without the never-flag rule (what a name would get were it not ranked);
    `established` as check() takes it."""
    index = typosquat._index(None, typosquat.DEFAULT_TOP)
    return typosquat._suspect(
        name.strip(),
        known_packages.normalize(name),
        index,
        (),
        1,
        established,
        lambda: typosquat._tail(None, typosquat.DEFAULT_TOP),
    )


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


# -- report -----------------------------------------------------------------------------------
def evaluate(rows: list[dict[str, str]]) -> dict:
    known_packages.popular_names()  # the bundled list is loaded once by any user of it
    known_packages.may_exist("warm-up")  # and the snapshot of every name
    typosquat._index.cache_clear()
    typosquat._tail.cache_clear()
    typosquat._ranked.cache_clear()
    # the strict index: what checking an established name needs
    _, build_ms = _timed(typosquat.check, "warm-up", established=True)
    # besides, for a name that is not established: the ranked names beyond the targets and the
    # lazily built spellings (glued names, repeated letters)
    _, new_build_ms = _timed(typosquat.check, "warm-upp", established=False)
    targets = typosquat.top_targets()
    target_set = frozenset(targets)
    by_length: dict[int, list[str]] = defaultdict(list)
    for target in targets:
        by_length[len(target)].append(target)

    timings: list[float] = []
    results = []
    for row in rows:
        found, ms = _timed(typosquat.check, row["name"])
        timings.append(ms)
        expected = {known_packages.normalize(t) for t in row["target"].split("|")}
        result = {
            **row,
            "in_snapshot": known_packages.may_exist(row["name"]),
            "flagged": found is not None,
            "technique": found.technique if found else None,
            "confidence": found.confidence if found else None,
            "found_target": found.target if found else None,
            "target_agrees": bool(found and found.target in expected),
            "detail": found.detail if found else None,
            "baseline": levenshtein_one(row["name"], target_set, by_length),
            "expected_in_targets": any(t in target_set for t in expected),
        }
        if row["label"] == "legit":
            new = typosquat.check(row["name"], established=False)
            alone = rules_only(row["name"], None)
            alone_new = rules_only(row["name"], False)
            result.update(
                flagged_new=new is not None,
                rules_only=alone.technique if alone else None,
                rules_only_new=alone_new.technique if alone_new else None,
                rules_only_new_confidence=alone_new.confidence if alone_new else None,
            )
        results.append(result)

    def summary(label_filter) -> dict:
        chosen = [r for r in results if label_filter(r["label"])]
        flagged = [r for r in chosen if r["flagged"]]
        return {
            "rows": len(chosen),
            "in_snapshot": sum(r["in_snapshot"] for r in chosen),
            "flagged": len(flagged),
            "recall": round(len(flagged) / len(chosen), 3) if chosen else None,
            "target_agrees": sum(r["target_agrees"] for r in flagged),
            "by_technique": dict(
                sorted(Counter(r["technique"] for r in flagged).items())
            ),
            "by_confidence": {
                level: sum(r["confidence"] == level for r in flagged)
                for level in typosquat.CONFIDENCES
            },
            "by_technique_confidence": {
                f"{technique}/{level}": count
                for (technique, level), count in sorted(
                    Counter((r["technique"], r["confidence"]) for r in flagged).items()
                )
            },
            "baseline_flagged": sum(r["baseline"] is not None for r in chosen),
        }

    squats = [r for r in results if r["label"] == "squat"]
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in squats:
        key = r["source"].split(" (")[0].split(";")[0]
        by_source[key][0] += 1
        by_source[key][1] += r["flagged"]
    legit = [r for r in results if r["label"] == "legit"]
    # The long tail: ranked names outside the targets stand in for legitimate dependencies the
    # bundled list does not hold; what the techniques alone would say of them, as established
    # projects and as new ones.
    tail = known_packages.popular_names()[len(targets) :]
    tail_report = {"names": len(tail)}
    for key, established in (("established", True), ("new", False)):
        flags = []
        tail_ms = []
        for name in tail:
            found, ms = _timed(rules_only, name, established)
            tail_ms.append(ms)
            if found is not None:
                flags.append(found)
        tail_report[key] = {
            "flagged": len(flags),
            "by_technique": dict(sorted(Counter(s.technique for s in flags).items())),
            "by_confidence": {
                level: sum(s.confidence == level for s in flags)
                for level in typosquat.CONFIDENCES
            },
            "mean_ms": round(statistics.fmean(tail_ms), 3),
            "max_ms": round(max(tail_ms), 3),
        }
    return {
        "tail": tail_report,
        "snapshot": known_packages.snapshot(),
        "targets": len(targets),
        "squat": summary(lambda label: label == "squat"),
        "squat_synthetic": summary(lambda label: label == "squat-synthetic"),
        "legit": {
            "rows": len(legit),
            "in_snapshot": sum(r["in_snapshot"] for r in legit),
            "flagged": sum(r["flagged"] for r in legit),
            "flagged_new": sum(r["flagged_new"] for r in legit),
            "rules_only_flagged": sum(r["rules_only"] is not None for r in legit),
            "rules_only_by_technique": dict(
                sorted(
                    Counter(r["rules_only"] for r in legit if r["rules_only"]).items()
                )
            ),
            "rules_only_new_flagged": sum(
                r["rules_only_new"] is not None for r in legit
            ),
            "rules_only_new_by_confidence": {
                level: sum(r["rules_only_new_confidence"] == level for r in legit)
                for level in typosquat.CONFIDENCES
            },
            "baseline_flagged": sum(r["baseline"] is not None for r in legit),
        },
        "squat_targets_in_list": sum(r["expected_in_targets"] for r in squats),
        "squat_missed_with_target_in_list": sum(
            1 for r in squats if r["expected_in_targets"] and not r["flagged"]
        ),
        "by_source": {
            k: {"rows": v[0], "flagged": v[1]} for k, v in sorted(by_source.items())
        },
        "baseline_squats_missed": sum(r["baseline"] is None for r in squats),
        "baseline_squats_missed_but_flagged": sum(
            r["baseline"] is None and r["flagged"] for r in squats
        ),
        "timing_ms": {
            "index_build": round(build_ms, 1),
            "index_build_new": round(new_build_ms, 1),
            "mean": round(statistics.fmean(timings), 3),
            "max": round(max(timings), 3),
        },
        "misses": [
            {
                "name": r["name"],
                "target": r["target"],
                "target_in_list": r["expected_in_targets"],
                "in_snapshot": r["in_snapshot"],
            }
            for r in results
            if r["label"].startswith("squat") and not r["flagged"]
        ],
        "target_disagrees": [
            {"name": r["name"], "target": r["target"], "found": r["found_target"]}
            for r in squats
            if r["flagged"] and not r["target_agrees"]
        ],
        "legit_flagged": [
            {"name": r["name"], "technique": r["technique"]}
            for r in legit
            if r["flagged"]
        ],
        "results": results,
    }


def print_report(report: dict, show_misses: bool) -> None:
    squat, synthetic, legit = (
        report["squat"],
        report["squat_synthetic"],
        report["legit"],
    )
    print(
        f"SW403 typosquat evaluation (bundled PyPI snapshot {report['snapshot']}, {report['targets']} target names)"
    )
    print()
    print("| set | rows | in snapshot | flagged | recall / rate |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| squat (publicly reported), established=None | {squat['rows']} | {squat['in_snapshot']} | {squat['flagged']} | {squat['recall']:.3f} |"
    )
    print(
        f"| squat-synthetic (homoglyphs), established=None | {synthetic['rows']} | {synthetic['in_snapshot']} | {synthetic['flagged']} | {synthetic['recall']:.3f} |"
    )
    print(
        f"| legit (popular near-names), established=None | {legit['rows']} | {legit['in_snapshot']} | {legit['flagged']} | {legit['flagged'] / legit['rows']:.3f} |"
    )
    print(
        f"| legit, established=False | {legit['rows']} | | {legit['flagged_new']} | {legit['flagged_new'] / legit['rows']:.3f} |"
    )
    print()
    print(
        "Flagged squats by confidence: "
        + ", ".join(
            f"{level} {count}" for level, count in squat["by_confidence"].items()
        )
    )
    print(
        f"Reported target agrees with the labelled one: {squat['target_agrees']} of {squat['flagged']} flagged squats."
    )
    print(
        f"Squats whose labelled target is among the targets: {report['squat_targets_in_list']} of {squat['rows']}; "
        f"missed among those: {report['squat_missed_with_target_in_list']}."
    )
    print()
    print("Flagged squats by technique and confidence reported:")
    print()
    print("| technique | high | medium | low | squat-synthetic |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for technique in typosquat.TECHNIQUES:
        counts = [
            squat["by_technique_confidence"].get(f"{technique}/{level}", 0)
            for level in typosquat.CONFIDENCES
        ]
        b = synthetic["by_technique"].get(technique, 0)
        if any(counts) or b:
            print(f"| {technique} | {' | '.join(map(str, counts))} | {b} |")
    print()
    print("Squats by source:")
    print()
    print("| source | rows | flagged |")
    print("| --- | ---: | ---: |")
    for source, counts in report["by_source"].items():
        print(f"| {source} | {counts['rows']} | {counts['flagged']} |")
    print()
    print(
        "Plain edit-distance-1 checker (Levenshtein <= 1 to another of the same target names):"
    )
    print(f"- legit rows it flags: {legit['baseline_flagged']} of {legit['rows']}")
    print(
        f"- squat rows it misses: {report['baseline_squats_missed']} of {squat['rows']} "
        f"({report['baseline_squats_missed_but_flagged']} of them flagged by SW403)"
    )
    print()
    print(
        f"Techniques alone (never-flag rule for ranked names lifted) on the {legit['rows']} legit rows: "
        f"as established projects {legit['rules_only_flagged']} ({legit['rules_only_by_technique']}); "
        f"as new projects {legit['rules_only_new_flagged']} "
        f"(by confidence {legit['rules_only_new_by_confidence']})"
    )
    tail = report["tail"]
    for key, what in (
        ("established", "established=True"),
        ("new", "established=False"),
    ):
        part = tail[key]
        print(
            f"Long tail (the {tail['names']} ranked names outside the targets, as if unknown), {what}: "
            f"{part['flagged']} flagged ({part['flagged'] / tail['names']:.1%}): by confidence "
            f"{part['by_confidence']}; {part['by_technique']}; per name mean {part['mean_ms']} ms, max {part['max_ms']} ms"
        )
    t = report["timing_ms"]
    print(
        f"Timing: strict index build {t['index_build']} ms; first name that is not established "
        f"{t['index_build_new']} ms more; per labelled name mean {t['mean']} ms, max {t['max']} ms."
    )
    if report["legit_flagged"]:
        print()
        print("Legit rows flagged:", report["legit_flagged"])
    if show_misses:
        print()
        print("Flagged squats whose reported target is not the labelled one:")
        for row in report["target_disagrees"]:
            print(f"- {row['name']}: {row['found']} (labelled {row['target']})")
        print()
        print("Missed squats:")
        for miss in report["misses"]:
            notes = []
            if not miss["target_in_list"]:
                notes.append("not among the targets")
            if miss["in_snapshot"]:
                notes.append("in the snapshot, so established")
            print(
                f"- {miss['name']} (target {miss['target']}{''.join(', ' + n for n in notes)})"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="write the legit rows of the labelled set again",
    )
    parser.add_argument("--json", type=Path, help="also write the full report as JSON")
    parser.add_argument("--misses", action="store_true", help="list the missed squats")
    args = parser.parse_args()
    if args.rebuild:
        rebuild()
    report = evaluate(read_rows())
    print_report(report, args.misses)
    if args.json:
        args.json.write_text(
            json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    failed = report["legit"]["flagged"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
