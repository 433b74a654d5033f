# Makefile — guesttrack's front door. Everything goes through the CMake presets in
# CMakePresets.json (build/<preset>); this file only strings them together.
#
#   make deps    install what is missing (Debian packages, simdjson's Debian sources, npm ci where
#                a lock file changed); idempotent
#   make build   the native-release and wasm-release builds and the dashboard's vendored files
#   make test    deps, then: native tests, the same under ASan+UBSan, 60 s of fuzzing, the WASM
#                package, the dashboard in Chromium, the server on PGlite and PostgreSQL
#   make run     the server on PGlite in ./data with the example orders; prints the dashboard URL
#   make bench   the benchmarks (native, WASM, server, dashboard)
#   make fuzz    fuzz for FUZZ_SECONDS (default 60); fails on a crash
#   make clean   remove build/

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

JOBS ?= 2
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 8192
BENCH_ARGS ?=

# Presets `make build` builds. Hook: the WASM issue appends wasm-release here.
BUILD_PRESETS ?= native-release
BUILD_PRESETS += wasm-release
# Steps `make test` runs after deps, each a target of this file. Hook: later issues append theirs.
TEST_STEPS ?= test-native test-asan test-tsan fuzz
TEST_STEPS += test-wasm
TEST_STEPS += test-browser
TEST_STEPS += test-server
# Folders whose npm packages `make deps` installs (`npm ci`). Hook: empty until there are any.
NPM_PROJECTS ?=
NPM_PROJECTS += tests/wasm
NPM_PROJECTS += web/app tests/browser
NPM_PROJECTS += web

APT_PACKAGES := build-essential cmake g++ make pkg-config python3 emscripten nlohmann-json3-dev catch2 \
  libsimdjson-dev clang-14 libclang-rt-14-dev chromium postgresql nodejs npm dpkg-dev
SIMDJSON_VERSION := 3.0.1

