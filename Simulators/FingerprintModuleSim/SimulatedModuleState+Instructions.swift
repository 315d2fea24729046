import Biometrics
import FingerprintModule
import Imaging
import Minutiae

extension SimulatedModuleState {
    /// Executes one command whose parameter count has been checked.
    mutating func execute(_ instruction: ZFMInstruction, _ p: [UInt8], at now: Duration) -> Response {
        switch instruction {
        case .genImg: genImg(at: now)
        case .img2Tz: img2Tz(buffer: p[0])
        case .match: match()
        case .search, .highSpeedSearch: search(buffer: p[0], start: u16(p, 1), count: u16(p, 3))
        case .regModel: regModel()
        case .store: store(buffer: p[0], page: u16(p, 1))
        case .loadChar: loadChar(buffer: p[0], page: u16(p, 1))
        case .upChar: upChar(buffer: p[0])
        case .downChar: downChar(buffer: p[0])
        case .upImage: upImage()
        case .deleteChar: deleteChar(page: u16(p, 0), count: u16(p, 2))
        case .empty: emptyLibrary()
        case .setSysPara: setSysPara(register: p[0], value: p[1])
        case .readSysPara: Response(code: .ok, body: systemParameters.encoded(), detail: "parameters sent")
        case .setPwd: setPassword(u32(p))
        case .vfyPwd: verifyPassword(u32(p))
        case .getRandomCode: randomCode()
        case .setAddr: setAddress(u32(p))
        case .templateNum: templateNum()
        case .readIndexTable: readIndexTable(page: Int(p[0]))
        case .downImage: downImage()
        case .auraLedConfig: auraLedConfig(p)
        }
    }

    private mutating func genImg(at now: Duration) -> Response {
        guard let placement = fingerOnSensor(at: now) else {
            imageBuffer = nil
            return Response(code: .noFinger, detail: "no finger")
        }
        pressCount += 1
        let pressSeed = stableHash(placement.finger.identity, seed, pressCount)
        imageBuffer = CapturedImage(
            identity: placement.finger.identity, quality: placement.quality, pressSeed: pressSeed,
            pixels: placement.finger.image?.pixels)
        return Response(code: .ok, detail: "captured \(placement.finger.identity) (quality \(placement.quality))")
    }

    private mutating func img2Tz(buffer: UInt8) -> Response {
        guard let index = bufferIndex(buffer) else { return badBuffer(buffer) }
        guard let image = imageBuffer else { return Response(code: .noValidImage, detail: "image buffer empty") }
        if let pixels = image.pixels {
            return img2TzFromPixels(pixels, identity: image.identity, into: index, buffer: buffer)
        }
        var outcome = SplitMix64(seed: image.pressSeed ^ 0x1F)
        if image.quality < 50, outcome.chance(Double(50 - image.quality) / 50 * 0.7) {
            charBuffers[index] = nil
            let code: ZFMConfirmationCode = outcome.next() & 1 == 0 ? .tooMessy : .tooFewFeatures
            return Response(code: code, detail: "low quality \(image.quality)")
        }
        charBuffers[index] = SimulatedFeatureModel.featureFile(
            identity: image.identity, quality: image.quality, pressSeed: image.pressSeed)
        return Response(code: .ok, detail: "features of \(image.identity) in buffer \(buffer)")
    }

    /// A real image: its minutiae, as the module's own extractor would find them.
    private mutating func img2TzFromPixels(_ pixels: [UInt8], identity: String, into index: Int, buffer: UInt8)
        -> Response
    {
        let set: MinutiaeSet
        do {
            set = try MinutiaeCharFile.extractor.extract(
                try GrayImage(width: ZFMImage.width, height: ZFMImage.height, pixels: pixels))
        } catch {
            charBuffers[index] = nil
            return Response(code: .tooMessy, detail: "extraction failed: \(error)")
        }
        guard set.minutiae.count >= MinutiaeCharFile.minimumMinutiae else {
            charBuffers[index] = nil
            return Response(code: .tooFewFeatures, detail: "\(set.minutiae.count) minutiae in \(identity)")
        }
        charBuffers[index] = MinutiaeCharFile.feature(set)
        return Response(code: .ok, detail: "\(set.minutiae.count) minutiae of \(identity) in buffer \(buffer)")
    }

