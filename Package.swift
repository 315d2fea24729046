// swift-tools-version:6.1
import Foundation
import PackageDescription

// Targets are grouped by layer, lowest first: C → system → domain → drivers → features → flows (and
// evaluation) → composition → apps → simulation → tools → tests; fuzz (the libFuzzer targets) sits beside
// simulation, kept apart: it uses shipped code only and only tests use it. A target depends only on its
// own layer or a lower one. docs/architecture.md has one row per target (its layer, folder and the comment
// above it here), and `make lint` checks this file against that table (scripts/check-package-graph.py).

// dlib's face code is compiled optimised even in debug builds (unoptimised dlib is ~100× slower).
// AVX makes detection ~25 % faster on x86_64; set ATTENDANCE_NO_AVX=1 to build for x86 terminals
// without AVX (e.g. Atom/Celeron J1900), which would otherwise stop with an illegal instruction.
#if arch(x86_64)
    let dlibSIMD = ProcessInfo.processInfo.environment["ATTENDANCE_NO_AVX"] == "1" ? [] : ["-mavx"]
#else
    let dlibSIMD: [String] = []
#endif

// The release, decided once in the top-level VERSION file: `attendanced --version`, the Debian package.
let releaseVersion: String = {
    let file = Context.packageDirectory + "/VERSION"
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { fatalError("\(file) is missing") }
    let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+~-")
    guard !version.isEmpty, version.first!.isNumber, version.allSatisfy(allowed.contains) else {
        fatalError("\(file): expected a Debian upstream version such as 1.2.3, got \"\(version)\"")
    }
    return version
}()

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "attendance-terminal",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "attendanced", targets: ["attendanced"]),
        .executable(name: "attendctl", targets: ["attendctl"]),
        .executable(name: "terminal-sim", targets: ["terminal-sim"]),
        .executable(name: "attendance-bench", targets: ["attendance-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: C: system libraries and the C++ shim over dlib
        // libusb-1.0 (pkg-config)
        .systemLibrary(
            name: "CLibUSB", path: "Sources/C/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        // linux/videodev2.h and request constants; links nothing
        .systemLibrary(name: "CV4L2", path: "Sources/C/CV4L2", providers: [.apt(["linux-libc-dev"])]),
        // linux/usb/functionfs.h: FunctionFS magics, flags and the ep0 event; links nothing
        .systemLibrary(name: "CFunctionFS", path: "Sources/C/CFunctionFS", providers: [.apt(["linux-libc-dev"])]),
        // libjpeg-turbo's TurboJPEG API
        .systemLibrary(
            name: "CTurboJPEG", path: "Sources/C/CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),
        // zlib
        .systemLibrary(name: "CZlib", path: "Sources/C/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libumockdev (simulators only)
        .systemLibrary(
            name: "CUMockdev", path: "Sources/C/CUMockdev", pkgConfig: "umockdev-1.0",
            providers: [.apt(["libumockdev-dev"])]),
        // a plain C API over dlib's face detector, landmarks and ResNet
        .target(
            name: "CDlibFace", path: "Sources/C/CDlibFace", exclude: ["LICENSE-dlib.txt"],
            cxxSettings: [.unsafeFlags(["-O3", "-std=c++17", "-fno-math-errno"] + dlibSIMD)],
            linkerSettings: [
                .linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack"), .linkedLibrary("stdc++"),
            ]),

        // the release version compiled in (VERSION)
        .target(
            name: "CBuildInfo", path: "Sources/C/CBuildInfo",
            cSettings: [.define("ATTENDANCE_VERSION", to: "\"\(releaseVersion)\"")]),

        // MARK: system: thin typed Swift over the OS and C libraries, pixels and image codecs
        // the one EINTR retry with errno, the wake pipe, the off-pool worker
        .target(name: "SystemSupport", path: "Sources/System/SystemSupport", swiftSettings: strict),
        // Swift over libusb: context, event thread, handles, transfers, hotplug
        .target(
            name: "USBHost",
            dependencies: ["CLibUSB", "SystemSupport", .product(name: "Logging", package: "swift-log")],
            path: "Sources/System/USBHost",
            swiftSettings: strict),
        // Swift over V4L2 ioctl/mmap: discovery, formats, controls, streaming
        .target(
            name: "V4L2", dependencies: ["CV4L2", "SystemSupport"], path: "Sources/System/V4L2", swiftSettings: strict),
        // grey and RGB frames and images, pixel conversions, statistics
        .target(name: "Imaging", path: "Sources/System/Imaging", swiftSettings: strict),
        // every image codec: PNG, TIFF, BMP, Netpbm, JPEG
        .target(
            name: "ImageFiles", dependencies: ["CTurboJPEG", "CZlib", "Imaging"], path: "Sources/System/ImageFiles",
            swiftSettings: strict),
        // CPU time, load, medians, a Duration in seconds
        .target(name: "Measuring", path: "Sources/System/Measuring", swiftSettings: strict),
        // the one JSON value type
        .target(name: "JSONSupport", path: "Sources/System/JSONSupport", swiftSettings: strict),

        // MARK: domain: slots, members, templates, sensor and matcher protocols; no I/O, no codecs
        // slots, members, templates, algorithm ids, sensor and matcher protocols, the PRNG
        .target(name: "Biometrics", path: "Sources/Domain/Biometrics", swiftSettings: strict),

        // MARK: drivers: the fingerprint module and the camera
        // the ZFM "EF01" packet protocol over a byte link
        .target(
            name: "FingerprintModule", dependencies: ["Biometrics", "Imaging"],
            path: "Sources/Drivers/FingerprintModule", swiftSettings: strict),
        // links to the module: native USB, CH34x/CP210x/FTDI bridges, TTY, Unix socket
        .target(
            name: "FingerprintLinks", dependencies: ["FingerprintModule", "SystemSupport", "USBHost"],
            path: "Sources/Drivers/FingerprintLinks",
            swiftSettings: strict),
        // a UVC camera over V4L2: format choice, exposure, frame skipping, reopen
        .target(
            name: "UVCCamera",
            dependencies: [
                "Biometrics", "ImageFiles", "Imaging", "SystemSupport", "V4L2",
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Drivers/UVCCamera",
            swiftSettings: strict),

        // MARK: features: fingerprint minutiae and face recognition
        // fingerprint image → ISO/IEC 19794-2 minutiae, matcher, 1:N gallery
        .target(
            name: "Minutiae", dependencies: ["Biometrics", "Imaging"], path: "Sources/Features/Minutiae",
            swiftSettings: strict),
        // detect, align, embed (dlib), quality gates, template protection
        .target(
            name: "FaceRecognition",
            dependencies: ["Biometrics", "CDlibFace", "Imaging", "Measuring", "SystemSupport"],
            path: "Sources/Features/FaceRecognition",
            swiftSettings: strict),
        // the module as a sensor with host-side ISO templates
        .target(
            name: "ISOFingerprint",
            dependencies: ["Biometrics", "FingerprintModule", "Imaging", "Minutiae", "SystemSupport"],
            path: "Sources/Features/ISOFingerprint",
            swiftSettings: strict),
        // the camera as a face sensor: frames → protected template
        .target(
            name: "FaceEnrollment",
            dependencies: ["Biometrics", "FaceRecognition", "ImageFiles", "Imaging", "SystemSupport", "UVCCamera"],
            path: "Sources/Features/FaceEnrollment",
            swiftSettings: strict),

        // MARK: flows: the enrollment state machine, the store, the WeCom session
        // the enrollment state machine and its runner (injected clock)
        .target(
            name: "Enrollment",
            dependencies: ["Biometrics", "Measuring", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Flows/Enrollment",
            swiftSettings: strict),
        // the recognition loop: sensors polled, 1:N, passages decided, enrollment first
        .target(
            name: "Recognition",
            dependencies: ["Biometrics", "Measuring"],
            path: "Sources/Flows/Recognition",
            swiftSettings: strict),
        // SQLite: members, templates, outbox, versions, credentials
        .target(
            name: "TerminalStore",
            dependencies: ["Biometrics", "SystemSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/Flows/TerminalStore",
            swiftSettings: strict),
        // the WeCom device protocol client and session
        .target(
            name: "WeComDevice",
            dependencies: [
                "Biometrics", "JSONSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "WSClient", package: "swift-websocket"),
            ], path: "Sources/Flows/WeComDevice",
            swiftSettings: strict),

        // MARK: evaluation: accuracy and speed against the anchors (beside flows)
        // fingerprint accuracy and speed, NBIS anchor, 1:N bench
        .target(
            name: "BiometricEvaluation",
            dependencies: ["Biometrics", "ImageFiles", "Imaging", "Measuring", "Minutiae", "SystemSupport"],
            path: "Sources/Evaluation/BiometricEvaluation",
            swiftSettings: strict),
        // face accuracy and speed, face_recognition anchor
        .target(
            name: "FaceBenchmark",
            dependencies: ["Biometrics", "FaceRecognition", "ImageFiles", "Imaging", "Measuring"],
            path: "Sources/Evaluation/FaceBenchmark",
            swiftSettings: strict),

        // MARK: composition: device set-up and the daemon's wiring
        // config and device opening shared by attendanced and attendctl
        .target(
            name: "DeviceSetup",
            dependencies: [
                "Biometrics", "FaceEnrollment", "FaceRecognition", "FingerprintLinks", "FingerprintModule",
                "ISOFingerprint", "JSONSupport", "Minutiae", "SystemSupport", "USBHost", "UVCCamera", "V4L2",
                "WeComDevice", .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Composition/DeviceSetup",
            swiftSettings: strict),
        // the daemon's wiring: session, runner, store, uploader
        .target(
            name: "TerminalDaemon",
            dependencies: [
                "Biometrics", "DeviceSetup", "Enrollment", "FaceEnrollment", "Measuring", "Recognition",
                "SystemSupport", "TerminalStore", "WeComDevice", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "Sources/Composition/TerminalDaemon",
            swiftSettings: strict),

        // MARK: apps: what runs on the terminal
        // the daemon
        .executableTarget(
            name: "attendanced",
            dependencies: [
                "CBuildInfo", "DeviceSetup", "Measuring", "SystemSupport", "TerminalDaemon", "TerminalStore",
                "WeComDevice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], path: "Sources/Apps/attendanced",
            swiftSettings: strict),
        // the operator's CLI
        .executableTarget(
            name: "attendctl",
            dependencies: [
                "BiometricEvaluation", "Biometrics", "CBuildInfo", "DeviceSetup", "Enrollment", "FaceBenchmark",
                "FaceRecognition",
                "FingerprintLinks", "FingerprintModule", "ImageFiles", "Imaging", "Measuring", "Minutiae",
                "TerminalStore", "USBHost", "V4L2", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ], path: "Sources/Apps/attendctl",
            swiftSettings: strict),

        // MARK: simulation: the simulated devices and cloud, and test support
        // a byte-exact ZFM module
        .target(
            name: "FingerprintModuleSim",
            dependencies: [
                "Biometrics", "FingerprintLinks", "FingerprintModule", "ImageFiles", "Imaging", "Minutiae",
                "SystemSupport",
            ],
            path: "Simulators/FingerprintModuleSim", swiftSettings: strict),
        // the process-wide umockdev testbed
        .target(
            name: "UMockdevCore", dependencies: ["CUMockdev"], path: "Simulators/UMockdevCore", swiftSettings: strict),
        // the module as a USB device, whatever carries it: presentations, descriptors, bridge chips
        .target(
            name: "USBDeviceSim", dependencies: ["FingerprintModuleSim"], path: "Simulators/USBDeviceSim",
            swiftSettings: strict),
        // the module as a real USB device through configfs and FunctionFS (run as root in the tier-3 VM)
        .executableTarget(
            name: "module-gadget",
            dependencies: [
                "CFunctionFS", "FingerprintModuleSim", "Measuring", "SystemSupport", "USBDeviceSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Simulators/module-gadget", swiftSettings: strict),
        // simulated USB devices on the real libusb path
        .target(
            name: "UMockdevHarness",
            dependencies: ["CUMockdev", "FingerprintModuleSim", "UMockdevCore", "USBDeviceSim"],
            path: "Simulators/UMockdevHarness", swiftSettings: strict),
        // a V4L2 camera on the real ioctl/mmap path
        .target(
            name: "CameraSim",
            dependencies: ["CUMockdev", "CV4L2", "ImageFiles", "Imaging", "SystemSupport", "UMockdevCore"],
            path: "Simulators/CameraSim", swiftSettings: strict),
        // the WeCom cloud: device WebSocket, admin API, rule checker
        .target(
            name: "WeComCloudSim",
            dependencies: [
                "JSONSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulators/WeComCloudSim", swiftSettings: strict),
        // in-memory WebSocket transport and credential store
        .target(
            name: "WeComDeviceTesting", dependencies: ["WeComDevice"], path: "Simulators/WeComDeviceTesting",
            swiftSettings: strict),
        // where the shared test data is (../shared/data), and the face images in it
        .target(name: "SharedTestData", path: "Simulators/SharedTestData", swiftSettings: strict),
        // shared FVC ISO records, synthetic minutiae sets and their transforms
        .target(
            name: "MinutiaeTesting", dependencies: ["Biometrics", "Minutiae", "SharedTestData"],
            path: "Simulators/MinutiaeTesting",
            swiftSettings: strict),
        // crafted hostile images: scan bombs, dimension and inflation bombs, overflowing offsets
        .target(
            name: "HostileImages", dependencies: ["CTurboJPEG", "CZlib"], path: "Simulators/HostileImages",
            swiftSettings: strict),
        // the one manual clock
        .target(
            name: "CameraTesting", dependencies: ["Biometrics", "Imaging", "UVCCamera"],
            path: "Simulators/CameraTesting", swiftSettings: strict),
        .target(name: "ClockTesting", path: "Simulators/ClockTesting", swiftSettings: strict),
        // silent reporters and in-memory fakes of the daemon's ports
        .target(
            name: "TerminalTesting", dependencies: ["TerminalDaemon"], path: "Simulators/TerminalTesting",
            swiftSettings: strict),
        // cloud, devices, store and daemon in one process
        .target(
            name: "SimulatedWorld",
            dependencies: [
                "DeviceSetup", "FingerprintModuleSim", "TerminalDaemon", "TerminalStore", "WeComCloudSim",
                "WeComDevice", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulators/SimulatedWorld", swiftSettings: strict),

        // MARK: tools: the simulated world as processes, and the benchmarks
        // the simulated world as processes; make demo
        .executableTarget(
            name: "terminal-sim",
            dependencies: [
                "Biometrics", "CameraSim", "FingerprintModuleSim", "Measuring", "TerminalStore", "UMockdevCore",
                "UMockdevHarness", "USBDeviceSim", "V4L2", "WeComCloudSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Tools/terminal-sim",
            swiftSettings: strict),
        // the benchmarks of make bench
        .executableTarget(
            name: "attendance-bench",
            dependencies: [
                "BiometricEvaluation", "Biometrics", "CameraSim", "DeviceSetup", "FaceBenchmark", "FaceRecognition",
                "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim", "ImageFiles", "Imaging", "Measuring",
                "Minutiae", "SimulatedWorld", "TerminalDaemon", "TerminalStore", "TerminalTesting", "UMockdevHarness",
                "USBDeviceSim", "USBHost", "V4L2", "WeComCloudSim", "WeComDevice", "WeComDeviceTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ], path: "Sources/Tools/attendance-bench",
            swiftSettings: strict),

        // MARK: fuzz: libFuzzer over every decoder of untrusted bytes (apart from the products; see Fuzz/)
        // each decoder's fuzz entry point; replays inputs, or hands over to libFuzzer in a -D FUZZING build
        .target(
            name: "FuzzTargets",
            dependencies: ["Biometrics", "DeviceSetup", "FingerprintModule", "ImageFiles", "Minutiae", "WeComDevice"],
            path: "Fuzz/FuzzTargets", swiftSettings: strict),
        // fuzzes the ZFM packet codec and streaming decoder
        .executableTarget(
            name: "fuzz-zfm-packet", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-zfm-packet", swiftSettings: strict),
        // fuzzes the module driver's reply parsing
        .executableTarget(
            name: "fuzz-zfm-reply", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-zfm-reply", swiftSettings: strict),
        // fuzzes the ISO/IEC 19794-2 record reader and the 1:N gallery
        .executableTarget(
            name: "fuzz-iso-record", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-iso-record", swiftSettings: strict),
        // fuzzes PNG files and photos
        .executableTarget(
            name: "fuzz-png", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-png", swiftSettings: strict),
        // fuzzes TIFF files
        .executableTarget(
            name: "fuzz-tiff", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-tiff", swiftSettings: strict),
        // fuzzes BMP files
        .executableTarget(
            name: "fuzz-bmp", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-bmp", swiftSettings: strict),
        // fuzzes JPEG files, photos and MJPEG frames
        .executableTarget(
            name: "fuzz-jpeg", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-jpeg", swiftSettings: strict),
        // fuzzes PGM/PPM files
        .executableTarget(
            name: "fuzz-netpbm", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-netpbm", swiftSettings: strict),
        // fuzzes the WeCom envelope and every push and response decoder
        .executableTarget(
            name: "fuzz-wecom-frame", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-wecom-frame",
            swiftSettings: strict),
        // fuzzes the download_photo binary frame
        .executableTarget(
            name: "fuzz-photo-frame", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-photo-frame",
            swiftSettings: strict),
        // fuzzes the daemon's config file
        .executableTarget(
            name: "fuzz-config", dependencies: ["FuzzTargets"], path: "Fuzz/fuzz-config", swiftSettings: strict),

        // MARK: tests (one suite per target; tier 2 suites run in their own process, see the Makefile)
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLibUSB", "CV4L2"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["ClockTesting", "SystemSupport"]),
        .testTarget(name: "BiometricsTests", dependencies: ["Biometrics"]),
        .testTarget(name: "V4L2Tests", dependencies: ["CV4L2", "V4L2"]),
        .testTarget(name: "ImagingTests", dependencies: ["ImageFiles", "Imaging", "SharedTestData"]),
        .testTarget(
            name: "MinutiaeTests", dependencies: ["Biometrics", "ImageFiles", "Imaging", "Minutiae", "MinutiaeTesting"]),
        .testTarget(name: "JSONSupportTests", dependencies: ["JSONSupport"]),
        .testTarget(
            name: "BiometricEvaluationTests",
            dependencies: [
                "BiometricEvaluation", "Biometrics", "ImageFiles", "Imaging", "Measuring", "Minutiae",
                "MinutiaeTesting",
            ]),
        .testTarget(
            name: "FaceBenchmarkTests",
            dependencies: ["Biometrics", "FaceBenchmark", "FaceRecognition", "ImageFiles", "Imaging", "Measuring"]),
        .testTarget(
            name: "FaceRecognitionTests",
            dependencies: [
                "Biometrics", "ClockTesting", "FaceBenchmark", "FaceEnrollment", "FaceRecognition", "HostileImages",
                "ImageFiles", "Imaging", "SystemSupport",
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ISOFingerprintTests",
            dependencies: ["Biometrics", "FingerprintModule", "FingerprintModuleSim", "ISOFingerprint", "Minutiae"]),
        .testTarget(
            name: "ImageFilesTests",
            dependencies: ["CTurboJPEG", "CZlib", "HostileImages", "ImageFiles", "Imaging", "SharedTestData"]),
        .testTarget(
            name: "CameraSimTests",
            dependencies: [
                "Biometrics", "CV4L2", "CameraSim", "CameraTesting", "ClockTesting", "DeviceSetup", "FaceEnrollment",
                "FaceRecognition", "FingerprintModuleSim", "HostileImages", "ImageFiles", "Imaging", "SimulatedWorld",
                "TerminalStore",
                "TerminalTesting", "UMockdevCore", "UMockdevHarness", "USBHost", "UVCCamera", "V4L2", "WeComCloudSim",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "USBHostTests", dependencies: ["CLibUSB", "USBHost"]),
        // Tier 3: real kernel drivers inside the qemu VM of scripts/vm/run-in-vm.sh (make test-vm)
        .testTarget(name: "FingerprintLinksTests", dependencies: ["FingerprintLinks", "FingerprintModule", "USBHost"]),
        .testTarget(
            name: "UMockdevTests",
            dependencies: [
                "Biometrics", "CLibUSB", "DeviceSetup", "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim",
                "Minutiae", "SimulatedWorld", "TerminalStore", "TerminalTesting", "UMockdevHarness", "USBDeviceSim",
                "USBHost",
                "WeComCloudSim", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "KernelTests",
            dependencies: [
                "Biometrics", "FingerprintLinks", "FingerprintModule", "Measuring", "SharedTestData",
                "SimulatedWorld", "TerminalTesting", "USBHost", "UVCCamera", "V4L2", "WeComCloudSim",
            ]),
        .testTarget(
            name: "ModuleGadgetTests", dependencies: ["FingerprintModuleSim", "USBDeviceSim", "module-gadget"]),
        .testTarget(
            name: "FingerprintModuleTests",
            dependencies: [
                "Biometrics", "ClockTesting", "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim",
                "ImageFiles", "Imaging",
            ]),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: ["Biometrics", "Enrollment", .product(name: "Clocks", package: "swift-clocks")]),
        .testTarget(
            name: "RecognitionTests",
            dependencies: ["Biometrics", "ClockTesting", "Recognition"]),
        .testTarget(
            name: "TerminalStoreTests",
            dependencies: ["Biometrics", "TerminalStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "WeComDeviceTests",
            dependencies: [
                "Biometrics", "JSONSupport", "WeComDevice", "WeComDeviceTesting",
                .product(name: "Clocks", package: "swift-clocks"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "WeComCloudSimTests",
            dependencies: [
                "Biometrics", "JSONSupport", "WeComCloudSim", "WeComDevice", "WeComDeviceTesting",
                .product(name: "Logging", package: "swift-log"), .product(name: "WSClient", package: "swift-websocket"),
            ]),
        .testTarget(
            name: "DeviceSetupTests",
            dependencies: [
                "Biometrics", "ClockTesting", "DeviceSetup", "FaceRecognition", "FingerprintLinks",
                "FingerprintModuleSim", "SystemSupport", "USBHost", "WeComDevice",
            ]),
        .testTarget(
            name: "TerminalDaemonTests",
            dependencies: [
                "Biometrics", "ClockTesting", "DeviceSetup", "Enrollment", "SystemSupport", "TerminalDaemon",
                "TerminalStore", "TerminalTesting", "WeComDevice", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Biometrics", "DeviceSetup", "Enrollment", "FaceEnrollment", "FaceRecognition", "FingerprintModule",
                "FingerprintModuleSim", "HostileImages", "Recognition", "SimulatedWorld", "TerminalDaemon",
                "TerminalStore",
                "TerminalTesting", "WeComCloudSim", "WeComDevice",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
