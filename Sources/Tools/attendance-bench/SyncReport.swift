import Foundation

/// sync.json: the measured figures beside their targets, as ratios measured / target.
struct SyncReport: Codable {
    struct Targets: Codable {
        /// The daemon's start until the store holds the whole directory.
        let pullSeconds: Double
        /// The daemon's peak resident memory (VmHWM).
        let peakMegabytes: Double
    }

    struct Ratios: Codable {
        /// pull_from_start_seconds / target.
        let pull: Double
        /// total_seconds (pull and module library) / target, for comparison.
        let pullAndModule: Double
        /// Peak RSS / target.
        let peakMemory: Double
    }

    /// The module library's share: measured on the unpaced Unix-socket link, and what real links take for
    /// the same bytes (computed, not measured).
    struct ModuleShare: Codable {
        let librarySize: Int
        /// Fingerprint templates the library holds after the sync.
        let inLibrary: Int
        /// Fingerprint templates that do not fit: the duplicate check compares them pairwise.
        let overflowPairwise: Int
        let measuredSeconds: Double
        let link: String
        let measuredBytesPerSecond: Double
        let cost: ModuleLinkCost
        let bytesPerTemplate: Int
        let computedUART57600Seconds: Double
        let computedUSBFullSpeedSeconds: Double
        let computedUSBRawSeconds: Double
        /// Every pulled fingerprint template at 57,600 baud, had the library room for all of them.
        let computedUART57600AllSeconds: Double
        /// What each duplicate check then spends on the overflow, compared pairwise at 57,600 baud.
        let computedPairwiseOverflowUART57600Seconds: Double
        let note: String
    }

    let benchmark: String
    let date: Date
    let build: String
    let processors: Int
    let members: Int
    let face: String
    /// Modalities the daemon pulled (declared an algorithm for), from the store's templates.
    let pulledModalities: [String]
    let measured: SyncBench.Measurement
    let module: ModuleShare
    let targets: Targets
    let ratios: Ratios
    /// The pull within 60 s, the peak within 150 MB, every member and template stored, no stranger in
    /// the library.
    let withinTargets: Bool

    init(measured: SyncBench.Measurement, members: Int, librarySize: Int, face: String, packetSize: Int) {
        benchmark = "sync"
        date = Date()
        build = buildKind
        processors = ProcessInfo.processInfo.activeProcessorCount
        self.members = members
        self.face = face
        pulledModalities =
            (measured.storeFingerprintTemplates > 0 ? ["fingerprint"] : [])
            + (measured.storeFaceTemplates > 0 ? ["face"] : [])
        self.measured = measured
        let cost = ModuleLinkCost(templateBytes: SyncDirectory.fingerprintBytes, packetSize: packetSize)
        let fit = measured.libraryPages
        module = ModuleShare(
            librarySize: librarySize, inLibrary: fit,
            overflowPairwise: max(0, measured.storeFingerprintTemplates - fit),
            measuredSeconds: measured.moduleSeconds, link: "Unix-domain socket, unpaced (memory speed)",
            measuredBytesPerSecond: measured.moduleSeconds > 0
                ? Double(fit * cost.bytesPerTemplate) / measured.moduleSeconds : 0,
            cost: cost, bytesPerTemplate: cost.bytesPerTemplate,
            computedUART57600Seconds: cost.uartSeconds(templates: fit, baud: 57_600),
            computedUSBFullSpeedSeconds: cost.usbFullSpeedSeconds(templates: fit),
            computedUSBRawSeconds: cost.usbRawSeconds(templates: fit),
            computedUART57600AllSeconds: cost.uartSeconds(templates: measured.storeFingerprintTemplates, baud: 57_600),
            computedPairwiseOverflowUART57600Seconds: cost.pairwiseUARTSeconds(
                candidates: max(0, measured.storeFingerprintTemplates - fit), baud: 57_600),
            note:
                "computed from the packets the driver sends (DownChar + data packets + Store, both acknowledgements), "
                + "8N1 UART = 10 bits a byte; USB full speed = 19 bulk packets of 64 bytes a 1 ms frame plus a frame per "
                + "turnaround; the module's own flash write time is not included")
        targets = Targets(pullSeconds: SyncCommand.targetSeconds, peakMegabytes: SyncCommand.targetMegabytes)
        ratios = Ratios(
            pull: measured.pullFromStartSeconds / SyncCommand.targetSeconds,
            pullAndModule: measured.totalSeconds / SyncCommand.targetSeconds,
            peakMemory: measured.memoryAtEnd.peakMegabytes / SyncCommand.targetMegabytes)
        withinTargets =
            ratios.pull < 1 && ratios.peakMemory < 1 && measured.storeMembers == members
            && measured.libraryStrangers == 0 && measured.problems.isEmpty
    }

