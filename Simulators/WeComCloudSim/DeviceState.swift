import Foundation

/// What the cloud knows about one device.
struct DeviceState: Sendable {
    let sn: String
    /// Per-device key: given at creation, or issued by `get_secret_no` for a seed-key device.
    var secretNo: String?
    let seedSecretNo: String?
    /// Set by `register`; long-lived.
    var activeCode: String?
    var bound = false
    /// Issued by `active` once bound; cleared on unbind so old secrets go stale.
    var secret: String?
    var firmwareVersion: String?
    var fpAlgorithms: [String] = []
    var faAlgorithms: [String] = []
    /// The connection that last identified itself as this device.
    var connection: Int?
    var lastPing: Date?
    /// req_ids of this device's uploads, across connections.
    var uploadReqIDs: Set<String> = []

    var registered: Bool { activeCode != nil }
}

/// One open WebSocket connection.
struct ConnectionState: Sendable {
    let id: Int
    let outbox: AsyncStream<OutgoingFrame>.Continuation
    var sn: String?
    var loggedIn = false
    var seenReqIDs: Set<String> = []
    /// A silent peer (`silence(sn:)`): frames are read and never answered, nothing is pushed, and the
    /// device's close is not answered either; the TCP connection stays open until the simulator stops.
    var silent = false
}

/// A frame the connection's writer sends.
enum OutgoingFrame: Sendable {
    case text(String)
    /// A binary frame (the `download_photo` answer).
    case binary(Data)
    case close(reason: String)
}
