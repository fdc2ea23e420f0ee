# Two entry points a fresh Debian machine needs: `make run` and `make test`.
# Both install what is missing first (libedit-dev and liblapacke-dev via apt-get), then build.

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps release install bench fuzz asan check-lessons clean

# libedit's header and pkg-config file come from Debian's libedit-dev; a new machine has only
# the runtime library.
# LinearAlgebra calls LAPACK through LAPACKE: liblapacke-dev brings its header and, with
# liblapack-dev and libblas-dev, the libraries the link names.
deps:
	@test -x "$(SWIFT)" || { echo "error: no Swift toolchain found; install Swift 6 (README: Set-up)" >&2; exit 1; }
	@if [ ! -f /usr/include/histedit.h ] || ! command -v pkg-config >/dev/null; then \
	  echo "installing libedit-dev and pkg-config with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev pkg-config >/dev/null; \
	fi
	@if [ ! -f /usr/include/lapacke.h ]; then \
	  echo "installing liblapacke-dev with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq liblapacke-dev >/dev/null; \
	fi

release: deps
	$(SWIFT) build -c release --product minirnn

run: release
	.build/release/minirnn

# The binary and the lessons, where the binary looks for them: PREFIX/bin/minirnn and
# PREFIX/share/minirnn/lessons (moving the whole PREFIX tree keeps them together), and the
# man page in PREFIX/share/man/man1. DESTDIR is prepended for staged installs; BINARY is the
# binary installed.
PREFIX ?= /usr/local
BINARY ?= .build/release/minirnn
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/minirnn/lessons" \
	  "$(DESTDIR)$(PREFIX)/share/man/man1"
	install -m 755 "$(BINARY)" "$(DESTDIR)$(PREFIX)/bin/minirnn"
	install -m 644 Lessons/*.md "$(DESTDIR)$(PREFIX)/share/minirnn/lessons/"
	install -m 644 minirnn.1 "$(DESTDIR)$(PREFIX)/share/man/man1/minirnn.1"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/minirnn, $(DESTDIR)$(PREFIX)/share/minirnn/lessons and $(DESTDIR)$(PREFIX)/share/man/man1/minirnn.1"

# The man page's test runs Debian's `mandoc -T lint` and the picture test draws every SVG with
# `rsvg-convert` (librsvg2-bin): installed here as deps installs libedit.
test: deps
	@command -v mandoc >/dev/null || { echo "installing mandoc with apt-get (the man page's lint test)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq mandoc >/dev/null; }
	@command -v rsvg-convert >/dev/null || { echo "installing librsvg2-bin with apt-get (the picture render test)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq librsvg2-bin >/dev/null; }
	$(SWIFT) build --build-tests
	$(SWIFT) test
	.build/debug/minirnn check-lessons
	@bash Tests/Torch/python-env.sh --run .build/debug/minirnn

check-lessons: deps
	$(SWIFT) build --product minirnn
	.build/debug/minirnn check-lessons

bench: deps
	$(SWIFT) build -c release --product minirnn
	$(SWIFT) run -c release minirnn-bench

# libFuzzer with AddressSanitizer: three targets, each FUZZ_SECONDS long. `commands` runs the
# whole command path, `lessons` the lesson parser and a walk through the lesson it accepts,
# `load` the state-file reader; FUZZ_TARGET=NAME runs one of them. FUZZ_RUNS=N stops a
# target after N inputs (FUZZ_SECONDS still bounds it). FUZZ_JOBS=N runs N fuzzing
# processes on one target (libFuzzer's fork mode: one count of inputs for all of them);
# timeouts and out-of-memory stop the run there as crashes do, which fork mode would
# otherwise ignore. Leak detection is off: LeakSanitizer reports Swift's lazily initialised
# globals (the command table) as leaks at exit.
FUZZ_SECONDS ?= 30
FUZZ_JOBS ?= 1
FUZZ_RUNS ?= 0
FUZZ_TARGET ?= all
FUZZ_TARGETS := $(if $(filter all,$(FUZZ_TARGET)),commands lessons load,$(FUZZ_TARGET))
fuzz: deps
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in \
	    commands) product=minirnn-fuzz; corpus=fuzz-corpus; seeds=Fuzz/seeds; len=512 ;; \
	    lessons) product=minirnn-fuzz-lessons; corpus=fuzz-corpus-lessons; seeds=Fuzz/seeds-lessons; len=16384 ;; \
	    load) product=minirnn-fuzz-load; corpus=fuzz-corpus-load; seeds=Fuzz/seeds-load; len=4096 ;; \
	    *) echo "unknown FUZZ_TARGET $$t (commands, lessons, load or all)" >&2; exit 2 ;; \
	  esac; \
	  MINIRNN_FUZZ=1 $(SWIFT) build -c release --scratch-path .build-fuzz --product $$product \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library || exit 1; \
	  mkdir -p $$corpus; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 .build-fuzz/release/$$product -max_total_time=$(FUZZ_SECONDS) -max_len=$$len \
	    -detect_leaks=0 -timeout=10 -print_final_stats=1 \
	    $$( [ $(FUZZ_RUNS) -gt 0 ] && echo "-runs=$(FUZZ_RUNS)" ) \
	    $$( [ $(FUZZ_JOBS) -gt 1 ] && echo "-fork=$(FUZZ_JOBS) -ignore_timeouts=0 -ignore_ooms=0" ) \
	    $$corpus $$seeds || exit 1; \
	done

# The whole test suite under AddressSanitizer, in a build folder of its own. LeakSanitizer is
# off for the same reason as in `fuzz`.
asan: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address

clean:
	rm -rf .build .build-fuzz .build-asan