    func printSummary() {
        let m = measured
        say("sync summary (\(build) build, \(processors) processors, \(members) members):")
        say("  face: \(face); pulled: \(pulledModalities.joined(separator: " + "))")
        say(
            String(
                format: "  pull: %.1f s from the daemon's start (login %.2f s, pull %.1f s; the store's record %.1f s) "
                    + "— target %.0f s, ratio %.2f", m.pullFromStartSeconds, m.loginSeconds, m.pullSeconds,
                m.pullRecordSeconds, targets.pullSeconds, ratios.pull))
        say(
            String(
                format:
                    "  CPU during the pull: daemon %.1f s, bench process (cloud simulator) %.1f s, of %.1f s wall on %d processors",
                m.pullDaemonCPUSeconds, m.pullBenchCPUSeconds, m.pullSeconds, processors))
        say(
            "  pages \(m.pages), members \(m.members) (store \(m.storeMembers)), templates \(m.templates) "
                + "(store: \(m.storeFingerprintTemplates) fingerprint, \(m.storeFaceTemplates) face), "
                + "skipped \(m.skippedTemplates)")
        say(
            String(
                format:
                    "  peak RSS (VmHWM): %.1f MB — target %.0f MB, ratio %.2f (at login: peak %.1f MB; RSS at the end %.1f MB)",
                m.memoryAtEnd.peakMegabytes, targets.peakMegabytes, ratios.peakMemory, m.memoryAtLogin.peakMegabytes,
                m.memoryAtEnd.rssMegabytes))
        say(
            String(
                format:
                    "  module library: %d of %d pages in %.2f s after the pull (%@, %.0f kB/s); %d templates overflow to pairwise",
                module.inLibrary, module.librarySize, module.measuredSeconds, module.link,
                module.measuredBytesPerSecond / 1000, module.overflowPairwise))
        say(
            String(
                format:
                    "  the wire (computed): %d bytes a template, %d turnarounds; %d templates take %.1f s at 57,600 baud, "
                    + "%.2f s on full-speed USB (%.2f s at the raw 12 Mbit/s); all %d at 57,600 baud: %.0f s",
                module.bytesPerTemplate, module.cost.turnarounds, module.inLibrary, module.computedUART57600Seconds,
                module.computedUSBFullSpeedSeconds, module.computedUSBRawSeconds, m.storeFingerprintTemplates,
                module.computedUART57600AllSeconds))
        if module.overflowPairwise > 0 {
            say(
                String(
                    format: "  each duplicate check then compares the %d overflow templates pairwise: %d bytes each, "
                        + "%.0f s at 57,600 baud (computed)", module.overflowPairwise,
                    module.cost.pairwiseBytesPerCandidate, module.computedPairwiseOverflowUART57600Seconds))
        }
        say(
            String(
                format: "  pull + module: %.1f s from the daemon's start (ratio to %.0f s: %.2f)", m.totalSeconds,
                targets.pullSeconds, ratios.pullAndModule))
        if m.libraryStrangers > 0 { say("  library pages not in the directory: \(m.libraryStrangers)") }
        for problem in m.problems { say("  problem: \(problem)") }
        say("  \(withinTargets ? "WITHIN TARGETS" : "NOT WITHIN TARGETS")")
    }
}