    /// Score and pass mark for two char files of whichever model built them; files of different
    /// models score 0.
    func compare(_ a: [UInt8], _ b: [UInt8]) -> (score: Int, threshold: Int) {
        comparer(for: a)(b)
    }

    /// `compare` with `probe` fixed, its minutiae prepared once for many comparisons.
    func comparer(for probe: [UInt8]) -> ([UInt8]) -> (score: Int, threshold: Int) {
        let minutiaeThreshold = MinutiaeCharFile.threshold(securityLevel: securityLevel)
        if let scorer = MinutiaeCharFile.scorer(for: probe) { return { (scorer($0), minutiaeThreshold) } }
        let cellThreshold = threshold
        return { other in
            MinutiaeCharFile.isMinutiaeFile(other)
                ? (0, minutiaeThreshold) : (SimulatedFeatureModel.score(probe, other), cellThreshold)
        }
    }

    private mutating func match() -> Response {
        guard let a = charBuffers[0], let b = charBuffers[1] else {
            lastMatchPassed = false
            return Response(code: .noMatch, body: [0, 0], detail: "a char buffer is empty")
        }
        let (score, threshold) = compare(a, b)
        lastMatchPassed = score >= threshold
        return Response(code: lastMatchPassed ? .ok : .noMatch, body: be16(score), detail: "score \(score)")
    }

    private mutating func search(buffer: UInt8, start: Int, count: Int) -> Response {
        guard let index = bufferIndex(buffer) else { return badBuffer(buffer) }
        guard start < librarySize else {
            return Response(code: .pageOutOfRange, detail: "start page \(start) ≥ library size \(librarySize)")
        }
        guard let probe = charBuffers[index] else {
            return Response(code: .notFound, body: [0, 0, 0, 0], detail: "buffer \(buffer) empty")
        }
        var best: (page: Int, score: Int)?
        let againstProbe = comparer(for: probe)
        for page in start..<min(start + count, librarySize) {
            guard let stored = library[page] else { continue }
            let (score, threshold) = againstProbe(stored)
            if score >= threshold, score > (best?.score ?? -1) { best = (page, score) }
        }
        lastMatchPassed = best != nil
        guard let best else { return Response(code: .notFound, body: [0, 0, 0, 0], detail: "no match") }
        return Response(
            code: .ok, body: be16(best.page) + be16(best.score), detail: "page \(best.page) score \(best.score)")
    }

    private mutating func regModel() -> Response {
        guard let a = charBuffers[0], let b = charBuffers[1] else {
            return Response(code: .mergeFailed, detail: "a char buffer is empty")
        }
        let (score, threshold) = compare(a, b)
        let merged =
            MinutiaeCharFile.isMinutiaeFile(a) ? MinutiaeCharFile.merge(a, b) : SimulatedFeatureModel.merge(a, b)
        guard score >= threshold, let merged else {
            return Response(code: .mergeFailed, detail: "score \(score) below \(threshold)")
        }
        charBuffers = [merged, merged]
        return Response(code: .ok, detail: "merged (score \(score))")
    }

    private mutating func store(buffer: UInt8, page: Int) -> Response {
        guard let index = bufferIndex(buffer) else { return badBuffer(buffer) }
        guard page < librarySize else { return pageOutOfRange(page) }
        guard let template = charBuffers[index] else {
            return Response(code: .invalidTemplate, detail: "buffer \(buffer) empty")
        }
        library[page] = template
        return Response(code: .ok, detail: "buffer \(buffer) stored at page \(page)")
    }

    private mutating func loadChar(buffer: UInt8, page: Int) -> Response {
        guard let index = bufferIndex(buffer) else { return badBuffer(buffer) }
        guard page < librarySize else { return pageOutOfRange(page) }
        guard let template = library[page] else {
            return Response(code: .invalidTemplate, detail: "page \(page) empty")
        }
        charBuffers[index] = template
        return Response(code: .ok, detail: "page \(page) loaded into buffer \(buffer)")
    }

    private mutating func upChar(buffer: UInt8) -> Response {
        guard let index = bufferIndex(buffer) else { return badBuffer(buffer) }
        guard let content = charBuffers[index] else {
            return Response(code: .uploadFailed, detail: "buffer \(buffer) empty")
        }
        return Response(code: .ok, data: content, detail: "uploading \(content.count) bytes")
    }

