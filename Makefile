# Bund: the one entry point. `make site` builds Public/, `make test` runs every test.
SWIFT ?= swift
RELEASE_BIN := .build/release/bund

.PHONY: site test bootstrap release unit smoke public-check cli-check e2e bench fuzz tsan asan format lint import-check clean

## site: install what is missing, build bund (release) and write Public/
site: bootstrap release
	$(RELEASE_BIN) build

## test: unit and integration tests, a release smoke build, and Public/ == a fresh build
test: bootstrap unit release smoke public-check cli-check

bootstrap:
	@scripts/bootstrap

release:
	$(SWIFT) build -c release --product bund

unit:
	$(SWIFT) test

# One run of the release binary on the real site, into a scratch folder (release builds can differ from debug).
smoke:
	rm -rf .build/smoke-public
	$(RELEASE_BIN) build --output .build/smoke-public
	test -f .build/smoke-public/en/index.html && test -f .build/smoke-public/zh/index.html

# The committed Public/ must equal a fresh build of Content/ and Templates/, byte for byte.
public-check: smoke
	@scripts/check-public .build/smoke-public Public

# The release binary from outside: exit codes, message format, output untouched on failure.
cli-check: release
	scripts/check-cli $(RELEASE_BIN)

## e2e: the site in a real browser, the W3C checker and axe (installs Chromium, Java and a venv when missing)
e2e: bootstrap release
	$(RELEASE_BIN) build --output .build/e2e-public
	scripts/e2e/run .build/e2e-public
	.venv-e2e/bin/python scripts/e2e/check_search.py .build/e2e-public
	.venv-e2e/bin/python scripts/e2e/check_serve.py $(RELEASE_BIN)
	.venv-e2e/bin/python scripts/e2e/check_portable.py $(RELEASE_BIN)

## bench: synthetic bilingual corpora (1,000 and 10,000 pairs) timed with bund and, where on PATH, Hugo (BENCH_HUGO=1 installs it)
bench: bootstrap release
	bench/run-bench

## fuzz: libFuzzer over front matter, data tables and the Markdown pipeline for FUZZ_SECONDS (default 600)
FUZZ_SECONDS ?= 600
fuzz: bootstrap
	BUND_FUZZ=1 $(SWIFT) build --sanitize=fuzzer --sanitize=address --product BundFuzz --scratch-path .build-fuzz
	mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
	.build-fuzz/debug/BundFuzz .build-fuzz/corpus Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -rss_limit_mb=4096 -artifact_prefix=.build-fuzz/artifacts/

## tsan / asan: the whole test suite under ThreadSanitizer / AddressSanitizer
tsan: bootstrap
	$(SWIFT) test --disable-xctest --sanitize=thread --scratch-path .build-tsan

asan: bootstrap
	$(SWIFT) test --disable-xctest --sanitize=address --scratch-path .build-asan

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## lint: swift format's rules, strictly (CI fails on any finding)
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

## import-check: every module a target imports is one it declares in Package.swift
import-check: bootstrap
	$(SWIFT) build --explicit-target-dependency-import-check error --scratch-path .build-importcheck

clean:
	rm -rf .build .build-*
