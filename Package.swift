// swift-tools-version:6.1
import Foundation
import PackageDescription

// dlib's face code is compiled optimised even in debug builds (unoptimised dlib is ~100× slower).
// AVX makes detection ~25 % faster on x86_64; set ATTENDANCE_NO_AVX=1 to build for x86 terminals
// without AVX (e.g. Atom/Celeron J1900), which would otherwise stop with an illegal instruction.
#if arch(x86_64)
    let dlibSIMD = ProcessInfo.processInfo.environment["ATTENDANCE_NO_AVX"] == "1" ? [] : ["-mavx"]
#else
    let dlibSIMD: [String] = []
#endif

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
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks.git", from: "1.0.0"),
    ],
    targets: [
        // C system libraries
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        // Header-only: the kernel's <linux/videodev2.h> request codes and structs; nothing is linked (the V4L2
        // target calls Glibc's ioctl, never libv4l2).
        .systemLibrary(name: "CV4L2", path: "Sources/CV4L2", providers: [.apt(["linux-libc-dev"])]),

        .systemLibrary(
            name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CUMockdev", path: "Sources/CUMockdev", pkgConfig: "umockdev-1.0",
            providers: [.apt(["libumockdev-dev"])]),

        .target(
            name: "CDlibFace", path: "Sources/CDlibFace", exclude: ["LICENSE-dlib.txt"],
            cxxSettings: [.unsafeFlags(["-O3", "-std=c++17", "-fno-math-errno"] + dlibSIMD)],
            linkerSettings: [
                .linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack"), .linkedLibrary("stdc++"),
            ]),

        // System layer
        .target(name: "SystemSupport", swiftSettings: strict),
        .target(
            name: "USBHost",
            dependencies: ["CLibUSB", "SystemSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        .target(name: "V4L2", dependencies: ["CV4L2", "SystemSupport"], swiftSettings: strict),
        .target(name: "Imaging", swiftSettings: strict),
        .target(name: "ImageFiles", dependencies: ["CTurboJPEG", "CZlib", "Imaging"], swiftSettings: strict),
        .target(name: "JSONSupport", swiftSettings: strict),

        // Domain
        .target(name: "Biometrics", swiftSettings: strict),
        .target(name: "Measuring", swiftSettings: strict),
        .target(name: "Minutiae", dependencies: ["Biometrics", "Imaging"], swiftSettings: strict),
        .target(
            name: "FaceRecognition", dependencies: ["Biometrics", "CDlibFace", "Imaging", "Measuring"],
            swiftSettings: strict),

        // Drivers
        .target(name: "FingerprintModule", dependencies: ["Biometrics", "Imaging"], swiftSettings: strict),
        .target(
            name: "FingerprintLinks", dependencies: ["FingerprintModule", "SystemSupport", "USBHost"],
            swiftSettings: strict),

        .target(
            name: "UVCCamera",
            dependencies: [
                "Biometrics", "ImageFiles", "Imaging", "V4L2", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "BiometricEvaluation",
            dependencies: ["Biometrics", "ImageFiles", "Imaging", "Measuring", "Minutiae", "SystemSupport"],
            swiftSettings: strict),
        .target(
            name: "FaceBenchmark",
            dependencies: ["FaceRecognition", "ImageFiles", "Imaging", "Measuring"],
            swiftSettings: strict),
        .target(
            name: "FaceEnrollment",
            dependencies: ["Biometrics", "FaceRecognition", "ImageFiles", "Imaging", "SystemSupport", "UVCCamera"],
            swiftSettings: strict),
        .target(
            name: "ISOFingerprint",
            dependencies: ["Biometrics", "FingerprintModule", "Imaging", "Minutiae", "SystemSupport"],
            swiftSettings: strict),

        // Flows
        .target(
            name: "Enrollment",
            dependencies: ["Biometrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "TerminalStore",
            dependencies: ["Biometrics", "SystemSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "WeComDevice",
            dependencies: [
                "Biometrics", "JSONSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"), .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strict),

        // Composition: the device set-up the daemon and attendctl share (config file, status file,
        // opening the fingerprint module and the camera), and the daemon itself (a library so that
        // tests drive the real daemon in-process)
        .target(
            name: "DeviceSetup",
            dependencies: [
                "Biometrics", "FaceEnrollment", "FingerprintLinks", "FingerprintModule", "ISOFingerprint",
                "JSONSupport", "Minutiae", "USBHost", "UVCCamera", "V4L2", "WeComDevice",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "TerminalDaemon",
            dependencies: [
                "Biometrics", "DeviceSetup", "Enrollment", "FaceEnrollment", "TerminalStore", "WeComDevice",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Simulators
        .target(
            name: "FingerprintModuleSim",
            dependencies: [
                "Biometrics", "FingerprintLinks", "FingerprintModule", "ImageFiles", "Imaging", "Minutiae",
                "SystemSupport",
            ],
            path: "Simulators/FingerprintModuleSim", swiftSettings: strict),
        .target(
            name: "MinutiaeTesting", dependencies: ["Biometrics", "Minutiae"], path: "Simulators/MinutiaeTesting",
            swiftSettings: strict),
        .target(
            name: "UMockdevCore", dependencies: ["CUMockdev"], path: "Simulators/UMockdevCore", swiftSettings: strict),
        .target(
            name: "UMockdevHarness",
            dependencies: ["CUMockdev", "FingerprintModuleSim", "UMockdevCore"],
            path: "Simulators/UMockdevHarness", swiftSettings: strict),
        .target(
            name: "CameraSim",
            dependencies: ["CUMockdev", "CV4L2", "ImageFiles", "Imaging", "SystemSupport", "UMockdevCore"],
            path: "Simulators/CameraSim", swiftSettings: strict),
        .target(name: "ClockTesting", path: "Simulators/ClockTesting", swiftSettings: strict),
        .target(
            name: "TerminalTesting", dependencies: ["TerminalDaemon"], path: "Simulators/TerminalTesting",
            swiftSettings: strict),
        .target(
            name: "SimulatedWorld",
            dependencies: [
                "DeviceSetup", "FingerprintModuleSim", "TerminalDaemon", "TerminalStore", "WeComCloudSim",
                "WeComDevice", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulators/SimulatedWorld", swiftSettings: strict),
        .target(
            name: "WeComCloudSim",
            dependencies: [
                "JSONSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulators/WeComCloudSim", swiftSettings: strict),
        .target(
            name: "WeComDeviceTesting", dependencies: ["WeComDevice"], path: "Simulators/WeComDeviceTesting",
            swiftSettings: strict),

        // Executables
        .executableTarget(
            name: "attendanced",
            dependencies: [
                "DeviceSetup", "TerminalDaemon", "TerminalStore", "WeComDevice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "attendctl",
            dependencies: [
                "BiometricEvaluation", "Biometrics", "DeviceSetup", "FaceBenchmark", "FaceRecognition",
                "FingerprintLinks", "FingerprintModule", "ImageFiles", "Imaging", "Minutiae", "TerminalStore",
                "USBHost", "V4L2", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "terminal-sim",
            dependencies: [
                "Biometrics", "CameraSim", "FingerprintModuleSim", "TerminalStore", "UMockdevCore", "UMockdevHarness",
                "WeComCloudSim", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "attendance-bench",
            dependencies: [
                "BiometricEvaluation", "Biometrics", "CameraSim", "DeviceSetup", "FaceBenchmark", "FaceRecognition",
                "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim", "ImageFiles", "Imaging", "Measuring",
                "SimulatedWorld", "TerminalDaemon", "TerminalStore", "UMockdevHarness", "USBHost", "V4L2",
                "WeComCloudSim", "WeComDevice", "WeComDeviceTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Tests
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLibUSB", "CV4L2"]),
        .testTarget(name: "BiometricsTests", dependencies: ["Biometrics"]),
        .testTarget(name: "V4L2Tests", dependencies: ["CV4L2", "V4L2"]),
        .testTarget(name: "ImagingTests", dependencies: ["ImageFiles", "Imaging"]),
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
            dependencies: ["FaceBenchmark", "FaceRecognition", "ImageFiles", "Imaging"]),
        .testTarget(
            name: "FaceRecognitionTests",
            dependencies: ["Biometrics", "FaceBenchmark", "FaceRecognition", "ImageFiles", "Imaging"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ISOFingerprintTests",
            dependencies: ["Biometrics", "FingerprintModule", "FingerprintModuleSim", "ISOFingerprint", "Minutiae"]),
        .testTarget(name: "ImageFilesTests", dependencies: ["CZlib", "ImageFiles", "Imaging"]),
        .testTarget(
            name: "CameraSimTests",
            dependencies: [
                "Biometrics", "CV4L2", "CameraSim", "ClockTesting", "DeviceSetup", "FaceEnrollment", "FaceRecognition",
                "FingerprintModuleSim", "ImageFiles", "Imaging", "SimulatedWorld", "TerminalStore", "TerminalTesting",
                "UMockdevCore", "UMockdevHarness", "USBHost", "UVCCamera", "V4L2", "WeComCloudSim",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "USBHostTests", dependencies: ["CLibUSB", "USBHost"]),
        .testTarget(name: "FingerprintLinksTests", dependencies: ["FingerprintLinks", "FingerprintModule", "USBHost"]),
        .testTarget(
            name: "UMockdevTests",
            dependencies: [
                "Biometrics", "CLibUSB", "DeviceSetup", "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim",
                "Minutiae", "SimulatedWorld", "TerminalStore", "TerminalTesting", "UMockdevHarness", "USBHost",
                "WeComCloudSim", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "FingerprintModuleTests",
            dependencies: [
                "Biometrics", "ClockTesting", "FingerprintLinks", "FingerprintModule", "FingerprintModuleSim",
                "ImageFiles", "Imaging",
            ]),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: ["Biometrics", "Enrollment", .product(name: "Clocks", package: "swift-clocks")]),
        .testTarget(name: "TerminalStoreTests", dependencies: ["Biometrics", "TerminalStore"]),
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
        .testTarget(name: "DeviceSetupTests", dependencies: ["DeviceSetup"]),
        .testTarget(
            name: "TerminalDaemonTests",
            dependencies: [
                "Biometrics", "Enrollment", "TerminalDaemon", "TerminalStore", "TerminalTesting", "WeComDevice",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Biometrics", "DeviceSetup", "FaceEnrollment", "FaceRecognition", "FingerprintModule",
                "FingerprintModuleSim", "SimulatedWorld", "TerminalDaemon", "TerminalStore", "TerminalTesting",
                "WeComCloudSim",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
