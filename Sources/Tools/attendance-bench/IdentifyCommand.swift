import ArgumentParser
import BiometricEvaluation
import FaceBenchmark
import FaceRecognition
import FingerprintModule
import Foundation
import Measuring
import Minutiae

/// `attendance-bench identify`: 1:N at 10,000 members side by side in one run: FPIR and FNIR of the ISO
/// fingerprint and protected face matchers at their identification thresholds (galleries padded with
/// synthetic entries), next to their 1:1 figures; time from probe or frame to verdict for ISO templates
/// (host), faces and module templates (simulated ZFM module, HighSpeedSearch, over each link).
struct IdentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract:
            "1:N at 10,000: FPIR/FNIR of fingerprints (FVC2002 DB1_B, FVC2004 DB4_B subset) and faces (ORL s1-s20) at the identification thresholds, and verdict times of ISO, face and module templates."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/identify.json"

    @Option(help: "The shared folder (data).")
    var shared: String = "../shared"

    @Option(help: "dlib's models folder.")
    var models: String = ".models/face"

    @Option(help: "Gallery entries (members plus synthetic entries).")
    var gallery: Int = 10_000

    @Option(help: "Target FPIR the thresholds are chosen for.")
    var targetFpir: Double = 0.01

    @Option(help: "Verdict target, milliseconds.")
    var targetMs: Double = 300

    @Option(help: "Searches timed on the simulated module.")
    var moduleSearches: Int = 20

    @Flag(help: "Skip the faces (no models needed).")
    var noFace = false

    @Option(
        name: .customLong("idle-daemon"),
        help:
            "An attendanced to measure the idle recognition loop's CPU share with (needs LD_PRELOAD=libumockdev-preload.so.0); without it the share is left out."
    )
    var idleDaemon: String?

    func validate() throws {
        guard gallery >= 100 else { throw ValidationError("--gallery must be at least 100, got \(gallery)") }
        guard targetFpir > 0, targetFpir < 1 else {
            throw ValidationError("--target-fpir must be between 0 and 1, got \(targetFpir)")
        }
        guard moduleSearches >= 1 else { throw ValidationError("--module-searches must be at least 1") }
    }

    func run() async throws {
        BLASThreads.set(1)
        let settings = IdentifySettings(
            shared: shared, models: noFace ? nil : models, gallery: gallery, targetFPIR: targetFpir,
            targetMs: targetMs)
        let fingerprint = try await Task.detached { try FingerprintIdentifyPart.run(settings) }.value
        print(fingerprint.text)
        var face: FaceIdentifyPart.Result?
        if !noFace {
            face = try await Task.detached { try FaceIdentifyPart.run(settings) }.value
            if let face { print(face.text) }
        }
        let module = try await ModuleSearchBench(members: gallery, searches: moduleSearches, targetMs: targetMs).run()
        print(Self.text(module))
        var idle: IdleCommand.Result?
        if let idleDaemon {
            idle = try await IdleLoopBench(faceModels: models, daemon: idleDaemon, seconds: 30).measure()
            if let idle {
                print(
                    String(
                        format: "idle recognition loop: %.1f %% of one core (target under 15 %%: %.2f×)",
                        idle.cpuShareOfOneCore * 100, idle.ratioToTarget))
            }
        }
        try writeJSON(
            BenchFile(
                build: buildKind, date: Date(), galleryEntries: gallery, targetFpir: targetFpir, targetMs: targetMs,
                fingerprint: fingerprint, face: face, module: module,
                idleLoopCPUShare: idle?.cpuShareOfOneCore,
                idleLoopCPUShareNote: idle.map {
                    String(
                        format:
                            "a real attendanced (%@), nobody at the door: %.2f s CPU in %.1f s; %.2f× the 15 %% target",
                        $0.build, $0.daemonCPUSeconds, $0.seconds, $0.ratioToTarget)
                } ?? "not measured: pass --idle-daemon (make bench does) under LD_PRELOAD=libumockdev-preload.so.0"),
            to: output)
        print("wrote \(output)")
    }

    static func text(_ module: ModuleSearchBench.Result) -> String {
        var lines = [
            String(
                format:
                    "module templates: HighSpeedSearch over %d pages (%@ members %@), in process median %.2f ms (search %.2f ms, %.2f µs/page)",
                module.libraryPages, "\(module.members)",
                module.membersFit ? "fit" : "do NOT fit: the library holds at most \(module.libraryPages)",
                module.inProcessMs.median, module.searchMs.median, module.searchMicrosecondsPerPage)
        ]
        for link in module.links {
            lines.append(
                String(
                    format: "  %@: wire %.1f ms, verdict %.1f ms, %.2f× the %.0f ms target", link.link, link.wireMs,
                    link.verdictMs, link.ratioToTarget, link.targetMs))
        }
        if !module.membersFit {
            lines.append(
                String(
                    format:
                        "  the %d members beyond the library compared pairwise at 57,600 baud: %.0f s; a library of all of them: %.1f ms",
                    module.members - module.libraryPages, module.overflowPairwiseUARTSeconds,
                    module.scaledToMembersUARTMs))
        }
        return lines.joined(separator: "\n")
    }

    struct BenchFile: Encodable {
        let benchmark = "identify"
        let build: String
        let date: Date
        let galleryEntries: Int
        let targetFpir: Double
        let targetMs: Double
        let fingerprint: FingerprintIdentifyPart.Result
        let face: FaceIdentifyPart.Result?
        let module: ModuleSearchBench.Result
        /// Hook for the idle recognition loop's CPU share (target 15 % of one core), measured elsewhere.
        let idleLoopCPUShare: Double?
        let idleLoopCPUShareNote: String
    }
}

/// What the parts of `identify` share.
struct IdentifySettings: Sendable {
    let shared: String
    let models: String?
    let gallery: Int
    let targetFPIR: Double
    let targetMs: Double
}

/// A sample's median and maximum.
struct MedianMax: Codable {
    let median: Double
    let max: Double

    init(_ values: [Double]) {
        median = Statistics.median(values) ?? 0
        max = values.max() ?? 0
    }
}
