#!/usr/bin/env python3
"""compare.py — check the guesttrack CLI against the Python reference on generated data.

usage: python3 compare.py CLI GENERATOR [--seeds 1,2,3] [--sizes 300,3000]
                                        [--shapes array,wrapped,ndjson] [--keep DIR] [--max-diffs N]

For every seed, shape and size it generates a file with
  GENERATOR --orders N --seed S --shape SHAPE --out FILE
then runs `CLI report FILE` (plain, with `--tz-offset 60 --top 25`, with
`--as-of 2025-06-01T00:00:00Z`, with `--exclude-status refunded`) and `CLI guests FILE`, runs
guesttrack_ref.py on the same, and compares the parsed JSON: object keys (and their order),
array lengths, strings, integers and money exactly (money as its decimal text), floats
(rates, guestShare, medianDaysToConvert) to a relative tolerance of 1e-12.
Prints the first differences with their JSON path, then `N passed, M failed` (one per
compared document); exits 1 on any difference.
"""

import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "guesttrack_ref.py")

VARIANTS = [
    ("report", ["report"]),
    ("report --tz-offset 60 --top 25", ["report", "--tz-offset", "60", "--top", "25"]),
    ("report --as-of 2025-06-01T00:00:00Z", ["report", "--as-of", "2025-06-01T00:00:00Z"]),
    ("report --exclude-status refunded", ["report", "--exclude-status", "refunded"]),
    ("guests", ["guests"]),
]

# Numbers under these keys are floats (compared with a tolerance); every other number is an
# integer or money and must match exactly.
FLOAT_KEYS = {"guestShare", "repeatRate", "rate", "medianDaysToConvert"}
REL_TOL = 1e-12


class Num:
    """A JSON number with its text."""
    __slots__ = ("text", "is_int")

    def __init__(self, text, is_int):
        self.text = text
        self.is_int = is_int

    def __repr__(self):
        return self.text


def parse(text):
    return json.loads(text, parse_int=lambda s: Num(s, True),
                      parse_float=lambda s: Num(s, False))


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Num):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def short(v):
    s = json.dumps(v, default=lambda n: n.text if isinstance(n, Num) else str(n),
                   ensure_ascii=False)
    return s if len(s) <= 160 else s[:157] + "..."


def numbers_equal(a, b, key):
    if key in FLOAT_KEYS:
        x, y = float(a.text), float(b.text)
        if x == y:
            return True
        return abs(x - y) <= REL_TOL * max(abs(x), abs(y))
    return a.text == b.text


def diff(ref, cpp, path, out, key=None):
    """Appends (path, message) for every difference (reference vs C++)."""
    kr, kc = kind(ref), kind(cpp)
    if kr != kc:
        out.append((path, "type: ref %s %s, c++ %s %s" % (kr, short(ref), kc, short(cpp))))
        return
    if kr == "object":
        if list(ref) != list(cpp):
            if set(ref) != set(cpp):
                out.append((path, "keys: ref-only %s, c++-only %s" % (
                    sorted(set(ref) - set(cpp)), sorted(set(cpp) - set(ref)))))
            else:
                out.append((path, "key order: ref %s, c++ %s" % (list(ref), list(cpp))))
        for k in ref:
            if k in cpp:
                diff(ref[k], cpp[k], "%s.%s" % (path, k), out, k)
    elif kr == "array":
        if len(ref) != len(cpp):
            out.append((path, "length: ref %d, c++ %d" % (len(ref), len(cpp))))
        for i, (a, b) in enumerate(zip(ref, cpp)):
            diff(a, b, "%s[%d]" % (path, i), out, key)
    elif kr == "number":
        if not numbers_equal(ref, cpp, key):
            out.append((path, "ref %s, c++ %s" % (ref.text, cpp.text)))
    elif ref != cpp:
        out.append((path, "ref %s, c++ %s" % (short(ref), short(cpp))))


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def compare_one(cli, path, label, args):
    """Returns a list of difference lines (empty when equal)."""
    rc_c, out_c, err_c = run([cli] + args + [path])
    rc_r, out_r, err_r = run([sys.executable, REFERENCE] + args + [path])
    problems = []
    if rc_c != 0:
        problems.append("c++ exit %d: %s" % (rc_c, err_c.strip()[:300]))
    if rc_r != 0:
        problems.append("reference exit %d: %s" % (rc_r, err_r.strip()[:300]))
    if problems:
        return problems
    try:
        cpp = parse(out_c)
    except ValueError as e:
        return ["c++ output is not JSON: %s" % e]
    ref = parse(out_r)
    diffs = []
    diff(ref, cpp, "$", diffs)
    return ["%s: %s" % d for d in diffs]


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cli")
    ap.add_argument("generator")
    ap.add_argument("--seeds", default="1,2,3,7,42")
    ap.add_argument("--sizes", default="300,3000")
    ap.add_argument("--shapes", default="array,wrapped,ndjson")
    ap.add_argument("--keep", help="write the generated files here and keep them")
    ap.add_argument("--max-diffs", type=int, default=10, help="differences shown per document")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args(argv)

    seeds = [int(s) for s in a.seeds.split(",") if s]
    sizes = [int(s) for s in a.sizes.split(",") if s]
    shapes = [s for s in a.shapes.split(",") if s]

    tmp = None
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        workdir = a.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="guesttrack-compare-")
        workdir = tmp.name

    jobs = []
    for seed in seeds:
        for shape in shapes:
            for n in sizes:
                path = os.path.join(workdir, "orders-s%d-%s-%d.json" % (seed, shape, n))
                rc, _, err = run([a.generator, "--orders", str(n), "--seed", str(seed),
                                  "--shape", shape, "--out", path])
                if rc != 0:
                    sys.stderr.write("generator failed (%s): %s\n" % (path, err.strip()))
                    return 2
                for label, args in VARIANTS:
                    jobs.append(("seed %d %s N=%d: %s" % (seed, shape, n, label), path, args))

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futures = [pool.submit(compare_one, a.cli, path, label, args)
                   for label, path, args in jobs]
        for (label, path, args), fut in zip(jobs, futures):
            problems = fut.result()
            if not problems:
                passed += 1
                continue
            failed += 1
            print("FAIL %s (%d difference%s)" % (label, len(problems),
                                                 "" if len(problems) == 1 else "s"))
            for line in problems[:a.max_diffs]:
                print("  " + line)
            if len(problems) > a.max_diffs:
                print("  ... %d more" % (len(problems) - a.max_diffs))
    if tmp is not None:
        tmp.cleanup()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
