# Thin wrapper over CMake. `make check` and `make demo` do their own set-up.
BUILD      ?= build
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps build check demo bench fuzz clean format

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

fuzz: deps
	bash scripts/fuzz.sh $(TARGET) $(SECONDS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-check build-bench build-fuzz

# The hostile-peers suite (tests/hostile/, issue #13): the ASan+UBSan build of `make check`,
# then every attack in turn, printed as the attack table (attack, bound, measured, result).
.PHONY: hostile
hostile: deps
	cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DPANEL_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build build-check -j $(JOBS)
	python3 tests/hostile/suite.py --build build-check --table
