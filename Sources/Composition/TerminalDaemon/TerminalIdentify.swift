import Biometrics
import DeviceSetup
import Recognition

extension Terminal {
    /// `attendctl identify`: the next finger (or usable face) within the capture deadline, identified as the
    /// loop would and answered with the verdict; it pre-empts the loop and records no passage.
    func identifyByHand(_ modality: Modality) async -> ControlReply {
        guard let recognition else {
            return ControlReply(
                ok: false, message: "recognition is off (recognition.enabled in the config) or no sensor")
        }
        if let running = await runner.runningRequest {
            return ControlReply(ok: false, message: "busy: the enrollment of \(running.userid) uses the sensors")
        }
        do {
            let verdict = try await recognition.identifyOnce(modality, deadline: identifyDeadline)
            let decision: RecognitionDecision = verdict.userid == nil ? .refused : .passage
            let text = ConsoleReporter.describe(verdict, decision)
                .replacingOccurrences(of: "passage ", with: "recognised ")
            return ControlReply(ok: verdict.userid != nil, message: text + " (by hand: no passage recorded)")
        } catch {
            return ControlReply(ok: false, message: error.description)
        }
    }
}
