import Biometrics
import Foundation

extension ZFMModule {
    /// The module's template merge, the one sequence every enrolment uses: DownChar press 1 → buffer 1 and
    /// press 2 → buffer 2, RegModel, UpChar(1); every later press must Match the merged template. A single
    /// press is merged with itself. The merged template stays in buffer 1, so a caller holding the command
    /// lock can Store it next. Throws `.rejected(.regModel, .mergeFailed)` when the first two presses do not
    /// merge and `.rejected(.match, .noMatch)` when a later press does not match.
    public func mergeTemplate(from samples: [FingerSample]) async throws(ZFMError) -> Template {
        guard let first = samples.first else {
            throw .invalidArgument(field: "samples", expected: "at least 1 press, got 0")
        }
        let second = samples.count > 1 ? samples[1] : first
        return try await exclusive { () async throws(ZFMError) -> Template in
            try await downChar(.one, first.features)
            try await downChar(.two, second.features)
            try await regModel()
            let bytes = try await upChar(.one)
            guard bytes.count == ZFMFingerprintReader.templateLength else {
                throw .malformedReply(.upChar, field: "template", expected: "512 bytes, got \(bytes.count)")
            }
            for sample in samples.dropFirst(2) {
                try await downChar(.two, sample.features)
                guard try await match().matched else { throw .rejected(.match, .noMatch) }
            }
            return Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(bytes))
        }
    }
}
