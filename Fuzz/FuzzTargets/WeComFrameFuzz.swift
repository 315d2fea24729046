import WeComDevice

/// A text frame from the cloud, as the client reads it: classified by its envelope; a push is decoded
/// by the decoder its `cmd` selects, and a response by every request's response decoder (the client
/// picks one by `req_id`, which the fuzzer cannot know).
enum WeComFrameFuzz {
    /// Every request the device sends, for its response decoder.
    static let requests: [any DeviceRequest] = [
        GetTimestamp(), GetSecretNo(sn: "T-0001", seedSecretNo: "seed", timestamp: 1_700_000_000, nonce: 1),
        Register(sn: "T-0001", secretNo: "secret", timestamp: 1_700_000_000, nonce: 1), Active(activeCode: "code"),
        SubscribeCorp(secret: "secret", firmwareVersion: "1.0.0", fingerprintAlgorithms: [], faceAlgorithms: []),
        Ping(), GetPermVersion(), CheckUserID(users: []), GetUserInfoByIDs(users: []), GetUserInfoByPage(offset: 0),
        UploadUserInfo(users: []), Checkin(records: []),
    ]

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let text = String(decoding: bytes, as: UTF8.self)
        let frame: InboundFrame
        do {
            frame = try InboundFrame.decode(text)
        } catch {
            return .rejected(error)
        }
        switch frame {
        case .push(let envelope):
            let push = DevicePush(envelope)
            if case .invalid(_, let reason) = push { return .rejected(reason) }
            return .accepted("push \(envelope.cmd)")
        case .response(let response):
            let decoded = requests.filter { decodes($0, response) }.count
            return .accepted("response, \(decoded) of \(requests.count) decoders accept it")
        case .connectionError(let error):
            return .accepted("connection error \(error.errcode)")
        }
    }

    private static func decodes(_ request: some DeviceRequest, _ response: ResponseEnvelope) -> Bool {
        (try? request.decodeResponse(response)) != nil
    }
}
