import Foundation
import MinutiaeTesting
import Testing

@testable import Minutiae

@Suite("ISO record round trips")
struct ISORecordRoundTripTests {
    static func unit(_ units: Int) -> Double { Double(units) * 2 * .pi / 256 }

    static let record = ISOMinutiaeRecord(
        captureEquipmentCompliance: 0x8, captureEquipmentID: 0xABC, width: 388, height: 374,
        xResolution: 197, yResolution: 196,
        views: [
            FingerView(
                fingerPosition: 2, viewNumber: 0, impressionType: 0, fingerQuality: 80,
                minutiae: [
                    Minutia(kind: .ending, x: 0, y: 0, angle: unit(0), quality: 0),
                    Minutia(kind: .bifurcation, x: 16383, y: 16383, angle: unit(255), quality: 100),
                    Minutia(kind: .other, x: 120, y: 201, angle: unit(64), quality: 57),
                ]),
            FingerView(fingerPosition: 2, viewNumber: 1, impressionType: 8, fingerQuality: 0, minutiae: []),
            FingerView(
                fingerPosition: 10, viewNumber: 15, impressionType: 3, fingerQuality: 100,
                minutiae: [
                    Minutia(kind: .ending, x: 300, y: 12, angle: unit(200), quality: 99)
                ]),
        ])

    @Test func everyFieldSurvivesWriteThenRead() throws {
        let data = try Self.record.isoData()
        #expect(data.count == 24 + (4 + 18 + 2) + (4 + 2) + (4 + 6 + 2))
        #expect(try ISOMinutiaeRecord(isoData: data) == Self.record)
    }

    @Test func headerBytesFollowTheStandardLayout() throws {
        let bytes = [UInt8](try Self.record.isoData())
        #expect(Array(bytes[0..<8]) == [0x46, 0x4D, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00])
        #expect(Array(bytes[8..<12]) == [0, 0, 0, UInt8(bytes.count)])
        #expect(Array(bytes[12..<14]) == [0x8A, 0xBC])
        #expect(Array(bytes[14..<18]) == [0x01, 0x84, 0x01, 0x76])  // 388 × 374
        #expect(Array(bytes[22..<24]) == [3, 0])
        // first view: position 2, view 0 / impression 0, quality 80, 3 minutiae; second minutia 10|16383
        #expect(Array(bytes[24..<28]) == [2, 0x00, 80, 3])
        #expect(Array(bytes[34..<40]) == [0xBF, 0xFF, 0x3F, 0xFF, 255, 100])
    }

    @Test func trailingZeroPaddingAfterTheRecordLengthIsIgnored() throws {
        let data = try Self.record.isoData() + Data(repeating: 0, count: 121)
        #expect(try ISOMinutiaeRecord(isoData: data) == Self.record)
    }

    @Test func extendedDataIsSkipped() throws {
        var bytes = [UInt8](
            try ISOMinutiaeRecord(
                width: 10, height: 10,
                views: [
                    FingerView(
                        viewNumber: 0, fingerQuality: 50,
                        minutiae: [Minutia(kind: .ending, x: 1, y: 2, angle: 0, quality: 3)])
                ]
            ).isoData())
        // replace the zero extended-data length with one 5-byte area (type 0x0144, length 5, 1 byte of data)
        bytes.removeLast(2)
        bytes += [0x00, 0x05, 0x01, 0x44, 0x00, 0x05, 0x97]
        bytes[11] = UInt8(bytes.count)
        let record = try ISOMinutiaeRecord(isoData: Data(bytes))
        #expect(record.views.count == 1)
        #expect(record.views[0].minutiae == [Minutia(kind: .ending, x: 1, y: 2, angle: 0, quality: 3)])
    }

    @Test func minutiaeSetsBecomeViewsAndBack() throws {
        let sets = (0..<3).map { MinutiaeTestData.syntheticSet(seed: UInt64($0), count: 20 + $0) }
        let record = ISOMinutiaeRecord(sets: sets, fingerPosition: 7)
        let back = try ISOMinutiaeRecord(isoData: record.isoData())
        #expect(back.views.map(\.viewNumber) == [0, 1, 2])
        #expect(back.views.allSatisfy { $0.fingerPosition == 7 })
        let restored = back.minutiaeSets
        #expect(restored.count == 3)
        for (original, copy) in zip(sets, restored) {
            #expect(copy.width == original.width && copy.height == original.height)
            #expect(copy.pixelsPerCentimetre == MinutiaeSet.standardResolution)
            #expect(copy.minutiae.map(\.x) == original.minutiae.map(\.x))
            #expect(copy.minutiae.map(\.kind) == original.minutiae.map(\.kind))
            for (a, b) in zip(original.minutiae, copy.minutiae) {
                #expect(abs(a.angle - b.angle) < 1e-9)  // synthetic angles are whole ISO units
            }
        }
    }

    @Test func anglesAreQuantisedToTheNearestUnitAndWrap() throws {
        let angles = [0.01, 2 * .pi - 0.001, .pi / 2 + 0.011, -0.1]
        let set = MinutiaeSet(
            width: 50, height: 50, quality: 1,
            minutiae: angles.map {
                Minutia(kind: .ending, x: 1, y: 1, angle: $0, quality: 0)
            })
        let back = try ISOMinutiaeRecord(isoData: ISOMinutiaeRecord(sets: [set]).isoData()).minutiaeSets[0]
        let units = back.minutiae.map { Int(($0.angle * 256 / (2 * .pi)).rounded()) }
        #expect(units == [0, 0, 64, 252])
    }
}
