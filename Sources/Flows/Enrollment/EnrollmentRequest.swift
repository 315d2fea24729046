import Biometrics

/// A request to enroll one template of one member.
public struct EnrollmentRequest: Sendable, Hashable {
    /// Where the request came from.
    public enum Origin: Sendable, Hashable {
        /// `push_enter_page` from the cloud; the result is reported with this `oper_id`.
        case cloud(operID: String)
        /// An operator on the terminal; `slot` names the slot to (re)fill, nil means lowest free.
        case local(slot: SlotID?)
    }

    public let origin: Origin
    public let userid: UserID
    /// The push's `user_type` for cloud requests; local requests use the stored member's type.
    public let userType: UserType
    public let modality: Modality

    /// A cloud request (`push_enter_page`).
    public static func cloud(
        operID: String, userid: UserID, userType: UserType, modality: Modality
    ) throws(EnrollmentRequestError) -> EnrollmentRequest {
        guard !operID.isEmpty else { throw .emptyOperID }
        return EnrollmentRequest(origin: .cloud(operID: operID), userid: userid, userType: userType, modality: modality)
    }

    /// A local request from the terminal's operator, optionally naming a slot (0-9 fingerprint, 0-11 face).
    public static func local(
        userid: UserID, modality: Modality, slot: Int? = nil
    ) throws(EnrollmentRequestError) -> EnrollmentRequest {
        var named: SlotID?
        if let slot {
            guard let id = SlotID(modality, slot) else { throw .slotOutOfRange(modality, slot) }
            named = id
        }
        return EnrollmentRequest(origin: .local(slot: named), userid: userid, userType: .employee, modality: modality)
    }

    /// `oper_id` of a cloud request, nil for a local one.
    public var operID: String? {
        if case .cloud(let id) = origin { id } else { nil }
    }
}

/// A malformed enrollment request.
public enum EnrollmentRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyOperID
    case slotOutOfRange(Modality, Int)

    public var description: String {
        switch self {
        case .emptyOperID:
            "oper_id: expected a non-empty string"
        case .slotOutOfRange(let m, let n):
            "slot: expected \(m.slotRange.lowerBound)-\(m.slotRange.upperBound) for \(m.rawValue), got \(n)"
        }
    }
}
