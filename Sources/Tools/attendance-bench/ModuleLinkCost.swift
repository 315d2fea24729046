import FingerprintModule

/// What bringing one template into the module's flash library costs on the link (computed, from the
/// packets the driver sends): DownChar (command, acknowledgement, the char file in data packets of the
/// module's packet size), then Store (command, acknowledgement). The exchange is half duplex: the host
/// waits for each acknowledgement, so the bytes of both directions add up.
struct ModuleLinkCost: Codable {
    let templateBytes: Int
    let packetSize: Int
    let hostToModuleBytes: Int
    let moduleToHostBytes: Int
    /// Commands the host sends and waits on (DownChar, Store).
    let turnarounds: Int
    /// Bytes of one pairwise comparison (`ZFMMatcher`: DownChar the probe, DownChar the candidate, Match),
    /// what each template that does not fit in the library costs every duplicate check.
    let pairwiseBytesPerCandidate: Int

    var bytesPerTemplate: Int { hostToModuleBytes + moduleToHostBytes }

    init(templateBytes: Int, packetSize: Int) {
        self.templateBytes = templateBytes
        self.packetSize = packetSize
        let downChar = ZFMPacket(kind: .command, payload: [ZFMInstruction.downChar.rawValue, 1]).encoded().count
        let store = ZFMPacket(kind: .command, payload: [ZFMInstruction.store.rawValue, 1, 0, 0]).encoded().count
        let ack = ZFMPacket(kind: .acknowledge, payload: [0]).encoded().count
        var data = 0
        var offset = 0
        while offset < templateBytes {
            let end = min(offset + packetSize, templateBytes)
            data += ZFMPacket(kind: .data, payload: Array(repeating: 0, count: end - offset)).encoded().count
            offset = end
        }
        hostToModuleBytes = downChar + data + store
        moduleToHostBytes = 2 * ack
        turnarounds = 2
        let match = ZFMPacket(kind: .command, payload: [ZFMInstruction.match.rawValue]).encoded().count
        let matchAnswer = ZFMPacket(kind: .acknowledge, payload: [0, 0, 0]).encoded().count
        pairwiseBytesPerCandidate = 2 * (downChar + ack + data) + match + matchAnswer
    }

    /// Seconds `templates` take on a UART at `baud` with 10 bits a byte (8N1), the wire alone.
    func uartSeconds(templates: Int, baud: Int) -> Double {
        Double(templates * bytesPerTemplate * 10) / Double(baud)
    }

    /// Seconds `templates` take on full-speed USB (12 Mbit/s): the bulk ceiling of 19 packets of 64 bytes
    /// a 1 ms frame, plus one frame for each turnaround (the host polls for the answer in the next frame).
    func usbFullSpeedSeconds(templates: Int) -> Double {
        let bulkBytesPerSecond = 19.0 * 64 * 1000
        return Double(templates) * (Double(bytesPerTemplate) / bulkBytesPerSecond + Double(turnarounds) * 0.001)
    }

    /// Seconds a duplicate check spends comparing `candidates` pairwise on a UART at `baud` (8N1).
    func pairwiseUARTSeconds(candidates: Int, baud: Int) -> Double {
        Double(candidates * pairwiseBytesPerCandidate * 10) / Double(baud)
    }

    /// Seconds at the raw 12 Mbit/s signalling rate (no framing, no turnarounds): a lower bound.
    func usbRawSeconds(templates: Int) -> Double {
        Double(templates * bytesPerTemplate * 8) / 12_000_000
    }
}
