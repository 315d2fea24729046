import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import ISOFingerprint
import Minutiae
import Testing

@Suite("ISO samples within the record budget")
struct ISOSampleBudgetTests {
    @Test("a sample record past the budget (255 views × 255 minutiae) is a device fault naming the budget")
    func bombSample() async throws {
        let minutia = Minutia(kind: .ending, x: 10, y: 10, angle: 0, quality: 50)
        let bomb = ISOMinutiaeRecord(
            width: 256, height: 288,
            views: (0..<255).map {
                FingerView(viewNumber: $0 & 0x0F, fingerQuality: 50, minutiae: Array(repeating: minutia, count: 255))
            })
        let unlimited = ISORecordBudget(maxRecordBytes: .max, maxViews: 255, maxMinutiae: .max)
        let features = [UInt8](try bomb.isoData(budget: unlimited))
        let reader = ISOFingerprintReader(module: ZFMModule(link: InProcessLinkPair().host))
        let why = ISORecordError.recordTooLarge(bytes: features.count, limit: ISORecordBudget.default.maxRecordBytes)
        await #expect(
            throws: FingerprintReaderError.deviceFault("sample 1: not a minutiae record from this reader: \(why)")
        ) {
            _ = try await reader.enrollTemplate(from: [FingerSample(features: features, quality: 50)])
        }
    }
}
