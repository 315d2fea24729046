extension ZFMModule {
    /// Byte counts a char buffer holds: a feature file or a merged template.
    public static let charFileSizes: Set<Int> = [256, 512]

    /// UpChar: uploads the contents of `buffer` (a 256-byte feature file or 512-byte template).
    public func upChar(_ buffer: ZFMCharBuffer) async throws(ZFMError) -> [UInt8] {
        try await run(.upChar) { () async throws(ZFMError) -> [UInt8] in
            _ = try await exchange(.upChar, [buffer.rawValue])
            let data = try await receiveData(for: .upChar)
            guard Self.charFileSizes.contains(data.count) else {
                throw .malformedReply(.upChar, field: "char file", expected: "256 or 512 bytes, got \(data.count)")
            }
            return data
        }
    }

    /// DownChar: sends a char file into `buffer`, split into data packets of the module's packet size
    /// (read with ReadSysPara the first time).
    public func downChar(_ buffer: ZFMCharBuffer, _ charFile: [UInt8]) async throws(ZFMError) {
        guard Self.charFileSizes.contains(charFile.count) else {
            throw .invalidArgument(field: "char file", expected: "256 or 512 bytes, got \(charFile.count)")
        }
        try await exclusive { () async throws(ZFMError) in
            try await downCharLocked(buffer, charFile)
        }
    }

    private func downCharLocked(_ buffer: ZFMCharBuffer, _ charFile: [UInt8]) async throws(ZFMError) {
        let size: Int
        if let packetSize {
            size = packetSize
        } else {
            size = try await readSysPara().packetSize
        }
        try await run(.downChar) { () async throws(ZFMError) in
            _ = try await exchange(.downChar, [buffer.rawValue])
            var offset = 0
            while offset < charFile.count {
                let end = min(offset + size, charFile.count)
                let kind: ZFMPacketKind = end == charFile.count ? .endOfData : .data
                try await send(ZFMPacket(address: address, kind: kind, payload: Array(charFile[offset..<end])))
                offset = end
            }
        }
    }

    /// UpImage: uploads the image buffer (8 or 4 bits per pixel as `Configuration.imageEncoding` says, decoded to 8).
    /// `progress` gets the image bytes received so far and the bytes expected (nil without an encoding):
    /// once when the module has accepted the command, then after every data packet.
    public func upImage(
        progress: (@Sendable (_ received: Int, _ expected: Int?) -> Void)? = nil
    ) async throws(ZFMError) -> ZFMImage {
        let expected = configuration.imageEncoding?.uploadByteCount
        return try await run(.upImage) { () async throws(ZFMError) -> ZFMImage in
            _ = try await exchange(.upImage)
            progress?(0, expected)
            let data = try await receiveData(for: .upImage) { progress?($0, expected) }
            return try ZFMImage(uploaded: data, encoding: configuration.imageEncoding)
        }
    }
}
