# Gauntlet: `make demo` and `make test` install what is missing, then build and run.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build needs (headers for libcurl, jemalloc and zlib).
DEBIAN_PACKAGES := libcurl4-openssl-dev libjemalloc-dev zlib1g-dev pkg-config
# What the tests need besides: openssl for the TLS test, nghttpd (nghttp2-server) for the HTTP/2
# tests, xmllint to check JUnit files against their schema, and headless chromium to open the HTML
# report as a browser does. Kept out of `make demo`, which needs none of them (chromium alone is a
# large download).
TEST_PACKAGES := openssl nghttp2-server libxml2-utils chromium
# Peer tools the benchmarks compare against.
BENCH_PACKAGES := nginx-light wrk nghttp2-client hey

.PHONY: all deps test-deps bench-deps build release test demo bench clean

all: build

# Installs each missing Debian package; does nothing when all are present.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

test-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(DEBIAN_PACKAGES) $(TEST_PACKAGES)"

bench-deps:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(BENCH_PACKAGES)"

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Every test. Live tests time real traffic on loopback, so they run in a release build
# (the engine and fixture servers as users run them) and suites do not run in parallel.
test: test-deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build --no-parallel
	@$(MAKE) --no-print-directory check-deploy
	@$(MAKE) --no-print-directory check-openai

# The official `openai` Python client (in a venv under .build-tools/) streams from `gauntlet serve`
# and gets the same text as the whole answer.
.PHONY: check-openai
check-openai:
	scripts/check-openai-client.sh .build/release/gauntlet

# The Dockerfile and the Kubernetes manifests of deploy/, checked offline against the Kubernetes
# schemas (kubernetes-validate in a venv under .build-tools/), and the scenario they ship validated.
.PHONY: check-deploy
check-deploy:
	scripts/validate-deploy.sh .build/release/gauntlet

# The quick start: scenarios/quickstart.yaml against the embedded reference server.
demo: release
	@bash scripts/demo.sh

bench: release bench-deps
	python3 Benchmarks/peers/nginx_compare.py

clean:
	rm -rf .build .build-*

# libFuzzer targets (Tests/Fuzz) built with address sanitizer into .build-fuzz, FUZZ_SECONDS each
# (default 120); FUZZ_TARGETS picks some. Not part of `make test`. docs/fuzzing.md says more.
.PHONY: fuzz
fuzz: deps
	python3 scripts/fuzz.py $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS)) $(if $(FUZZ_TARGETS),--targets $(FUZZ_TARGETS))

# gauntlet serve vs MLServer (digits-mlp), vs nginx (health) and jemalloc vs glibc malloc;
# MLServer goes into .build-tools/mlserver-venv. Benchmarks/README.md says what it measures.
.PHONY: bench-serve
bench-serve: release bench-deps
	python3 Benchmarks/peers/serve_compare.py --gauntlet-binary .build/release/gauntlet
