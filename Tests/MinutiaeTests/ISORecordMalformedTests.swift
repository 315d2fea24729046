import Foundation
import Testing

@testable import Minutiae

@Suite("ISO record: malformed input")
struct ISORecordMalformedTests {
    /// A valid two-view record: view 1 has 2 minutiae (bytes 28-39), view 2 has 1 (bytes 46-51).
    static func validBytes() throws -> [UInt8] {
        let record = ISOMinutiaeRecord(
            width: 300, height: 400,
            views: [
                FingerView(
                    viewNumber: 0, fingerQuality: 70,
                    minutiae: [
                        Minutia(kind: .ending, x: 10, y: 20, angle: 1, quality: 50),
                        Minutia(kind: .bifurcation, x: 30, y: 40, angle: 2, quality: 60),
                    ]),
                FingerView(
                    viewNumber: 1, fingerQuality: 71,
                    minutiae: [
                        Minutia(kind: .ending, x: 11, y: 21, angle: 3, quality: 51)
                    ]),
            ])
        return [UInt8](try record.isoData())
    }

    static func parse(_ bytes: [UInt8]) -> ISORecordError? {
        do {
            _ = try ISOMinutiaeRecord(isoData: Data(bytes))
            return nil
        } catch {
            return error
        }
    }

    static func withLength(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var copy = bytes
        copy[8] = UInt8(length >> 24 & 0xFF)
        copy[9] = UInt8(length >> 16 & 0xFF)
        copy[10] = UInt8(length >> 8 & 0xFF)
        copy[11] = UInt8(length & 0xFF)
        return copy
    }

    @Test func validBytesParse() throws {
        #expect(Self.parse(try Self.validBytes()) == nil)
    }

