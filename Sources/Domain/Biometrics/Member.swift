/// A WeCom member id: 1-128 bytes of UTF-8. Visitors use the `UserId/agentid` form.
public struct UserID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public static let maxBytes = 128

    public init(_ rawValue: String) throws(MemberValidationError) {
        let count = rawValue.utf8.count
        guard count >= 1, count <= Self.maxBytes else {
            throw .useridLength(count)
        }
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: UserID, rhs: UserID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// `user_type`: 0 employee, 1 visitor, 2 student.
public enum UserType: Int, Sendable, Hashable, Codable, CaseIterable {
    case employee = 0
    case visitor = 1
    case student = 2
}

/// A member as the terminal knows it.
public struct Member: Hashable, Sendable, Codable {
    public var userid: UserID
    public var userType: UserType
    public var name: String

    public init(userid: UserID, userType: UserType = .employee, name: String = "") {
        self.userid = userid
        self.userType = userType
        self.name = name
    }
}

public enum MemberValidationError: Error, Equatable, CustomStringConvertible {
    case useridLength(Int)
    case unknownUserType(Int)

    public var description: String {
        switch self {
        case .useridLength(let n): "userid: expected 1-\(UserID.maxBytes) bytes of UTF-8, got \(n)"
        case .unknownUserType(let n): "user_type: expected 0 (employee), 1 (visitor) or 2 (student), got \(n)"
        }
    }
}