PRESETS := native-debug native-release asan tsan wasm-release fuzz
FUZZER := build/fuzz/tests/fuzz/guesttrack-fuzz
FUZZ_CORPUS := build/fuzz/corpus
FUZZ_ARTIFACTS := build/fuzz/artifacts
FUZZ_SEED_FILES = $(wildcard examples/sample-orders*.json examples/*.ndjson)

.PHONY: build test run bench fuzz clean deps test-native test-asan test-tsan $(addprefix build-,$(PRESETS))
.PHONY: test-wasm bench-wasm
.PHONY: build-app test-browser bench-browser
.PHONY: test-server bench-server server-deps

# make deps — Debian packages that are missing, then simdjson's Debian sources in third_party/
# (the WASM build compiles them), then npm packages. Says what it installs; quick when all is there.
deps: export GT_DEPS_SCRIPT = $(value deps_script)
deps:
	@APT_PACKAGES='$(APT_PACKAGES)' SIMDJSON_VERSION='$(SIMDJSON_VERSION)' \
	  NPM_PROJECTS='$(NPM_PROJECTS)' bash -c "$$GT_DEPS_SCRIPT"

# make build — configure and build every preset in BUILD_PRESETS.
build: $(addprefix build-,$(BUILD_PRESETS))
build: build-app

# make build-<preset> — configure and build one preset (e.g. make build-asan).
$(addprefix build-,$(PRESETS)): build-%:
	cmake --preset $*
	cmake --build --preset $* --parallel $(JOBS)

# make test — what CI runs: deps, then every step of TEST_STEPS (all run, even after a failure),
# then a summary. Fails if any step failed.
test: deps
	@failed=0; summary=""; \
	for step in $(TEST_STEPS); do \
	  printf '\n==> make %s\n' "$$step"; \
	  if $(MAKE) "$$step"; then summary+="  PASS  $$step"$$'\n'; \
	  else summary+="  FAIL  $$step"$$'\n'; failed=$$((failed + 1)); fi; \
	done; \
	printf '\n== make test summary ==\n%s' "$$summary"; \
	if [ "$$failed" -ne 0 ]; then echo "make test: FAILED ($$failed of $(words $(TEST_STEPS)) steps)"; exit 1; fi; \
	echo "make test: OK (all $(words $(TEST_STEPS)) steps)"

# make test-native — the native-release build and its ctest suite.
test-native: build-native-release
	ctest --preset native-release

# make test-asan — the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: build-asan
	ctest --preset asan

# make test-tsan — the same suite built with ThreadSanitizer: the CLI parses on three threads
# from 4 MB and reports on two from 32,768 orders (reference-threaded, the parallel parse
# tests), and any data race fails the run.
test-tsan: build-tsan
	ctest --preset tsan

# make run — the server on PGlite in ./data with the example orders loaded (PORT, default 8080);
# it prints the dashboard's URL as http://127.0.0.1:PORT/#token=TOKEN. Ctrl-C stops it.
PORT ?= 8080
run: deps
	@$(MAKE) build-native-release build-wasm-release build-app server-deps
	node web/server --port $(PORT) --data data --load examples/sample-orders.json

# server-deps — web/'s npm packages (PGlite, pg): npm ci when its lock file changed.
server-deps:
	@if [ ! -f web/node_modules/.package-lock.json ] || \
	    [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  (cd web && npm ci --no-audit --no-fund); fi

# make test-server — the Node server (web/server) against PGlite and against a PostgreSQL each
# test file starts (initdb as user postgres into a temporary folder): every endpoint, auth, bad
# input, the version rule, /api/stats equal to the CLI, concurrent syncs, SIGKILL mid-sync.
test-server: build-native-release build-wasm-release server-deps
	node --test --test-concurrency=1 tests/server/*.test.mjs

# make bench-server — sync throughput (batches of 1,000) into PostgreSQL and PGlite, then
# GET /api/stats and a GET /api/guest-customers page at 100,000 stored orders.
bench-server: build-native-release build-wasm-release server-deps
	node tests/server/bench.mjs $(BENCH_ARGS)

# make bench — the benchmark program (it makes its own data); BENCH_ARGS are passed on.
bench: build-native-release
	build/native-release/tests/bench/guesttrack-bench $(BENCH_ARGS)
	$(MAKE) bench-wasm
	$(MAKE) bench-browser
	$(MAKE) bench-server

# make test-wasm — the `guesttrack` npm package (wasm/): both builds, tests/wasm's npm packages
# (npm ci when its lock file changed), tsc --strict over the typings, then the node:test suites
# (API, error codes, byte parity with the CLI, npm pack, headless Chromium, examples).
test-wasm: build-native-release build-wasm-release
	@if [ ! -f tests/wasm/node_modules/.package-lock.json ] || \
	    [ tests/wasm/package-lock.json -nt tests/wasm/node_modules/.package-lock.json ]; then \
	  (cd tests/wasm && npm ci --no-audit --no-fund); fi
	node tests/wasm/node_modules/typescript/bin/tsc -p tests/wasm/tsconfig.json
	cd tests/wasm && node --test --test-concurrency=1 *.test.mjs

# make bench-wasm — the package in Node vs a plain-JavaScript baseline and the native CLI, on the
# native benchmark's files (BENCH_ARGS "bench-data --quick" are understood here too).
bench-wasm: build-native-release build-wasm-release
	node tests/wasm/bench.mjs $(BENCH_ARGS)

# make build-app — the dashboard's vendored files (web/app/vendor/, git-ignored): the guesttrack
# package (wasm/index.js, errors.js, dist/) and Chart.js's minified UMD build with its licence,
# from web/app's npm package (npm ci when its lock file changed). The app has no other build step.
build-app: build-wasm-release
	@if [ ! -f web/app/node_modules/.package-lock.json ] || \
	    [ web/app/package-lock.json -nt web/app/node_modules/.package-lock.json ]; then \
	  (cd web/app && npm ci --no-audit --no-fund); fi
	@mkdir -p web/app/vendor/guesttrack/dist web/app/vendor/chart.js
	@cp wasm/index.js wasm/errors.js web/app/vendor/guesttrack/
	@cp wasm/dist/guesttrack-core.js wasm/dist/guesttrack-core.wasm web/app/vendor/guesttrack/dist/
	@cp web/app/node_modules/chart.js/dist/chart.umd.min.js web/app/node_modules/chart.js/LICENSE.md \
	  web/app/vendor/chart.js/
	@echo "make build-app: web/app/vendor/ has the guesttrack package and Chart.js"

# make test-browser — the dashboard (web/app) served by the real server (web/server) in headless
# Chromium: figures equal /api/stats, table, profile, files, errors, screenshots (tests/artifacts/).
test-browser: build-native-release build-app server-deps
	@if [ ! -f tests/browser/node_modules/.package-lock.json ] || \
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then \
	  (cd tests/browser && npm ci --no-audit --no-fund); fi
	cd tests/browser && node --test --test-concurrency=1 *.test.mjs

# make bench-browser — 100,000 orders in the server, then the time from navigation to every
# dashboard view rendered in headless Chromium (target < 3 s).
bench-browser: build-native-release build-app server-deps
	@if [ ! -f tests/browser/node_modules/.package-lock.json ]; then (cd tests/browser && npm ci --no-audit --no-fund); fi
	node tests/browser/bench.mjs

# make fuzz — seed build/fuzz/corpus from the example orders, fuzz for FUZZ_SECONDS. The log is
# build/fuzz/fuzz.log; a crashing input is kept in build/fuzz/artifacts/ and the run fails.
fuzz: export GT_FUZZ_SEEDS_SCRIPT = $(value fuzz_seeds_script)
fuzz: build-fuzz
	@mkdir -p $(FUZZ_CORPUS) $(FUZZ_ARTIFACTS)
	@node -e "$$GT_FUZZ_SEEDS_SCRIPT" $(FUZZ_CORPUS) $(FUZZ_SEED_FILES)
	@echo "make fuzz: fuzzing for $(FUZZ_SECONDS) s (log: build/fuzz/fuzz.log)"
	@if $(FUZZER) $(FUZZ_CORPUS) -dict=tests/fuzz/orders.dict -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=$(FUZZ_MAX_LEN) -timeout=30 -artifact_prefix=$(FUZZ_ARTIFACTS)/ \
	    -print_final_stats=1 > build/fuzz/fuzz.log 2>&1; then \
	  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|INITED|DONE' build/fuzz/fuzz.log || true; \
	  echo "make fuzz: no crash in $(FUZZ_SECONDS) s"; \
	else \
	  tail -n 150 build/fuzz/fuzz.log; \
	  grep -m 3 -E 'invariant broken|ERROR: [A-Za-z]+Sanitizer|ERROR: libFuzzer|runtime error' build/fuzz/fuzz.log || true; \
	  echo "make fuzz: CRASH — input saved in $(FUZZ_ARTIFACTS)/ (replay: $(FUZZER) FILE):"; \
	  ls -t $(FUZZ_ARTIFACTS) | head -n 3 | sed 's|^|  $(FUZZ_ARTIFACTS)/|'; \
	  exit 1; \
	fi

# make clean — remove every build folder (third_party/ and installed packages stay).
clean:
	rm -rf build

# ---------------------------------------------------------------------------------------------
# The scripts above, kept as plain bash/JavaScript ($ is not make's here: they are exported
# unexpanded with $(value ...)).

# deps: APT_PACKAGES, SIMDJSON_VERSION and NPM_PROJECTS come from the environment.
define deps_script
set -euo pipefail
say() { printf 'make deps: %s\n' "$*"; }
did=false
sudo=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo=sudo; else say "not root and no sudo: run it as root"; exit 1; fi
fi

# Installed packages and the names they provide (nodesource's nodejs provides npm, for one).
installed=$(dpkg-query -W -f '${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null | awk -F'|' '
  $1 ~ /^ii/ { print $2; n = split($3, p, /, */); for (i = 1; i <= n; i++) { sub(/[ :].*/, "", p[i]); if (p[i] != "") print p[i] } }')
