# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test package asan bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS)

# kiosk-server (SQLite, loopback, --demo) and a kiosk enrolled to it (scripts/demo.sh).
demo: build
	./scripts/demo.sh build

test: build
	ctest --preset default -j $(JOBS)

# The .deb for a counter (docs/install.md): build/haiphong-kiosk_<version>_<arch>.deb.
package: deps
	@cmake --preset default >/dev/null
	@cmake --build --preset default -j $(JOBS) --target hp_packaged_programs
	cd build && cpack -G DEB

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: build
	./bench/run.sh build

clean:
	rm -rf build build-asan