    @Test func emptyAndShortHeadersAreTruncated() {
        #expect(Self.parse([]) == .truncated(field: "format identifier", offset: 0, needed: 4, available: 0))
        #expect(
            Self.parse([0x46, 0x4D, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00, 0, 0])
                == .truncated(field: "record length", offset: 8, needed: 4, available: 2))
    }

    @Test func badFormatIdentifier() throws {
        var bytes = try Self.validBytes()
        bytes[0] = 0x46
        bytes[1] = 0x49
        bytes[2] = 0x52  // "FIR"
        #expect(Self.parse(bytes) == .badFormatIdentifier(found: [0x46, 0x49, 0x52, 0x00]))
        #expect(String(describing: Self.parse(bytes)!).contains("46 49 52 00"))
    }

    @Test func badVersion() throws {
        var bytes = try Self.validBytes()
        bytes[5] = 0x33  // " 30\0", the 2011 edition
        #expect(Self.parse(bytes) == .unsupportedVersion(found: [0x20, 0x33, 0x30, 0x00]))
    }

    @Test func recordLengthBeyondTheData() throws {
        let bytes = try Self.validBytes()
        #expect(
            Self.parse(Self.withLength(bytes, bytes.count + 1))
                == .recordLengthOutOfBounds(declared: bytes.count + 1, minimum: 24, available: bytes.count))
        #expect(
            Self.parse(Self.withLength(bytes, 12))
                == .recordLengthOutOfBounds(declared: 12, minimum: 24, available: bytes.count))
    }

    @Test func recordLengthLongerThanTheViews() throws {
        let bytes = try Self.validBytes() + [0, 0, 0]
        #expect(
            Self.parse(Self.withLength(bytes, bytes.count))
                == .recordLengthMismatch(declared: bytes.count, parsedEnd: bytes.count - 3))
    }

    @Test func recordLengthCuttingTheLastView() throws {
        let bytes = try Self.validBytes()
        // The length ends the record inside view 2's extended data length.
        #expect(
            Self.parse(Self.withLength(bytes, bytes.count - 1))
                == .truncated(
                    field: "view 2 extended data block length", offset: bytes.count - 2, needed: 2, available: 1))
    }

    @Test func truncatedFileInsideAMinutia() throws {
        let bytes = Array(try Self.validBytes().prefix(36))
        #expect(
            Self.parse(Self.withLength(bytes, 36))
                == .minutiaeBeyondRecord(view: 1, count: 2, offset: 28, recordEnd: 36))
    }

    @Test func minutiaCountPastTheEnd() throws {
        var bytes = try Self.validBytes()
        bytes[27] = 200
        #expect(Self.parse(bytes) == .minutiaeBeyondRecord(view: 1, count: 200, offset: 28, recordEnd: bytes.count))
    }

    @Test func minutiaCountTooSmall() throws {
        var bytes = try Self.validBytes()
        bytes[27] = 1  // view 1 now claims one minutia; the second (bifurcation, x 30) becomes its extended data length
        #expect(
            Self.parse(bytes)
                == .truncated(
                    field: "view 1 extended data", offset: 36, needed: 0x801E,
                    available: bytes.count - 36))
    }

    @Test func reservedMinutiaTypeBits() throws {
        var bytes = try Self.validBytes()
        bytes[34] |= 0xC0  // second minutia of view 1: type 11
        #expect(
            Self.parse(bytes)
                == .invalidField(
                    field: "view 1 minutia 2 type", offset: 34,
                    expected: "00 other, 01 ending or 10 bifurcation", found: 3))
    }

    @Test func minutiaQualityAbove100() throws {
        var bytes = try Self.validBytes()
        bytes[33] = 101
        #expect(
            Self.parse(bytes)
                == .invalidField(
                    field: "view 1 minutia 1 quality", offset: 33,
                    expected: "0-100", found: 101))
    }

    @Test func viewHeaderFields() throws {
        var bytes = try Self.validBytes()
        bytes[24] = 11
        #expect(
            Self.parse(bytes) == .invalidField(field: "view 1 finger position", offset: 24, expected: "0-10", found: 11)
        )
        bytes = try Self.validBytes()
        bytes[25] = 0x05
        #expect(
            Self.parse(bytes)
                == .invalidField(
                    field: "view 1 impression type", offset: 25,
                    expected: "0, 1, 2, 3 or 8", found: 5))
        bytes = try Self.validBytes()
        bytes[26] = 101
        #expect(
            Self.parse(bytes)
                == .invalidField(field: "view 1 finger quality", offset: 26, expected: "0-100", found: 101))
    }

    @Test func headerFields() throws {
        var bytes = try Self.validBytes()
        bytes[22] = 0
        #expect(
            Self.parse(bytes) == .invalidField(field: "number of finger views", offset: 22, expected: "1-255", found: 0)
        )
        bytes = try Self.validBytes()
        bytes[18] = 0
        bytes[19] = 0
        #expect(
            Self.parse(bytes)
                == .invalidField(field: "x resolution", offset: 18, expected: "pixels per cm > 0", found: 0))
        bytes = try Self.validBytes()
        bytes[22] = 3  // a third view that is not there
        #expect(
            Self.parse(bytes)
                == .truncated(field: "view 3 finger position", offset: bytes.count, needed: 1, available: 0))
    }

    @Test func extendedDataPastTheEnd() throws {
        var bytes = try Self.validBytes()
        bytes[bytes.count - 1] = 9  // view 2 claims 9 bytes of extended data
        #expect(
            Self.parse(bytes) == .truncated(field: "view 2 extended data", offset: bytes.count, needed: 9, available: 0)
        )
    }

    @Test func everyTruncationFailsWithoutCrashing() throws {
        let bytes = try Self.validBytes()
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(Self.parse(prefix) != nil)
            if length >= 12 { #expect(Self.parse(Self.withLength(prefix, length)) != nil) }
        }
    }

    @Test func writerRejectsValuesThatDoNotFit() {
        func failure(_ record: ISOMinutiaeRecord) -> ISORecordError? {
            do {
                _ = try record.isoData()
                return nil
            } catch { return error }
        }
        let view = FingerView(viewNumber: 0, fingerQuality: 50, minutiae: [])
        #expect(
            failure(ISOMinutiaeRecord(width: 70_000, height: 10, views: [view]))
                == .valueOutOfRange(field: "image width", expected: "0-65535", found: 70_000))
        #expect(
            failure(ISOMinutiaeRecord(width: 10, height: 10, views: []))
                == .valueOutOfRange(field: "number of finger views", expected: "1-255", found: 0))
        #expect(
            failure(
                ISOMinutiaeRecord(
                    width: 10, height: 10,
                    views: [
                        FingerView(
                            viewNumber: 0, fingerQuality: 50,
                            minutiae: [Minutia(kind: .ending, x: -1, y: 0, angle: 0, quality: 0)])
                    ])) == .valueOutOfRange(field: "view 1 minutia 1 x", expected: "0-16383", found: -1))
        #expect(
            failure(
                ISOMinutiaeRecord(
                    width: 10, height: 10,
                    views: [
                        FingerView(viewNumber: 16, fingerQuality: 50, minutiae: [])
                    ])) == .valueOutOfRange(field: "view 1 view number", expected: "0-15", found: 16))
        #expect(
            failure(
                ISOMinutiaeRecord(
                    width: 10, height: 10,
                    views: [
                        FingerView(
                            viewNumber: 0, fingerQuality: 50,
                            minutiae: [Minutia(kind: .ending, x: 1, y: 1, angle: .nan, quality: 0)])
                    ])) == .nonFiniteAngle(field: "view 1 minutia 1 angle"))
        #expect(
            failure(
                ISOMinutiaeRecord(
                    width: 10, height: 10,
                    views: [
                        FingerView(
                            viewNumber: 0, fingerQuality: 50,
                            minutiae: Array(
                                repeating:
                                    Minutia(kind: .ending, x: 1, y: 1, angle: 0, quality: 0), count: 256))
                    ])) == .valueOutOfRange(field: "view 1 number of minutiae", expected: "0-255", found: 256))
    }
}
