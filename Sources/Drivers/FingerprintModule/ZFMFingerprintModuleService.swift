import Biometrics
import Foundation
import Imaging

/// Module-side operations for tools (`attendctl fingerprint …`): images, the on-module template
/// library and search. Multi-command steps hold the module's command lock, so other callers cannot
/// change the char buffers between them.
public struct ZFMFingerprintModuleService: Sendable {
    /// Pages one ReadIndexTable page covers.
    public static let pagesPerIndexPage = 256

    /// The module driver this service uses.
    public let module: ZFMModule

    /// A service on `module`.
    public init(module: ZFMModule) {
        self.module = module
    }

    /// GenImg then UpImage: the finger on the sensor as a 256 × 288 image, decoded as the module's
    /// `imageEncoding` says. Throws `.rejected(.genImg, .noFinger)` when the sensor is empty.
    public func captureImage() async throws(ZFMError) -> GrayImage {
        try await module.exclusive { () async throws(ZFMError) -> GrayImage in
            guard try await module.genImg() else { throw .rejected(.genImg, .noFinger) }
            return try await module.upImage().grayImage
        }
    }

    /// Merges the presses into a template on the module (`ZFMModule.mergeTemplate`, as
    /// `ZFMFingerprintReader.enrollTemplate`) and stores it at library `page`. Presses of different fingers are rejected with
    /// `.rejected(.regModel, .mergeFailed)` or `.rejected(.match, .noMatch)`.
    @discardableResult
    public func enrollIntoLibrary(page: Int, samples: [FingerSample]) async throws(ZFMError) -> Template {
        try await module.exclusive { () async throws(ZFMError) -> Template in
            let template = try await module.mergeTemplate(from: samples)
            try await module.store(.one, page: page)
            return template
        }
    }

    /// LoadChar then UpChar: the template stored at library `page`.
    public func downloadTemplate(page: Int) async throws(ZFMError) -> Template {
        try await module.exclusive { () async throws(ZFMError) -> Template in
            try await module.loadChar(.one, page: page)
            return try await uploadTemplate(from: .one)
        }
    }

    /// DownChar then Store: writes `template` to library `page`.
    public func uploadTemplate(_ template: Template, page: Int) async throws(ZFMError) {
        try Self.check(template)
        try await module.exclusive { () async throws(ZFMError) in
            try await module.downChar(.one, Array(template.data))
            try await module.store(.one, page: page)
        }
    }

    /// DeleteChar: removes `count` templates from library `page` on.
    public func deleteTemplates(page: Int, count: Int = 1) async throws(ZFMError) {
        guard count >= 1 else { throw .invalidArgument(field: "count", expected: "at least 1, got \(count)") }
        try await module.deleteChar(page: page, count: count)
    }

    /// Empty: removes every template from the library.
    public func emptyLibrary() async throws(ZFMError) {
        try await module.empty()
    }

    /// TemplateNum: how many templates the library holds.
    public func templateCount() async throws(ZFMError) -> Int {
        try await module.templateCount()
    }

    /// ReadIndexTable over every index page the library size (from ReadSysPara) reaches: the
    /// occupied pages, ascending.
    public func occupiedPages() async throws(ZFMError) -> [Int] {
        try await module.exclusive { () async throws(ZFMError) -> [Int] in
            let librarySize = try await module.readSysPara().librarySize
            let indexPages = min(4, (librarySize + Self.pagesPerIndexPage - 1) / Self.pagesPerIndexPage)
            var pages: [Int] = []
            for indexPage in 0..<indexPages {
                pages += try await module.readIndexTable(indexPage: indexPage).filter { $0 < librarySize }
            }
            return pages
        }
    }

    /// DownChar then Search over the whole library (size from ReadSysPara): the best stored match
    /// of `template`, nil when none reaches the module's threshold.
    public func search(_ template: Template) async throws(ZFMError) -> ZFMSearchHit? {
        try Self.check(template)
        return try await module.exclusive { () async throws(ZFMError) -> ZFMSearchHit? in
            let librarySize = try await module.readSysPara().librarySize
            guard librarySize > 0 else { return nil }
            try await module.downChar(.one, Array(template.data))
            return try await module.search(.one, startPage: 0, pageCount: librarySize)
        }
    }

    private func uploadTemplate(from buffer: ZFMCharBuffer) async throws(ZFMError) -> Template {
        let bytes = try await module.upChar(buffer)
        guard bytes.count == ZFMFingerprintReader.templateLength else {
            throw .malformedReply(.upChar, field: "template", expected: "512 bytes, got \(bytes.count)")
        }
        return Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(bytes))
    }

    private static func check(_ template: Template) throws(ZFMError) {
        guard template.modality == .fingerprint else {
            throw .invalidArgument(field: "template.modality", expected: "fp, got \(template.modality.rawValue)")
        }
        guard template.algorithm == .zfmModule else {
            throw .invalidArgument(
                field: "template.algorithm", expected: "\(AlgorithmID.zfmModule), got \(template.algorithm)")
        }
        guard template.data.count == ZFMFingerprintReader.templateLength else {
            throw .invalidArgument(field: "template.data", expected: "512 bytes, got \(template.data.count)")
        }
    }
}
