# The two commands of the quick start (`make demo`, `make test`) and their helpers. CMake + Ninja do the real work.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
LEAKGATE := $(BUILD_DIR)/leakgate
DEMO_DIR ?= runs/demo
# ccache hits across checkouts (CI builds a fresh clone): hash paths relative to the checkout, not absolute.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

ASAN_BUILD_DIR ?= build-asan

.PHONY: all deps configure build test test-asan demo serve-demo bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# Every test under AddressSanitizer and UndefinedBehaviorSanitizer (a separate build tree; slow: run before a release,
# not on every push). Reports inside LibTorch and OpenBLAS, not ours, are suppressed narrowly in scripts/asan/.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEAKGATE_SANITIZE=ON \
	  -DLEAKGATE_BUILD_BENCH=OFF
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	ASAN_OPTIONS=abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(CURDIR)/scripts/asan/ubsan.supp \
	  ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(JOBS) --timeout 3600

demo: build
	@bash scripts/demo.sh $(LEAKGATE) $(DEMO_DIR)

# The classifier demo served behind the guard (keys, rate limits, output policies); prints a curl command per tier.
serve-demo: build
	@bash scripts/serve-demo.sh $(LEAKGATE) runs/demo-classifier

bench: build
	@bash scripts/bench.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
