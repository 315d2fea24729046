import Foundation
import Testing
import WeComDevice

@Suite struct PhotoFrameTests {
    private let photo = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 0xFF, 0xD9])
    private let limit = 1024

    /// Little-endian bytes of `value`.
    private func le(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// A frame built field by field, so each field can be broken on its own.
    private func frame(
        version: UInt32 = 1, reqIDLength: UInt32? = nil, reqID: [UInt8] = Array("req-1".utf8),
        dataLength: UInt32? = nil, data: [UInt8]? = nil, trailing: [UInt8] = []
    ) -> Data {
        let payload = data ?? Array(photo)
        return Data(
            le(version) + le(reqIDLength ?? UInt32(reqID.count)) + reqID + le(dataLength ?? UInt32(payload.count))
                + payload + trailing)
    }

    private func expectError(
        _ bytes: Data, _ expected: PhotoFrameError, field: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try PhotoFrame.decode(bytes, maxDataBytes: limit)
        }
        #expect(expected.description.hasPrefix(field), sourceLocation: sourceLocation)
    }

    @Test func decodesAWellFormedFrame() throws {
        let decoded = try PhotoFrame.decode(frame(), maxDataBytes: limit)
        #expect(decoded == PhotoFrame(reqID: "req-1", data: photo))
    }

    @Test func encodingMatchesTheSpecLayout() throws {
        let encoded = PhotoFrame(reqID: "req-1", data: photo).encoded()
        #expect(encoded == frame())
        #expect(Array(encoded.prefix(8)) == [1, 0, 0, 0, 5, 0, 0, 0])
        #expect(try PhotoFrame.decode(encoded, maxDataBytes: limit).data == photo)
    }

    @Test func decodesFromASliceWithANonZeroStartIndex() throws {
        let padded = Data([9, 9, 9]) + frame()
        let slice = padded[3...]
        #expect(try PhotoFrame.decode(slice, maxDataBytes: limit).data == photo)
    }

    @Test func truncatedHeaderFields() {
        expectError(
            Data(), .truncated(field: "format_version", offset: 0, needed: 4, available: 0), field: "format_version")
        expectError(
            Data([1, 0, 0]), .truncated(field: "format_version", offset: 0, needed: 4, available: 3),
            field: "format_version")
        expectError(
            Data(le(1) + [5, 0]), .truncated(field: "req_id_len", offset: 4, needed: 4, available: 2),
            field: "req_id_len")
        let shortReqID = Data(le(1) + le(5) + Array("req".utf8))
        expectError(shortReqID, .truncated(field: "req_id", offset: 8, needed: 5, available: 3), field: "req_id")
        let noDataLength = Data(le(1) + le(5) + Array("req-1".utf8) + [1])
        expectError(noDataLength, .truncated(field: "data_len", offset: 13, needed: 4, available: 1), field: "data_len")
    }

    @Test func dataShorterThanDeclared() {
        expectError(
            frame(dataLength: 20), .truncated(field: "data", offset: 17, needed: 20, available: photo.count),
            field: "data")
    }

    @Test func onlyFormatVersionOneIsRead() {
        expectError(frame(version: 2), .unsupportedFormatVersion(2), field: "format_version")
        expectError(frame(version: 0), .unsupportedFormatVersion(0), field: "format_version")
        expectError(frame(version: 0x0100_0000), .unsupportedFormatVersion(0x0100_0000), field: "format_version")
    }

    @Test func reqIDLengthMustBeOneTo256() {
        expectError(
            frame(reqIDLength: 0, reqID: []), .invalidLength(field: "req_id_len", value: 0, expected: "1-256"),
            field: "req_id_len")
        let long = [UInt8](repeating: 0x61, count: 257)
        expectError(
            frame(reqID: long), .invalidLength(field: "req_id_len", value: 257, expected: "1-256"), field: "req_id_len")
        expectError(
            frame(reqIDLength: .max), .invalidLength(field: "req_id_len", value: .max, expected: "1-256"),
            field: "req_id_len")
        #expect(throws: Never.self) { try PhotoFrame.decode(frame(reqID: Array(long.dropLast())), maxDataBytes: limit) }
    }

    @Test func reqIDMustBeUTF8() {
        expectError(frame(reqID: [0x72, 0xFF, 0xFE]), .reqIDNotUTF8, field: "req_id")
    }

    @Test func dataLengthLimits() {
        expectError(
            frame(dataLength: 0, data: []), .invalidLength(field: "data_len", value: 0, expected: "at least 1 byte"),
            field: "data_len")
        let big = [UInt8](repeating: 7, count: limit + 1)
        expectError(frame(data: big), .dataTooLarge(declared: UInt32(limit + 1), limit: limit), field: "data_len")
        // A huge declared length is refused before any allocation or read.
        expectError(frame(dataLength: .max), .dataTooLarge(declared: .max, limit: limit), field: "data_len")
        let exact = [UInt8](repeating: 7, count: limit)
        #expect(throws: Never.self) { try PhotoFrame.decode(frame(data: exact), maxDataBytes: limit) }
    }

    @Test func bytesAfterTheDataAreRefused() {
        expectError(frame(trailing: [0]), .trailingBytes(count: 1), field: "frame")
        expectError(frame(trailing: [0, 0, 0, 0]), .trailingBytes(count: 4), field: "frame")
    }

    @Test func reqIDOfAMalformedFrameNeedsAnIntactHeader() {
        #expect(PhotoFrame.reqID(ofPossiblyMalformed: frame(dataLength: 99)) == "req-1")
        #expect(PhotoFrame.reqID(ofPossiblyMalformed: frame(trailing: [1])) == "req-1")
        #expect(PhotoFrame.reqID(ofPossiblyMalformed: frame(version: 2)) == nil)
        #expect(PhotoFrame.reqID(ofPossiblyMalformed: Data(le(1) + le(5) + Array("req".utf8))) == nil)
        #expect(PhotoFrame.reqID(ofPossiblyMalformed: Data()) == nil)
    }

    @Test func everyPrefixOfAValidFrameFailsWithoutCrashing() {
        let valid = frame()
        for length in 0..<valid.count {
            do {
                _ = try PhotoFrame.decode(valid.prefix(length), maxDataBytes: limit)
                Issue.record("a \(length)-byte prefix decoded")
            } catch {
                guard case .truncated = error else {
                    Issue.record("prefix \(length): expected a truncation error, got \(error)")
                    continue
                }
            }
        }
    }
}
