import FingerprintModule
import FingerprintModuleSim
import Foundation

/// 1:N of module templates on the simulated ZFM module: its flash library filled (DownChar + Store per
/// page over an in-process link), then DownChar of the probe and one HighSpeedSearch over the whole
/// library, timed in process (what the simulator spends: its search plus the driver's handling), with
/// the wire time of the same bytes at 57,600 baud and on full-speed USB added for each link.
struct ModuleSearchBench {
    struct Result: Codable {
        /// Library pages searched (the simulator holds at most 1,024, like real ZFM modules' few hundred to 3,000).
        let libraryPages: Int
        /// Members the benchmark asks for.
        let members: Int
        /// Whether the members fit in the library (if not, the rest would be compared pairwise).
        let membersFit: Bool
        let searches: Int
        /// Probe DownChar + HighSpeedSearch in process, milliseconds.
        let inProcessMs: Summary
        /// Of which the HighSpeedSearch command alone (the module's search), milliseconds.
        let searchMs: Summary
        /// The search time per library page, microseconds (median search ÷ pages).
        let searchMicrosecondsPerPage: Double
        /// Host → module and module → host bytes of DownChar (512-byte probe) + HighSpeedSearch.
        let wireBytes: Int
        /// Each link: wire time of those bytes plus the median in-process time.
        let links: [Link]
        /// Comparing the members that do not fit pairwise (DownChar × 2 + Match each) at 57,600 baud, seconds.
        let overflowPairwiseUARTSeconds: Double
        /// Verdict if the library held every member: median in-process time scaled to `members` pages plus the 57,600-baud wire, milliseconds.
        let scaledToMembersUARTMs: Double
    }

    struct Link: Codable {
        let link: String
        let wireMs: Double
        let verdictMs: Double
        let targetMs: Double
        let ratioToTarget: Double
    }

    let members: Int
    let searches: Int
    let targetMs: Double

    func run() async throws -> Result {
        let module = SimulatedZFMModule(configuration: .init(librarySize: 1024))
        let pair = InProcessLinkPair()
        let serving = Task { await module.serve(pair.device) }
        defer { serving.cancel() }
        let driver = ZFMModule(link: pair.host)
        let parameters = try await driver.readSysPara()
        let pages = min(members, parameters.librarySize)
        for page in 0..<pages {
            try await driver.downChar(.one, Self.template(identity: "member-\(page)", presses: (1, 2)))
            try await driver.store(.one, page: page)
        }
        var total: [Duration] = []
        var search: [Duration] = []
        for index in 0..<searches {
            // Alternate a present member (another pair of presses) and a stranger.
            let probe =
                index % 2 == 0
                ? Self.template(identity: "member-\(index * 7919 % pages)", presses: (3, 4))
                : Self.template(identity: "stranger-\(index)", presses: (1, 2))
            let start = ContinuousClock.now
            try await driver.downChar(.one, probe)
            let searchStart = ContinuousClock.now
            _ = try await driver.highSpeedSearch(.one, startPage: 0, pageCount: pages)
            let end = ContinuousClock.now
            total.append(start.duration(to: end))
            search.append(searchStart.duration(to: end))
        }
        let cost = ModuleLinkCost(templateBytes: 512, packetSize: parameters.packetSize)
        let downCharBytes = cost.hostToModuleBytes - Self.packetBytes(payload: 4)  // without Store's command
        let ack = Self.packetBytes(payload: 1)
        let searchBytes = Self.packetBytes(payload: 6) + Self.packetBytes(payload: 5)  // command, answer
        let wireBytes = downCharBytes + ack + searchBytes
        let medianMs = Summary(total).median
        let uartMs = Double(wireBytes * 10) / 57_600 * 1000
        // Full speed: the bulk ceiling plus one 1 ms frame per turnaround (DownChar, HighSpeedSearch).
        let usbMs = Double(wireBytes) / (19.0 * 64 * 1000) * 1000 + 2
        let links = [("in-process", 0.0), ("UART 57,600 baud", uartMs), ("USB full speed", usbMs)].map {
            Link(
                link: $0.0, wireMs: $0.1, verdictMs: medianMs + $0.1, targetMs: targetMs,
                ratioToTarget: (medianMs + $0.1) / targetMs)
        }
        let searchMedian = Summary(search).median
        return Result(
            libraryPages: pages, members: members, membersFit: members <= pages, searches: searches,
            inProcessMs: Summary(total), searchMs: Summary(search),
            searchMicrosecondsPerPage: pages > 0 ? searchMedian * 1000 / Double(pages) : 0, wireBytes: wireBytes,
            links: links,
            overflowPairwiseUARTSeconds: cost.pairwiseUARTSeconds(candidates: max(0, members - pages), baud: 57_600),
            scaledToMembersUARTMs: (medianMs - searchMedian) + searchMedian * Double(members) / Double(max(pages, 1))
                + uartMs)
    }

    /// Bytes of one packet with `payload` bytes (header, address, kind, length, payload, checksum).
    static func packetBytes(payload: Int) -> Int {
        ZFMPacket(kind: .command, payload: Array(repeating: 0, count: payload)).encoded().count
    }

    /// A 512-byte simulator template ("ZT", quality, two layers of cells) of two presses of `identity`.
    static func template(identity: String, presses: (UInt64, UInt64)) -> [UInt8] {
        let a = SimulatedFeatureModel.featureFile(identity: identity, quality: 90, pressSeed: presses.0)
        let b = SimulatedFeatureModel.featureFile(identity: identity, quality: 90, pressSeed: presses.1)
        var bytes: [UInt8] = [0x5A, 0x54, 90] + [UInt8](repeating: 0, count: 13)
        bytes += a[16..<256]
        bytes += [UInt8](repeating: 0, count: 16)
        bytes += b[16..<256]
        return bytes
    }
}
