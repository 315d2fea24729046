/// Errors of the simulator's admin operations (Swift API and admin HTTP API).
public enum CloudSimError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An input field is missing or invalid; `expected` says what was expected.
    case invalidField(field: String, expected: String)
    case unknownDevice(sn: String)
    case deviceAlreadyExists(sn: String)
    case unknownMember(userid: String)
    /// A rename target or a new visitor id is taken.
    case memberAlreadyExists(userid: String)
    case unknownOperation(operID: String)
    /// The device has no logged-in connection, so a push cannot be delivered.
    case deviceOffline(sn: String)
    case deviceNotBound(sn: String)
    case operationNotPending(operID: String, status: CloudOperationStatus)
    case timedOut(operID: String)
    case alreadyRunning
    case serverFailedToStart

    public var description: String {
        switch self {
        case .invalidField(let field, let expected): "field \(field): expected \(expected)"
        case .unknownDevice(let sn): "unknown device sn \(sn)"
        case .deviceAlreadyExists(let sn): "device sn \(sn) already exists"
        case .unknownMember(let userid): "unknown member userid \(userid)"
        case .memberAlreadyExists(let userid): "userid \(userid) is already taken"
        case .unknownOperation(let operID): "unknown oper_id \(operID)"
        case .deviceOffline(let sn): "device \(sn) is not connected and logged in"
        case .deviceNotBound(let sn): "device \(sn) is not bound to the corp"
        case .operationNotPending(let operID, let status): "operation \(operID) is \(status.rawValue), not pending"
        case .timedOut(let operID): "operation \(operID) did not reach a terminal status in time"
        case .alreadyRunning: "the simulator is already running"
        case .serverFailedToStart: "the simulator's server failed to start"
        }
    }

    /// The offending field, for `invalidField`.
    public var field: String? {
        if case .invalidField(let field, _) = self { return field }
        return nil
    }
}
