import ArgumentParser
import Biometrics
import DeviceSetup
import Enrollment

/// `attendctl identify --fp|--face`: one identification by hand, for installers and support.
struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify the next finger on the sensor (--fp) or the next usable face (--face), by hand.",
        discussion: """
            Asks the running daemon through its control socket: it pauses its recognition loop, waits up to \
            the capture deadline (capture.deadline_s) for a finger or a face, and answers who it is, the score \
            band and the time from finger-down or frame to verdict. No passage is recorded. Exits 1 for a \
            stranger, when nothing was presented in time, or while an enrollment uses the sensors.
            """)

    @Flag(help: "Which sensor: exactly one of --fp and --face.")
    var modality: Sensor

    enum Sensor: String, EnumerableFlag {
        case fp
        case face

        var modality: Modality { self == .fp ? .fingerprint : .face }

        static func help(for value: Sensor) -> ArgumentHelp? {
            value == .fp ? "The fingerprint sensor." : "The camera."
        }
    }

    @OptionGroup var location: Location

    func run() throws {
        print("identifying by \(modality == .fp ? "fingerprint: place a finger" : "face: look at the camera")")
        try location.askDaemon(
            .identify(modality.modality),
            timeout: EnrollmentSettings.maximumResultDeadline + ControlSocket.replyTimeout,
            as: "attendctl identify")
    }
}
