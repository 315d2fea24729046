import ArgumentParser
import Biometrics
import DeviceSetup
import FingerprintModule

struct FingerprintEnroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enrolls a finger on the module: N presses merged on the module and stored at library page --slot.")

    @OptionGroup var options: FingerprintLinkOptions

    @Option(help: "The library page to store the template at (0 to library size - 1, from ReadSysPara).")
    var slot: Int

    @Option(help: "Presses of the same finger (1-5).")
    var presses: Int = 3

    @Option(help: "Seconds to wait for each placement and each lift (1-120).")
    var timeout: Int = 20

    /// Unreadable presses tolerated per press before giving up.
    static let retriesPerPress = 3

    func validate() throws {
        guard slot >= 0 else { throw ValidationError("--slot: expected a library page 0 or above, got \(slot)") }
        guard (1...5).contains(presses) else { throw ValidationError("--presses: expected 1-5, got \(presses)") }
        guard (1...120).contains(timeout) else {
            throw ValidationError("--timeout: expected 1-120 seconds, got \(timeout)")
        }
    }

    func run() async throws {
        try await options.open().use { session async throws in
            try await Self.enroll(session, slot: slot, presses: presses, timeout: .seconds(timeout))
        }
    }

    /// Checks the page, reads the presses, merges them on the module and stores the template.
    static func enroll(_ session: FingerprintSession, slot: Int, presses: Int, timeout: Duration) async throws {
        let size = try await session.parameters().librarySize
        try FingerprintToolSettings.checkPages(slot, librarySize: size)
        let occupied = try await session.service.occupiedPages()
        guard !occupied.contains(slot) else {
            throw FingerprintCommandError(
                "library page \(slot) already holds a template: delete it first (attendctl fingerprint delete --slot \(slot))"
            )
        }
        let samples = try await collect(presses: presses, timeout: timeout, reader: session.reader)
        say("merging \(presses) press(es) on the module and storing at page \(slot)")
        do {
            try await session.service.enrollIntoLibrary(page: slot, samples: samples)
        } catch {
            guard error == .rejected(.regModel, .mergeFailed) || error == .rejected(.match, .noMatch) else {
                throw error
            }
            throw FingerprintCommandError(
                "the presses are not of the same finger: nothing stored; run enroll again with one finger")
        }
        say("enrolled: template stored at library page \(slot)")
    }

    /// Prompts for and reads `presses` presses, waiting for the finger to lift between them.
    static func collect(presses: Int, timeout: Duration, reader: ZFMFingerprintReader) async throws -> [FingerSample] {
        var samples: [FingerSample] = []
        var retries = 0
        while samples.count < presses {
            let number = samples.count + 1
            say(
                number == 1 && retries == 0
                    ? "place a finger on the sensor (press 1/\(presses))"
                    : retries > 0
                        ? "place the finger again (press \(number)/\(presses))"
                        : "press the same finger again (press \(number)/\(presses))")
            guard try await poll(timeout: timeout, { try await reader.isFingerPresent() }) else {
                throw FingerprintCommandError("no finger on the sensor within \(timeout) (press \(number)/\(presses))")
            }
            switch try await reader.capture() {
            case .sample(let sample):
                samples.append(sample)
                retries = 0
                say("press \(number)/\(presses) read (estimated quality \(sample.quality))")
            case .retry(let hint):
                retries += 1
                guard retries <= retriesPerPress else {
                    throw FingerprintCommandError(
                        "press \(number)/\(presses) unreadable \(retriesPerPress + 1) times (last: \(advice(hint))); nothing stored"
                    )
                }
                say("press \(number)/\(presses) not usable: \(advice(hint))")
            }
            guard samples.count < presses else { break }
            say("lift your finger")
            guard try await poll(timeout: timeout, { !(try await reader.isFingerPresent()) }) else {
                throw FingerprintCommandError("the finger stayed on the sensor for \(timeout): lift it between presses")
            }
        }
        return samples
    }

    /// What the person should do differently.
    static func advice(_ hint: FingerRetryHint) -> String {
        switch hint {
        case .noFinger: "no finger seen; press firmly"
        case .tooMessy: "image too smudged; clean and dry the finger and the sensor"
        case .tooFewFeatures: "too little of the finger; press flat and centred"
        case .captureFailed: "no valid image; press again"
        }
    }
}