missing=()
for pkg in $APT_PACKAGES; do
  grep -qxF "$pkg" <<<"$installed" || missing+=("$pkg")
done

# A deb-src entry for the mirror and suite this machine installs from (deb822 or one-line format).
deb_src_entry() {
  local found=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    found=$(awk -v RS= -F'\n' '{
      types = uris = suites = comps = signed = ""; enabled = "yes"
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^#/ || $i !~ /^[A-Za-z-]+:/) continue
        key = tolower(substr($i, 1, index($i, ":") - 1)); val = substr($i, index($i, ":") + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (key == "types") types = " " val " "; else if (key == "uris") uris = val
        else if (key == "suites") suites = val; else if (key == "components") comps = val
        else if (key == "signed-by") signed = val; else if (key == "enabled") enabled = tolower(val)
      }
      split(uris, u, /[ \t]+/); split(suites, s, /[ \t]+/)
      if (types ~ / deb / && enabled != "no" && u[1] != "" && s[1] !~ /-security$/ && u[1] !~ /security/) {
        print u[1] "|" s[1] "|" comps "|" signed; exit
      }
    }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$found" ] && [ -f /etc/apt/sources.list ]; then
    found=$(awk '$1 == "deb" {
      signed = ""; i = 2
      if ($2 ~ /^\[/) {
        for (; i <= NF; i++) { if ($i ~ /^\[?signed-by=/) { signed = $i; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
                               if ($i ~ /\]$/) { i++; break } }
      }
      uri = $i; suite = $(i + 1); comps = ""
      for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
      if (suite !~ /-security$/ && uri !~ /security/) { print uri "|" suite "|" comps "|" signed; exit }
    }' /etc/apt/sources.list)
  fi
  if [ -z "$found" ]; then
    . /etc/os-release
    say "no Debian mirror found in debian.sources or sources.list; using deb.debian.org, ${VERSION_CODENAME:-bookworm}" >&2
    found="http://deb.debian.org/debian|${VERSION_CODENAME:-bookworm}|main|"
  fi
  local uri suite comps signed
  IFS='|' read -r uri suite comps signed <<<"$found"
  printf '# make deps (guesttrack): Debian source packages, for simdjson'"'"'s sources (WASM build).\n'
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n' "$uri" "$suite" "${comps:-main}"
  if [ -n "$signed" ]; then printf 'Signed-By: %s\n' "$signed"; fi
}

has_simdjson_source() {
  apt-cache showsrc simdjson 2>/dev/null | grep -q "^Version: $SIMDJSON_VERSION-"
}

simdjson_dir="third_party/simdjson-$SIMDJSON_VERSION"
need_source=false
[ -f "$simdjson_dir/singleheader/simdjson.cpp" ] || need_source=true
update=false
[ ${#missing[@]} -eq 0 ] || update=true
src_file=/etc/apt/sources.list.d/guesttrack-src.sources
if $need_source && ! has_simdjson_source; then
  entry=$(deb_src_entry)
  if [ "$(cat "$src_file" 2>/dev/null || true)" != "$entry" ]; then
    say "adding $src_file (deb-src, $(grep -E '^(URIs|Suites):' <<<"$entry" | cut -d' ' -f2 | paste -sd' '))"
    printf '%s\n' "$entry" | $sudo tee "$src_file" >/dev/null
  fi
  update=true
fi

if $update; then
  say "apt-get update"
  $sudo apt-get update -q
  did=true
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if $need_source; then
  version=$(apt-cache showsrc simdjson | awk -v v="$SIMDJSON_VERSION-" '$1 == "Version:" && index($2, v) == 1 { print $2; exit }')
  if [ -z "$version" ]; then say "Debian's sources have no simdjson $SIMDJSON_VERSION (Debian 12 has it)"; exit 1; fi
  say "apt-get source simdjson=$version into third_party/"
  mkdir -p third_party
  (cd third_party && apt-get source -q "simdjson=$version")
  if [ ! -f "$simdjson_dir/singleheader/simdjson.cpp" ]; then
    say "apt-get source did not unpack $simdjson_dir/singleheader/simdjson.cpp"; exit 1
  fi
  did=true
fi

for dir in $NPM_PROJECTS; do
  if [ -f "$dir/package-lock.json" ] && [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
    did=true
  fi
done

$did || say "everything is installed (${APT_PACKAGES// /, }; $simdjson_dir)"
endef

# fuzz seeds: argv = corpus folder, then example files. Each file's orders are cut into small
# documents of 4 orders, spread over the file, in turn as an array, an {"orders": …} reply and
# NDJSON; plus one hand-made Extended JSON document.
define fuzz_seeds_script
const fs = require("fs"), path = require("path");
const [dir, ...files] = process.argv.slice(1);
const write = (name, text) => fs.writeFileSync(path.join(dir, name), text);
let n = 0;
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  let orders;
  try {
    const doc = JSON.parse(text);
    orders = [doc, doc?.orders, doc?.data].find(Array.isArray) || [];
  } catch {
    orders = text.split("\n").filter((l) => l.trim()).flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } });
  }
  const step = Math.max(4, Math.floor(orders.length / 12));
  for (let i = 0; i < orders.length; i += step, n++) {
    const part = orders.slice(i, i + 4);
    const shape = n % 3;
    write(`seed-${String(n).padStart(3, "0")}.json`,
      shape === 0 ? JSON.stringify(part)
      : shape === 1 ? JSON.stringify({ success: true, orders: part })
      : part.map((o) => JSON.stringify(o)).join("\n") + "\n");
  }
}
write("seed-extended.json", JSON.stringify([
  { _id: { $oid: "65f1a2b3c4d5e6f708192a3b" }, buyerId: null, email: "  Ada@Example.COM ",
    phone: "0803 123 4567", state: "abuja", total: { $numberDecimal: "1.005" },
    status: "Paid", createdAt: { $date: "2024-01-31T23:30:00.000+01:00" } },
  { _id: "65f1a2b3c4d5e6f708192a3b", email: "ada@example.com", total: "₦25,000.50",
    status: "refunded", createdAt: { $date: { $numberLong: "1706740200000" } },
    updatedAt: "2024-02-02" },
  { id: "o2", buyerId: "u1", email: "ada@example.com", total: 100, createdAt: "2024-03-05" },
]));
console.log(`make fuzz: ${n + 1} seed documents in ${dir}`);
endef
