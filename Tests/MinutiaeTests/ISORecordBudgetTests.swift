import Biometrics
import Foundation
import Testing

@testable import Minutiae

/// Crafted records against `ISORecordBudget`: each is refused with the budget it exceeds, before the
/// reader builds anything from it, and the writer never produces one.
@Suite("ISO record: budget")
struct ISORecordBudgetTests {
    /// As much as the format allows.
    static let unlimited = ISORecordBudget(maxRecordBytes: .max, maxViews: 255, maxMinutiae: .max)
    static let minutia = Minutia(kind: .ending, x: 100, y: 120, angle: 1, quality: 60)

    /// `views` views of `minutiae` minutiae each.
    static func record(views: Int, minutiae: Int) -> ISOMinutiaeRecord {
        ISOMinutiaeRecord(
            width: 256, height: 288,
            views: (0..<views).map { index in
                FingerView(
                    viewNumber: index & 0x0F, fingerQuality: 50,
                    minutiae: Array(repeating: minutia, count: minutiae))
            })
    }

    static func parse(_ data: Data, _ budget: ISORecordBudget = .default) -> ISORecordError? {
        do {
            _ = try ISOMinutiaeRecord(isoData: data, budget: budget)
            return nil
        } catch {
            return error
        }
    }

    static func write(_ record: ISOMinutiaeRecord, _ budget: ISORecordBudget = .default) -> ISORecordError? {
        do {
            _ = try record.isoData(budget: budget)
            return nil
        } catch {
            return error
        }
    }

    /// `bytes` with the record length field (offset 8) set to `length`.
    static func withLength(_ bytes: [UInt8], _ length: UInt32) -> [UInt8] {
        var copy = bytes
        copy[8..<12] = [
            UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF),
        ]
        return copy
    }

    @Test("255 views × 255 minutiae is refused by size, then by views, then by minutiae, whichever budget binds")
    func viewsTimesMinutiaeBomb() throws {
        let bomb = try Self.record(views: 255, minutiae: 255).isoData(budget: Self.unlimited)
        #expect(bomb.count == 24 + 255 * (4 + 255 * 6 + 2))
        #expect(Self.parse(bomb) == .recordTooLarge(bytes: bomb.count, limit: 65_536))
        let roomy = ISORecordBudget(maxRecordBytes: 1 << 20, maxViews: 16, maxMinutiae: 2048)
        #expect(Self.parse(bomb, roomy) == .tooManyViews(count: 255, limit: 16))
        let manyViews = ISORecordBudget(maxRecordBytes: 1 << 20, maxViews: 255, maxMinutiae: 2048)
        #expect(Self.parse(bomb, manyViews) == .tooManyMinutiae(view: 9, total: 9 * 255, limit: 2048))
        #expect(Self.parse(bomb, Self.unlimited) == nil, "the crafted record is otherwise valid")
        #expect(
            String(describing: ISORecordError.tooManyViews(count: 255, limit: 16))
                == "ISO number of finger views: expected at most 16 (record budget), found 255")
    }

    @Test("the default budget's edge: 16 views of 128 minutiae are read; one view or one minutia more is refused")
    func budgetEdge() throws {
        let edge = try Self.record(views: 16, minutiae: 128).isoData()
        #expect(try ISOMinutiaeRecord(isoData: edge).views.count == 16)
        let moreViews = try Self.record(views: 17, minutiae: 1).isoData(budget: Self.unlimited)
        #expect(Self.parse(moreViews) == .tooManyViews(count: 17, limit: 16))
        var oneMore = Self.record(views: 16, minutiae: 128)
        oneMore.views[15].minutiae.append(Self.minutia)
        #expect(
            Self.parse(try oneMore.isoData(budget: Self.unlimited))
                == .tooManyMinutiae(view: 16, total: 2049, limit: 2048))
    }

    @Test("the writer never produces a record the reader would refuse")
    func writerKeepsTheBudget() {
        #expect(Self.write(Self.record(views: 17, minutiae: 0)) == .tooManyViews(count: 17, limit: 16))
        #expect(
            Self.write(Self.record(views: 16, minutiae: 129))
                == .tooManyMinutiae(view: 16, total: 16 * 129, limit: 2048))
        let small = ISORecordBudget(maxRecordBytes: 100, maxViews: 16, maxMinutiae: 2048)
        #expect(Self.write(Self.record(views: 1, minutiae: 20), small) == .recordTooLarge(bytes: 150, limit: 100))
    }

    @Test("record length fields that lie: past the data, hiding a second record, padding past the budget")
    func lyingLengths() throws {
        let valid = [UInt8](try Self.record(views: 2, minutiae: 3).isoData())
        #expect(
            Self.parse(Data(Self.withLength(valid, 0xFFFF_FFFF)))
                == .recordLengthOutOfBounds(declared: 0xFFFF_FFFF, minimum: 24, available: valid.count))
        #expect(
            Self.parse(Data(valid + valid)) == .nonZeroPadding(offset: valid.count, recordLength: valid.count))
        #expect(
            Self.parse(Data(valid + [0, 0, 0, 1]))
                == .nonZeroPadding(offset: valid.count + 3, recordLength: valid.count))
        let padded = valid + [UInt8](repeating: 0, count: 70_000 - valid.count)
        #expect(Self.parse(Data(padded)) == .recordTooLarge(bytes: 70_000, limit: 65_536))
        #expect(
            Self.parse(Data(Self.withLength(padded, UInt32(valid.count))))
                == .recordTooLarge(bytes: 70_000, limit: 65_536))
    }

    @Test("extended data blocks with huge lengths: missing, past the budget, or really there and skipped")
    func extendedData() throws {
        // One view, one minutia: the extended data length is the record's last two bytes (offsets 34-35).
        let base = [UInt8](try Self.record(views: 1, minutiae: 1).isoData())
        #expect(base.count == 36)
        var claimed = base
        claimed[34] = 0xFF
        claimed[35] = 0xFF
        #expect(
            Self.parse(Data(claimed))
                == .truncated(field: "view 1 extended data", offset: 36, needed: 0xFFFF, available: 0))
        let full = Self.withLength(claimed, 36 + 0xFFFF) + [UInt8](repeating: 0xAB, count: 0xFFFF)
        #expect(Self.parse(Data(full)) == .recordTooLarge(bytes: 36 + 0xFFFF, limit: 65_536))
        var fitting = base
        fitting[34] = UInt8(60_000 >> 8)
        fitting[35] = UInt8(60_000 & 0xFF)
        fitting = Self.withLength(fitting, 36 + 60_000) + [UInt8](repeating: 0xAB, count: 60_000)
        let record = try ISOMinutiaeRecord(isoData: Data(fitting))
        #expect(record.views.map(\.minutiae.count) == [1])
    }

    @Test("an over-budget template is an invalid record for the matcher, naming the budget")
    func matcherRefusesABomb() async throws {
        let bomb = try Self.record(views: 17, minutiae: 10).isoData(budget: Self.unlimited)
        let fine = try Self.record(views: 1, minutiae: 10).isoData()
        let probe = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: bomb)
        let reference = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: fine)
        await #expect(
            throws: ISOTemplateMatcherError.invalidRecord(role: "probe", .tooManyViews(count: 17, limit: 16))
        ) {
            _ = try await ISOTemplateMatcher().score(probe, reference)
        }
    }
}
