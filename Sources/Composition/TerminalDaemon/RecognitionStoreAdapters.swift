import Biometrics
import Recognition
import TerminalStore

/// The recognition loop's gallery: every template of the algorithm in the store, read at each
/// identification (a change push, a pull or an enrollment is seen by the next one).
struct StoreRecognitionGallery: RecognitionGallery {
    let store: TerminalStore

    func candidates(modality: Modality, algorithm: AlgorithmID) async throws -> [StoredTemplate] {
        try await store.perform {
            try $0.templates(modality: modality, algorithm: algorithm, excluding: nil).map(\.stored)
        }
    }
}

/// Where verdicts go in the daemon: a passage is committed (then sent by the passage uploader), and every
/// verdict becomes an event for the console and the status file.
struct PassageRecordingSink: RecognitionSink {
    let store: TerminalStore
    let passages: PassageUploader
    let reporter: any TerminalReporter

    func record(_ verdict: RecognitionVerdict, decision: RecognitionDecision) async {
        if decision == .passage, let userid = verdict.userid {
            do {
                let member = try await store.perform { try $0.member(userid) }
                try await passages.record(
                    userid: userid, userType: member?.userType ?? .employee, modality: verdict.modality)
            } catch {
                reporter.report(.notice("the passage of \(userid) could not be stored: \(error)"))
            }
        }
        reporter.report(.recognition(verdict, decision))
    }

    func fault(_ modality: Modality, _ description: String) async {
        reporter.report(.notice("recognition by \(modality.rawValue) paused: \(description); trying again"))
    }
}
