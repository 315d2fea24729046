import Biometrics

/// The device and matcher work behind the machine's effects, each in its own child task.
extension EnrollmentRunner {
    func pollFinger(_ token: EnrollmentToken, at instant: Duration) {
        spawn(token) { [clock, reader] in
            guard let reader else { return .deviceFailed(token, "no fingerprint reader installed") }
            do { try await clock.sleepUntil(instant) } catch { return nil }
            do throws(FingerprintReaderError) {
                return .fingerPresence(token, try await reader.isFingerPresent())
            } catch {
                return .deviceFailed(token, error.description)
            }
        }
    }

    func captureFinger(_ token: EnrollmentToken) {
        spawn(token) { [reader] in
            guard let reader else { return .deviceFailed(token, "no fingerprint reader installed") }
            do throws(FingerprintReaderError) {
                let capture = try await reader.capture { [weak self] transfer in
                    guard let self else { return }
                    Task { await self.imageProgressed(token, transfer) }
                }
                return .fingerCaptured(token, capture)
            } catch {
                return .deviceFailed(token, error.description)
            }
        }
    }

    func buildFingerTemplate(_ token: EnrollmentToken, _ samples: [FingerSample]) {
        spawn(token) { [reader] in
            guard let reader else { return .deviceFailed(token, "no fingerprint reader installed") }
            do throws(FingerprintReaderError) {
                return .fingerTemplateBuilt(token, try await reader.enrollTemplate(from: samples))
            } catch .samplesDoNotMatch {
                return .fingerSamplesDoNotMatch(token)
            } catch {
                return .deviceFailed(token, error.description)
            }
        }
    }

    func captureFace(_ token: EnrollmentToken, at instant: Duration) {
        spawn(token) { [clock, camera] in
            guard let camera else { return .deviceFailed(token, "no face camera installed") }
            do { try await clock.sleepUntil(instant) } catch { return nil }
            do throws(FaceCameraError) {
                return .faceCaptured(token, try await camera.captureFace())
            } catch {
                return .deviceFailed(token, error.description)
            }
        }
    }

    /// Matches `template` against every other member's templates of its algorithm; stops at the first hit.
    func checkDuplicates(_ token: EnrollmentToken, _ template: Template, excluding: UserID) {
        let searcher = searchers[template.modality]
        spawn(token) { [store] in
            guard let searcher else { return .storeFailed(token, "no \(template.modality.rawValue) matcher") }
            do {
                let others = try await store.templates(
                    modality: template.modality, algorithm: template.algorithm, excluding: excluding)
                let match = try await searcher.firstMatch(
                    for: template, among: others.filter { $0.userid != excluding })
                return .duplicateChecked(token, match: match?.userid)
            } catch is CancellationError {
                return nil
            } catch {
                return .storeFailed(token, "duplicate check: \(error)")
            }
        }
    }
}
