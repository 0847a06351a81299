# litegres - the two commands: `make run` and `make test`. Plain `make` builds build/litegres.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
DB ?= litegres.db

.PHONY: all deps test-deps configure run test unit e2e sanitize clean format

all: configure
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

configure: deps
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

run: all
	$(BUILD)/litegres serve --db $(DB)

test: test-deps configure
	cmake --build $(BUILD) -j $(JOBS)
	@scripts/run-tests.sh $(BUILD)

unit: test-deps configure
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest -L unit --output-on-failure -j $(JOBS)

# ASan+UBSan build of everything, then the whole suite. A small quarantine keeps the
# memory-bound tests meaningful (ASan otherwise holds 256 MB of freed memory); Criterion
# itself leaks, so leak detection is off for the test binaries.
sanitize:
	ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=8 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DLG_SANITIZE=address,undefined"

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
