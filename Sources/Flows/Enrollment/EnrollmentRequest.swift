import Biometrics

/// A request to enroll one template of one member.
public struct EnrollmentRequest: Sendable, Hashable {
    /// Where the request came from.
    public enum Origin: Sendable, Hashable {
        /// `push_enter_page` from the cloud; the result is reported with this `oper_id`.
        case cloud(operID: String)
        /// An operator on the terminal; `slot` names the slot to (re)fill, nil means lowest free.
        case local(slot: SlotID?)
        /// The photos of a `push_user_face` left after an earlier photo answered `answered`: their
        /// templates fill their slots as plain uploads (no `oper_id`), and their failures are not sent.
        case remainingPhotos(answered: String)
    }

    /// Where the template comes from.
    public enum Source: Sendable, Hashable {
        /// The installed sensor of the modality (fingerprint reader, camera).
        case sensor
        /// The photos of a `push_user_face`, each fetched and analysed in turn.
        case photos([EnrollmentPhoto])
    }

    public let origin: Origin
    public let userid: UserID
    /// The push's `user_type` for cloud requests; local requests use the stored member's type.
    public let userType: UserType
    public let modality: Modality
    public let source: Source

    init(origin: Origin, userid: UserID, userType: UserType, modality: Modality, source: Source = .sensor) {
        self.origin = origin
        self.userid = userid
        self.userType = userType
        self.modality = modality
        self.source = source
    }

    /// A cloud request (`push_enter_page`).
    public static func cloud(
        operID: String, userid: UserID, userType: UserType, modality: Modality
    ) throws(EnrollmentRequestError) -> EnrollmentRequest {
        guard !operID.isEmpty else { throw .emptyOperID }
        return EnrollmentRequest(origin: .cloud(operID: operID), userid: userid, userType: userType, modality: modality)
    }

    /// A cloud photo request (`push_user_face`): a face enrollment from `photos`, in their order.
    public static func photos(
        operID: String, userid: UserID, userType: UserType, photos: [EnrollmentPhoto]
    ) throws(EnrollmentRequestError) -> EnrollmentRequest {
        guard !operID.isEmpty else { throw .emptyOperID }
        return EnrollmentRequest(
            origin: .cloud(operID: operID), userid: userid, userType: userType, modality: .face,
            source: .photos(photos))
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

    /// `oper_id` of a cloud request, nil for a local one and for the remaining photos of an answered push.
    public var operID: String? {
        if case .cloud(let id) = origin { id } else { nil }
    }

    /// The `oper_id` a photo of the same push already answered, for the remaining photos.
    public var answeredOperID: String? {
        if case .remainingPhotos(let id) = origin { id } else { nil }
    }
}

/// One photo of a `push_user_face`: the face slot it fills (its `id`, checked when its turn comes)
/// and the `media_id` to fetch it with.
public struct EnrollmentPhoto: Sendable, Hashable {
    /// The push's `id`; a value outside the face slots 0-11 fails that photo with 104.
    public let slotIndex: Int
    public let mediaID: String

    public init(slotIndex: Int, mediaID: String) {
        self.slotIndex = slotIndex
        self.mediaID = mediaID
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
