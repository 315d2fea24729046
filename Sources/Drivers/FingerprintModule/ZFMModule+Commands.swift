/// Result of Match: the module's decision and its score.
public struct ZFMMatchResult: Sendable, Hashable {
    /// True when the module answered 00.
    public let matched: Bool
    public let score: Int
    /// A Match result.
    public init(matched: Bool, score: Int) {
        self.matched = matched
        self.score = score
    }
}

/// A Search hit: the library page and its score.
public struct ZFMSearchHit: Sendable, Hashable {
    /// Library page of the best match.
    public let page: Int
    public let score: Int
    /// A Search hit.
    public init(page: Int, score: Int) {
        self.page = page
        self.score = score
    }
}

extension ZFMModule {
    /// GenImg: captures an image into the image buffer. True when a finger was captured,
    /// false when the module answered 02 (no finger).
    public func genImg() async throws(ZFMError) -> Bool {
        try await run(.genImg) { () async throws(ZFMError) -> Bool in
            try await exchange(.genImg, accepting: [.ok, .noFinger]).code == .ok
        }
    }

    /// Img2Tz: extracts features from the image buffer into `buffer`
    /// (rejected with 06 too messy, 07 too few features, 15 no valid image).
    public func img2Tz(_ buffer: ZFMCharBuffer) async throws(ZFMError) {
        try await simple(.img2Tz, [buffer.rawValue])
    }

    /// Match: compares char buffers 1 and 2.
    public func match() async throws(ZFMError) -> ZFMMatchResult {
        try await run(.match) { () async throws(ZFMError) -> ZFMMatchResult in
            let ack = try await exchange(.match, accepting: [.ok, .noMatch], bodyLength: 2, field: "score")
            return ZFMMatchResult(matched: ack.code == .ok, score: Int(BigEndian.u16(ack.body, at: 0)))
        }
    }

    /// Search: looks `buffer` up in library pages `startPage ..< startPage + pageCount`; nil when not found (09).
    public func search(_ buffer: ZFMCharBuffer, startPage: Int, pageCount: Int) async throws(ZFMError) -> ZFMSearchHit?
    {
        try await search(.search, buffer, startPage: startPage, pageCount: pageCount)
    }

    /// HighSpeedSearch: as `search`, on modules that support the faster variant.
    public func highSpeedSearch(_ buffer: ZFMCharBuffer, startPage: Int, pageCount: Int) async throws(ZFMError)
        -> ZFMSearchHit?
    {
        try await search(.highSpeedSearch, buffer, startPage: startPage, pageCount: pageCount)
    }

    private func search(
        _ instruction: ZFMInstruction, _ buffer: ZFMCharBuffer, startPage: Int, pageCount: Int
    ) async throws(ZFMError) -> ZFMSearchHit? {
        let parameters =
            [buffer.rawValue]
            + (try Self.u16(startPage, field: "startPage")) + (try Self.u16(pageCount, field: "pageCount"))
        return try await run(instruction) { () async throws(ZFMError) -> ZFMSearchHit? in
            let ack = try await exchange(
                instruction, parameters, accepting: [.ok, .notFound], bodyLength: 4, field: "page and score")
            guard ack.code == .ok else { return nil }
            return ZFMSearchHit(page: Int(BigEndian.u16(ack.body, at: 0)), score: Int(BigEndian.u16(ack.body, at: 2)))
        }
    }

    /// RegModel: merges char buffers 1 and 2 into a template (rejected with 0A for different fingers).
    public func regModel() async throws(ZFMError) {
        try await simple(.regModel)
    }

    /// Store: writes `buffer` to library page `page` (never retried).
    public func store(_ buffer: ZFMCharBuffer, page: Int) async throws(ZFMError) {
        try await simple(.store, [buffer.rawValue] + (try Self.u16(page, field: "page")))
    }

    /// LoadChar: reads library page `page` into `buffer`.
    public func loadChar(_ buffer: ZFMCharBuffer, page: Int) async throws(ZFMError) {
        try await simple(.loadChar, [buffer.rawValue] + (try Self.u16(page, field: "page")))
    }

    /// DeleteChar: deletes `count` templates from `page` on (never retried).
    public func deleteChar(page: Int, count: Int) async throws(ZFMError) {
        try await simple(.deleteChar, (try Self.u16(page, field: "page")) + (try Self.u16(count, field: "count")))
    }

