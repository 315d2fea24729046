import Biometrics

import struct Foundation.Data

/// The photo work behind the machine's photo effects, each in its own child task.
extension EnrollmentRunner {
    func fetchPhoto(_ token: EnrollmentToken, mediaID: String) {
        spawn(token) { [photoPorts] in
            guard let photoPorts else { return .deviceFailed(token, "no photo enrollment installed") }
            do {
                return .photoFetched(token, try await photoPorts.source.photo(mediaID: mediaID))
            } catch {
                if Task.isCancelled { return nil }
                return .photoRejected(token, PhotoRejection(.invalidPhoto("download_photo \(mediaID): \(error)")))
            }
        }
    }

    /// The photo's bytes live only in this task: they are dropped when the analysis returns.
    func analysePhoto(_ token: EnrollmentToken, _ photo: Data) {
        spawn(token) { [photoPorts] in
            guard let photoPorts else { return .deviceFailed(token, "no photo enrollment installed") }
            switch await photoPorts.analyzer.template(fromPhoto: photo) {
            case .success(let template): return .photoAnalysed(token, template)
            case .failure(let rejection): return .photoRejected(token, rejection)
            }
        }
    }
}
