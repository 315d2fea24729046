import Biometrics
import Foundation

/// Input checks shared by the write paths; each failure names the field and what was expected.
enum Validate {
    static func template(_ template: Template, for slot: SlotID) throws {
        guard template.modality == slot.modality else {
            throw TerminalStoreError.invalidInput(
                field: "template.modality", expected: "\(slot.modality.rawValue) (the slot's modality)",
                got: template.modality.rawValue)
        }
        guard !template.data.isEmpty else {
            throw TerminalStoreError.invalidInput(
                field: "template.data",
                expected: "non-empty template bytes (empty bytes mean a deletion: use commitSlotDeletion)",
                got: "0 bytes")
        }
        try algorithm(template.algorithm)
    }

    static func algorithm(_ algorithm: AlgorithmID) throws {
        guard !algorithm.rawValue.isEmpty else {
            throw TerminalStoreError.invalidInput(field: "algorithm", expected: "a non-empty algorithm id", got: "\"\"")
        }
    }

    static func operation(_ operation: PushedOperation?) throws {
        guard let operation else { return }
        guard !operation.operID.isEmpty else {
            throw TerminalStoreError.invalidInput(
                field: "oper_id", expected: "a non-empty operation id, or no operation for a local enrollment",
                got: "\"\"")
        }
    }

    static func limit(_ limit: Int, field: String = "limit", max: Int = 10_000) throws {
        guard (1...max).contains(limit) else {
            throw TerminalStoreError.invalidInput(field: field, expected: "1-\(max)", got: "\(limit)")
        }
    }
}

extension SlotID {
    /// The slot `index` of `modality`, or an `invalidInput` error naming the valid range.
    public static func validated(_ modality: Modality, _ index: Int) throws -> SlotID {
        guard let slot = SlotID(modality, index) else {
            throw TerminalStoreError.invalidInput(
                field: "slot",
                expected: "\(modality.slotRange.lowerBound)-\(modality.slotRange.upperBound) "
                    + "for \(modality.rawValue)", got: "\(index)")
        }
        return slot
    }
}
