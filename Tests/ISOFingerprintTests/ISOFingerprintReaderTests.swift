import Biometrics
import FingerprintModuleSim
import Foundation
import ISOFingerprint
import Minutiae
import Testing

@Suite("ISO templates from the module's images", .enabled(if: sharedDataPresent, "needs ../shared/data/fingerprints"))
struct ISOFingerprintReaderTests {
    @Test("three presses of one finger give one ISO record with three views that matches a fourth press")
    func enrollAndVerify() async throws {
        try await ISORig.run { rig in
            var samples: [FingerSample] = []
            for impression in 1...3 { samples.append(try await rig.sample(try fvcFinger(101, impression))) }
            for sample in samples {
                let record = try ISOMinutiaeRecord(isoData: Data(sample.features))
                #expect(record.views.count == 1)
                #expect(
                    (8...120).contains(record.views[0].minutiae.count), "\(record.views[0].minutiae.count) minutiae")
            }
            let template = try await rig.reader.enrollTemplate(from: samples)
            #expect(template.algorithm == .isoMinutiae)
            let record = try ISOMinutiaeRecord(isoData: template.data)
            #expect(record.views.count == 3)
            #expect(record.width == 256 && record.height == 288)

            let probe = try await rig.reader.enrollTemplate(from: [try await rig.sample(try fvcFinger(101, 6))])
            let other = try await rig.reader.enrollTemplate(from: [try await rig.sample(try fvcFinger(102, 6))])
            let matcher = ISOTemplateMatcher()
            #expect(try await matcher.matches(probe, template))
            #expect(!(try await matcher.matches(other, template)))
        }
    }

    @Test("presses of different fingers are refused as not the same finger (104)")
    func differentFingers() async throws {
        try await ISORig.run { rig in
            let samples = [
                try await rig.sample(try fvcFinger(103, 1)), try await rig.sample(try fvcFinger(103, 2)),
                try await rig.sample(try fvcFinger(104, 1)),
            ]
            await #expect(throws: FingerprintReaderError.samplesDoNotMatch) {
                _ = try await rig.reader.enrollTemplate(from: samples)
            }
        }
    }

    @Test("4-bit images over a UART link still give matching templates")
    func fourBitImages() async throws {
        try await ISORig.run(uart: true) { rig in
            let enrolled = try await rig.reader.enrollTemplate(from: [
                try await rig.sample(try fvcFinger(105, 1)), try await rig.sample(try fvcFinger(105, 2)),
            ])
            let probe = try await rig.reader.enrollTemplate(from: [try await rig.sample(try fvcFinger(105, 7))])
            #expect(try await ISOTemplateMatcher().matches(probe, enrolled))
        }
    }

    @Test("a featureless press is a retry hint, not a sample")
    func blankPress() async throws {
        try await ISORig.run { rig in
            let blank = try SimulatedFinger(imageFile: try flatImageFile())
            let captured = try await rig.press(blank)
            #expect(captured == .retry(.noFinger) || captured == .retry(.tooFewFeatures), "\(captured)")
        }
    }

    @Test("a sample that is not a minutiae record is a device fault, not a crash")
    func foreignSample() async throws {
        try await ISORig.run { rig in
            await #expect(throws: FingerprintReaderError.self) {
                _ = try await rig.reader.enrollTemplate(from: [FingerSample(features: [1, 2, 3], quality: 50)])
            }
        }
    }

    /// A uniform grey PGM the size of the sensor.
    private func flatImageFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flat-\(UUID().uuidString).pgm")
        var data = Data("P5\n256 288\n255\n".utf8)
        data.append(contentsOf: [UInt8](repeating: 180, count: 256 * 288))
        try data.write(to: url)
        return url
    }
}
