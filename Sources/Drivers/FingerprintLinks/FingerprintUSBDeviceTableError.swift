/// Why a configured device-table entry ("vvvv:pppp=kind") was rejected.
public enum FingerprintUSBDeviceTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The entry has no "=" separating the id from the link kind.
    case missingKind(entry: String)
    /// The id part is not "vvvv:pppp".
    case malformedID(entry: String, idPart: String)
    /// The vendor field is not 1-4 hex digits.
    case invalidVendor(entry: String, field: String)
    /// The product field is not 1-4 hex digits.
    case invalidProduct(entry: String, field: String)
    /// The link kind is not one of the known kinds.
    case unknownKind(entry: String, kind: String)

    public var description: String {
        let kinds = FingerprintUSBLinkKind.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .missingKind(let entry):
            return "device table entry \"\(entry)\": expected \"vvvv:pppp=kind\" but found no \"=kind\""
        case .malformedID(let entry, let idPart):
            return
                "device table entry \"\(entry)\": id \"\(idPart)\" must be \"vvvv:pppp\" (two hex numbers joined by \":\")"
        case .invalidVendor(let entry, let field):
            return "device table entry \"\(entry)\": vendor id \"\(field)\" must be 1 to 4 hex digits"
        case .invalidProduct(let entry, let field):
            return "device table entry \"\(entry)\": product id \"\(field)\" must be 1 to 4 hex digits"
        case .unknownKind(let entry, let kind):
            return "device table entry \"\(entry)\": link kind \"\(kind)\" is not one of \(kinds)"
        }
    }
}
