import Biometrics

import struct Foundation.Data

/// Where the photos of a `push_user_face` come from (WeCom's `download_photo`).
public protocol PhotoSource: Sendable {
    /// The photo's bytes; any error fails the photo with 111.
    func photo(mediaID: String) async throws -> Data
}

/// Turns one photo into a template of `algorithm` (the face pipeline: decoder, detector, protection).
public protocol PhotoAnalyzer: Sendable {
    var algorithm: AlgorithmID { get }
    /// The template of the one good face in `photo`, or why not. The photo's bytes are dropped by the
    /// time this returns.
    func template(fromPhoto photo: Data) async -> Result<Template, PhotoRejection>
}

/// Why one photo gave no template.
public struct PhotoRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The failure the push answers when no photo gives a template and this one was the first to fail.
    public let failure: EnrollmentFailure
    /// The photo decoder is still held by a decode abandoned at its deadline: later photos would only
    /// wait behind it and be refused, so the push ends here.
    public let decoderHeld: Bool

    public init(_ failure: EnrollmentFailure, decoderHeld: Bool = false) {
        self.failure = failure
        self.decoderHeld = decoderHeld
    }

    public var description: String { decoderHeld ? "\(failure) (the decoder is held)" : "\(failure)" }
}

/// The two ports of photo enrollment; the runner accepts photo requests only when both are installed.
public struct PhotoEnrollmentPorts: Sendable {
    public let source: any PhotoSource
    public let analyzer: any PhotoAnalyzer

    public init(source: any PhotoSource, analyzer: any PhotoAnalyzer) {
        self.source = source
        self.analyzer = analyzer
    }
}
