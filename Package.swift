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
        .systemLibrary(
            name: "CV4L2", path: "Sources/CV4L2", pkgConfig: "libv4l2",
            providers: [.apt(["libv4l-dev"])]),

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
        .target(
            name: "USBHost",
            dependencies: ["CLibUSB", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        .target(name: "V4L2", dependencies: ["CV4L2"], swiftSettings: strict),
        .target(name: "Imaging", dependencies: ["CTurboJPEG"], swiftSettings: strict),
        .target(name: "ImageFiles", dependencies: ["Biometrics", "Imaging", "CZlib"], swiftSettings: strict),

        // Domain
        .target(name: "Biometrics", swiftSettings: strict),
        .target(name: "Measuring", swiftSettings: strict),
        .target(name: "Minutiae", dependencies: ["Biometrics"], swiftSettings: strict),
        .target(
            name: "FaceRecognition", dependencies: ["CDlibFace", "Biometrics", "Imaging", "Measuring"],
            swiftSettings: strict),

        // Drivers
        .target(name: "FingerprintModule", dependencies: ["Biometrics"], swiftSettings: strict),

        .target(
            name: "UVCCamera",
            dependencies: ["V4L2", "Imaging", "Biometrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "BiometricEvaluation", dependencies: ["Minutiae", "ImageFiles", "Biometrics", "Measuring"],
            swiftSettings: strict),
        .target(
            name: "FaceBenchmark",
            dependencies: ["FaceRecognition", "ImageFiles", "Imaging", "Biometrics", "Measuring"],
            swiftSettings: strict),
        .target(
            name: "FaceEnrollment",
            dependencies: ["FaceRecognition", "UVCCamera", "ImageFiles", "Imaging", "Biometrics"],
            swiftSettings: strict),
        .target(
            name: "ISOFingerprint", dependencies: ["FingerprintModule", "Minutiae", "Biometrics"], swiftSettings: strict
        ),
        .target(
            name: "FingerprintUSB",
            dependencies: ["USBHost", "FingerprintModule", "Biometrics"],
            swiftSettings: strict),

        // Flows
        .target(
            name: "Enrollment",
            dependencies: ["Biometrics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "TerminalStore",
            dependencies: ["Biometrics", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "WeComDevice",
            dependencies: [
                "Biometrics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strict),

        // Composition: the device set-up the daemon and attendctl share (config file, status file,
        // opening the fingerprint module and the camera), and the daemon itself (a library so that
        // tests drive the real daemon in-process)
        .target(
            name: "DeviceSetup",
            dependencies: [
                "Biometrics", "WeComDevice", "FingerprintModule", "FingerprintUSB", "USBHost", "UVCCamera", "V4L2",
                "ISOFingerprint", "Minutiae", "FaceEnrollment", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "TerminalDaemon",
            dependencies: [
                "Biometrics", "Enrollment", "TerminalStore", "WeComDevice", "FaceEnrollment", "DeviceSetup",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Simulators
        .target(
            name: "FingerprintModuleSim", dependencies: ["FingerprintModule", "Biometrics", "Minutiae"],
            path: "Simulators/FingerprintModuleSim", swiftSettings: strict),
        .target(
            name: "UMockdevCore", dependencies: ["CUMockdev"], path: "Simulators/UMockdevCore", swiftSettings: strict),
        .target(
            name: "UMockdevHarness",
            dependencies: ["CUMockdev", "UMockdevCore", "FingerprintModuleSim", "FingerprintModule"],
            path: "Simulators/UMockdevHarness", swiftSettings: strict),
        .target(
            name: "CameraSim",
            dependencies: ["CUMockdev", "UMockdevCore", "CV4L2", "Imaging"],
            path: "Simulators/CameraSim", swiftSettings: strict),
        .target(name: "ClockTesting", path: "Simulators/ClockTesting", swiftSettings: strict),
        .target(
            name: "TerminalTesting", dependencies: ["TerminalDaemon"], path: "Simulators/TerminalTesting",
            swiftSettings: strict),
        .target(
            name: "SimulatedWorld",
            dependencies: [
                "TerminalDaemon", "DeviceSetup", "TerminalStore", "WeComCloudSim", "WeComDevice",
                "FingerprintModuleSim", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Simulators/SimulatedWorld", swiftSettings: strict),
        .target(
            name: "WeComCloudSim",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            path: "Simulators/WeComCloudSim", swiftSettings: strict),

        // Executables
        .executableTarget(
            name: "attendanced",
            dependencies: [
                "TerminalDaemon", "DeviceSetup", "TerminalStore", "WeComDevice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "attendctl",
            dependencies: [
                "DeviceSetup", "TerminalStore", "Biometrics", "FingerprintModule", "FingerprintUSB", "USBHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                "V4L2", "Imaging", "BiometricEvaluation", "Minutiae", "FaceBenchmark", "FaceRecognition",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "terminal-sim",
            dependencies: [
                "WeComCloudSim", "FingerprintModuleSim", "TerminalStore", "Biometrics", "UMockdevHarness",
                "UMockdevCore", "CameraSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "attendance-bench",
            dependencies: [
                "TerminalDaemon", "DeviceSetup", "TerminalStore", "WeComDevice", "WeComCloudSim", "FingerprintModule",
                "FingerprintModuleSim", "Biometrics", "FingerprintUSB", "USBHost", "UMockdevHarness",
                "V4L2", "Imaging", "CameraSim", "BiometricEvaluation", "FaceBenchmark", "FaceRecognition", "Measuring",
                "SimulatedWorld",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Tests
        .testTarget(name: "SystemLibraryTests", dependencies: ["CLibUSB", "CV4L2"]),
        .testTarget(name: "BiometricsTests", dependencies: ["Biometrics"]),
        .testTarget(name: "V4L2Tests", dependencies: ["V4L2", "CV4L2"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "MinutiaeTests", dependencies: ["Minutiae", "Biometrics", "ImageFiles"]),
        .testTarget(
            name: "BiometricEvaluationTests",
            dependencies: ["BiometricEvaluation", "Minutiae", "ImageFiles", "Biometrics", "Measuring"]),
        .testTarget(
            name: "FaceBenchmarkTests",
            dependencies: ["FaceBenchmark", "FaceRecognition", "ImageFiles", "Imaging", "Biometrics"]),
        .testTarget(
            name: "FaceRecognitionTests", dependencies: ["FaceRecognition", "Biometrics", "Imaging"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ISOFingerprintTests",
            dependencies: ["ISOFingerprint", "Minutiae", "FingerprintModule", "FingerprintModuleSim", "Biometrics"]),
        .testTarget(name: "ImageFilesTests", dependencies: ["ImageFiles", "Biometrics", "Imaging", "CZlib"]),
        .testTarget(
            name: "CameraSimTests",
            dependencies: [
                "CameraSim", "V4L2", "CV4L2", "Imaging", "UVCCamera", "Biometrics", "DeviceSetup", "TerminalStore",
                "WeComCloudSim", "UMockdevCore", "UMockdevHarness", "USBHost", "FingerprintModuleSim",
                "FaceEnrollment", "FaceRecognition", "ClockTesting", "TerminalTesting", "SimulatedWorld",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "USBHostTests", dependencies: ["USBHost", "FingerprintUSB", "CLibUSB"]),
        .testTarget(
            name: "UMockdevTests",
            dependencies: [
                "UMockdevHarness", "USBHost", "FingerprintUSB", "FingerprintModule", "FingerprintModuleSim",
                "Biometrics",
                "CLibUSB", "DeviceSetup", "TerminalStore", "WeComCloudSim", "Minutiae", "TerminalTesting",
                "SimulatedWorld",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "FingerprintModuleTests",
            dependencies: ["FingerprintModule", "FingerprintModuleSim", "Biometrics", "ClockTesting"]),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: ["Enrollment", "Biometrics", .product(name: "Clocks", package: "swift-clocks")]),
        .testTarget(name: "TerminalStoreTests", dependencies: ["TerminalStore", "Biometrics"]),
        .testTarget(
            name: "WeComDeviceTests",
            dependencies: [
                "WeComDevice", "Biometrics", .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "WeComCloudSimTests",
            dependencies: [
                "WeComCloudSim", "WeComDevice", .product(name: "WSClient", package: "swift-websocket"),
            ]),
        .testTarget(name: "DeviceSetupTests", dependencies: ["DeviceSetup"]),
        .testTarget(
            name: "TerminalDaemonTests",
            dependencies: [
                "TerminalDaemon", "TerminalStore", "Biometrics", "Enrollment", "WeComDevice", "TerminalTesting",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TerminalDaemon", "DeviceSetup", "WeComCloudSim", "FingerprintModuleSim", "FingerprintModule",
                "TerminalStore", "Biometrics", "FaceEnrollment", "FaceRecognition", "TerminalTesting", "SimulatedWorld",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
