# Bund: the one entry point. `make site` builds Public/, `make test` runs every test.
SWIFT ?= swift
RELEASE_BIN := .build/release/bund

.PHONY: site test bootstrap release unit smoke public-check e2e format lint clean

## site: install what is missing, build bund (release) and write Public/
site: bootstrap release
	$(RELEASE_BIN) build

## test: unit and integration tests, a release smoke build, and Public/ == a fresh build
test: bootstrap unit release smoke public-check

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

## e2e: the site in a real browser, the W3C checker and axe (installs Chromium, Java and a venv when missing)
e2e: bootstrap release
	$(RELEASE_BIN) build --output .build/e2e-public
	scripts/e2e/run .build/e2e-public

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build .build-*