    private mutating func downChar(buffer: UInt8) -> Response {
        guard bufferIndex(buffer) != nil else {
            return Response(code: .cannotReceive, detail: "buffer \(buffer): expected 1 or 2")
        }
        download = PendingDownload(buffer: Int(buffer))
        return Response(code: .ok, detail: "ready to receive into buffer \(buffer)")
    }

    private mutating func upImage() -> Response {
        guard let image = imageBuffer else { return Response(code: .imageUploadFailed, detail: "image buffer empty") }
        let pixels =
            image.pixels
            ?? SimulatedFeatureModel.image(identity: image.identity, quality: image.quality, pressSeed: image.pressSeed)
        guard uartImages else {
            return Response(code: .ok, data: pixels, detail: "uploading 256×288 8-bit image of \(image.identity)")
        }
        let packed = stride(from: 0, to: pixels.count, by: 2).map { (pixels[$0] & 0xF0) | (pixels[$0 + 1] >> 4) }
        return Response(code: .ok, data: packed, detail: "uploading 256×288 4-bit image of \(image.identity)")
    }

    private mutating func deleteChar(page: Int, count: Int) -> Response {
        guard count > 0, page + count <= librarySize else {
            return Response(code: .deleteFailed, detail: "pages \(page)..<\(page + count) outside 0..<\(librarySize)")
        }
        for index in page..<(page + count) { library[index] = nil }
        return Response(code: .ok, detail: "deleted \(count) from page \(page)")
    }

    private mutating func emptyLibrary() -> Response {
        library = Array(repeating: nil, count: librarySize)
        return Response(code: .ok, detail: "library cleared")
    }

    private mutating func setSysPara(register: UInt8, value: UInt8) -> Response {
        guard let parameter = ZFMSystemParameter(rawValue: register) else {
            return Response(code: .badRegister, detail: "register \(register): expected 4, 5 or 6")
        }
        guard parameter.allowedValues.contains(value) else {
            return Response(
                code: .badRegister, detail: "\(parameter) value \(value): expected \(parameter.allowedValues)")
        }
        switch parameter {
        case .baudRate: baudMultiplier = Int(value)
        case .securityLevel: securityLevel = Int(value)
        case .packetSize: packetSizeCode = Int(value)
        }
        return Response(code: .ok, detail: "\(parameter) = \(value)")
    }

    private mutating func setPassword(_ value: UInt32) -> Response {
        password = value
        passwordVerified = true
        return Response(code: .ok, detail: value == 0 ? "password removed" : "password set")
    }

    private mutating func verifyPassword(_ value: UInt32) -> Response {
        guard value == password else { return Response(code: .wrongPassword, detail: "wrong password") }
        passwordVerified = true
        return Response(code: .ok, detail: "password verified")
    }

    private mutating func randomCode() -> Response {
        let code = UInt32(truncatingIfNeeded: random.next())
        return Response(code: .ok, body: be16(Int(code >> 16)) + be16(Int(code & 0xFFFF)), detail: "random code")
    }

    private mutating func setAddress(_ value: UInt32) -> Response {
        let old = address
        address = value
        return Response(code: .ok, detail: "address \(hex8(old)) → \(hex8(value))")
    }

    private func templateNum() -> Response {
        let count = library.count { $0 != nil }
        return Response(code: .ok, body: be16(count), detail: "\(count) templates")
    }

    private func readIndexTable(page: Int) -> Response {
        guard (0...3).contains(page) else {
            return Response(code: .pageOutOfRange, detail: "index page \(page): expected 0-3")
        }
        var bitmap = [UInt8](repeating: 0, count: 32)
        for offset in 0..<256 {
            let slot = page * 256 + offset
            if slot < librarySize, library[slot] != nil { bitmap[offset / 8] |= 1 << (offset % 8) }
        }
        return Response(code: .ok, body: bitmap, detail: "index page \(page)")
    }

    private func bufferIndex(_ buffer: UInt8) -> Int? {
        (1...2).contains(buffer) ? Int(buffer) - 1 : nil
    }

    private func badBuffer(_ buffer: UInt8) -> Response {
        Response(code: .packetError, detail: "buffer \(buffer): expected 1 or 2")
    }

    private func pageOutOfRange(_ page: Int) -> Response {
        Response(code: .pageOutOfRange, detail: "page \(page) ≥ library size \(librarySize)")
    }

    private func u16(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    private func u32(_ bytes: [UInt8]) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func be16(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