    /// Empty: deletes every template in the library (never retried).
    public func empty() async throws(ZFMError) {
        try await simple(.empty)
    }

    /// SetSysPara: writes one system parameter.
    public func setSysPara(_ parameter: ZFMSystemParameter, value: UInt8) async throws(ZFMError) {
        guard parameter.allowedValues.contains(value) else {
            throw .invalidArgument(
                field: "\(parameter) value",
                expected: "\(parameter.allowedValues.lowerBound)-\(parameter.allowedValues.upperBound), got \(value)")
        }
        try await simple(.setSysPara, [parameter.rawValue, value])
        if parameter == .packetSize { packetSize = ZFMSystemParameters.packetSize(code: Int(value)) }
    }

    /// ReadSysPara: the module's status and system parameters.
    public func readSysPara() async throws(ZFMError) -> ZFMSystemParameters {
        let parameters = try await run(.readSysPara) { () async throws(ZFMError) -> ZFMSystemParameters in
            let ack = try await exchange(.readSysPara)
            return try ZFMSystemParameters(parsing: ack.body)
        }
        packetSize = parameters.packetSize
        return parameters
    }

    /// VfyPwd: unlocks a module that has a password (rejected with 13 when wrong).
    public func verifyPassword(_ password: UInt32) async throws(ZFMError) {
        try await simple(.vfyPwd, Self.u32(password))
    }

    /// SetPwd: sets the module password (0 = none).
    public func setPassword(_ password: UInt32) async throws(ZFMError) {
        try await simple(.setPwd, Self.u32(password))
    }

    /// GetRandomCode: a random number from the module.
    public func getRandomCode() async throws(ZFMError) -> UInt32 {
        try await run(.getRandomCode) { () async throws(ZFMError) -> UInt32 in
            let ack = try await exchange(.getRandomCode, bodyLength: 4, field: "random code")
            return BigEndian.u32(ack.body, at: 0)
        }
    }

    /// SetAddr: gives the module a new address; the module acknowledges from the new address,
    /// and later commands go to it.
    public func setAddress(_ newAddress: UInt32) async throws(ZFMError) {
        try await run(.setAddr) { () async throws(ZFMError) in
            _ = try await exchange(.setAddr, Self.u32(newAddress), replyAddress: newAddress)
        }
        address = newAddress
    }

    /// TemplateNum: number of templates in the library.
    public func templateCount() async throws(ZFMError) -> Int {
        try await run(.templateNum) { () async throws(ZFMError) -> Int in
            let ack = try await exchange(.templateNum, bodyLength: 2, field: "template count")
            return Int(BigEndian.u16(ack.body, at: 0))
        }
    }

    /// ReadIndexTable: occupied library pages among `indexPage * 256 ..< (indexPage + 1) * 256`, ascending.
    public func readIndexTable(indexPage: Int) async throws(ZFMError) -> [Int] {
        guard (0...3).contains(indexPage) else {
            throw .invalidArgument(field: "indexPage", expected: "0-3, got \(indexPage)")
        }
        let bitmap = try await run(.readIndexTable) { () async throws(ZFMError) -> [UInt8] in
            try await exchange(.readIndexTable, [UInt8(indexPage)], bodyLength: 32, field: "index bitmap").body
        }
        var pages: [Int] = []
        for (byteIndex, byte) in bitmap.enumerated() {
            for bit in 0..<8 where byte & (1 << bit) != 0 {
                pages.append(indexPage * 256 + byteIndex * 8 + bit)
            }
        }
        return pages
    }

    /// An instruction whose only reply is a confirmation code that must be OK.
    func simple(_ instruction: ZFMInstruction, _ parameters: [UInt8] = []) async throws(ZFMError) {
        try await run(instruction) { () async throws(ZFMError) in
            _ = try await exchange(instruction, parameters)
        }
    }

    static func u16(_ value: Int, field: String) throws(ZFMError) -> [UInt8] {
        guard let narrow = UInt16(exactly: value) else {
            throw .invalidArgument(field: field, expected: "0-65535, got \(value)")
        }
        var bytes: [UInt8] = []
        bytes.appendBigEndian(narrow)
        return bytes
    }

    static func u32(_ value: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(value)
        return bytes
    }
}
