# Thin wrapper over CMake. `make check` and `make demo` do their own set-up.
BUILD      ?= build
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps build check demo bench fuzz clean format install deb fresh-check

all: build

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)
	cmake --build $(BUILD) -j $(JOBS)

# Everything under ASan+UBSan, then every test.
check: deps
	cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DPANEL_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build build-check -j $(JOBS)
	cd build-check && ctest --output-on-failure -j $(JOBS)
	@if [ -f scripts/fuzz-ci.sh ]; then bash scripts/fuzz-ci.sh; fi

demo: build
	bash scripts/demo.sh $(BUILD)

bench: deps
	PANEL_BENCH_DEPS=1 bash scripts/install-deps.sh
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	cmake --build build-bench -j $(JOBS)
	bash bench/run-all.sh build-bench

# Install into PREFIX (default /usr/local) from an install-layout build: the installed programs
# read the installed dialects.
PREFIX ?= /usr/local
install: deps
	cmake -S . -B build-install -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANEL_INSTALL_LAYOUT=ON \
	    -DCMAKE_INSTALL_PREFIX=$(PREFIX) -DPANEL_TESTS=OFF -DPANEL_BENCH=OFF $(CMAKE_ARGS)
	cmake --build build-install -j $(JOBS)
	cmake --install build-install

# build-deb/panelkit_<version>_<arch>.deb (cpack, dependencies from dpkg-shlibdeps).
deb: deps
	cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DPANEL_INSTALL_LAYOUT=ON \
	    -DCMAKE_INSTALL_PREFIX=/usr -DPANEL_TESTS=OFF -DPANEL_BENCH=OFF $(CMAKE_ARGS)
	cmake --build build-deb -j $(JOBS)
	cd build-deb && cpack -G DEB
	@ls build-deb/panelkit_*.deb

# Not part of `make check`: a Debian 12 minbase chroot, a clone of HEAD, make check, make demo
# and the .deb installed there (root; scripts/fresh-check.sh).
fresh-check:
	bash scripts/fresh-check.sh

fuzz: deps
	bash scripts/fuzz.sh $(TARGET) $(SECONDS)

format: deps
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-check build-bench build-fuzz build-deb build-install build-torture build-coverage

# The hostile-peers suite (tests/hostile/, issue #13): the ASan+UBSan build of `make check`,
# then every attack in turn, printed as the attack table (attack, bound, measured, result).
.PHONY: hostile
hostile: deps
	cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DPANEL_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build build-check -j $(JOBS)
	python3 tests/hostile/suite.py --build build-check --table

# Line and branch coverage (issue #16): a gcc --coverage build in build-coverage, every ctest
# (not the fuzz campaigns), a per-folder table (core/, harness/, mocks/) from gcovr and the
# HTML report in reports/coverage/index.html. COVERAGE_MIN=1 fails below the targets.
.PHONY: coverage
coverage: deps
	bash scripts/coverage.sh

# Allocation torture (tests/torture/, issue #16 item 1): an ASan+UBSan build of its own, then
# every case with its 1st, 2nd, ... allocation failing until none is left (ctest runs a sample).
.PHONY: torture
torture: deps
	cmake -S . -B build-torture -DCMAKE_BUILD_TYPE=Debug -DPANEL_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build build-torture -j $(JOBS) --target torture
	build-torture/tests/torture $(TORTURE_ARGS) .
