import ArgumentParser
import FingerprintModuleSim
import Foundation

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a simulated ZFM fingerprint module on a Unix-domain socket or a pseudo-terminal until Ctrl-C.")

    @Option(help: "Socket path the daemon's fingerprint.link points at (unix:PATH).")
    var socket: String?

    @Flag(
        help:
            "Serve on a pseudo-terminal instead; prints the /dev/pts/N path for fingerprint.link tty:PATH or any serial tool."
    )
    var pty = false

    @Option(
        help: "The simulated module's UART speed (with --pty); a host at another speed gets garbage, as on real wires.")
    var baud: Int = 57600

    @Option(
        help: ArgumentHelp(
            "With --pty: whether the module's bytes take the wire's time at --baud (on) or cross at memory speed (off).",
            discussion:
                "On by default, as a real module's UART: an image upload takes about 7 s at 57600. A finger script should then leave the finger on the sensor while its image crawls over (or use --rounds)."
        ))
    var wirePacing: WirePacingOption = .on

    @OptionGroup var finger: FingerScriptOptions

    func validate() throws {
        guard (socket != nil) != pty else { throw ValidationError("give exactly one of --socket PATH or --pty") }
        guard (1...12).map({ $0 * 9600 }).contains(baud) else {
            throw ValidationError("--baud: expected a multiple of 9600 up to 115200, got \(baud)")
        }
        try finger.validate()
    }

    func run() async throws {
        let module = SimulatedZFMModule(
            configuration: .init(baudMultiplier: baud / 9600, uartImages: pty, wirePacing: wirePacing.pacing),
            clock: ContinuousClock())
        let stop: @Sendable () async -> Void
        if let socket {
            let server = try ZFMSocketServer(module: module, path: socket)
            server.start()
            stop = { await server.shutdown() }
            emit("fingerprint module simulator on unix:\(socket)")
        } else {
            let server = try ZFMPTYServer(module: module, baud: baud)
            server.start()
            stop = { await server.shutdown() }
            emit(
                "fingerprint module simulator on \(server.slavePath) (UART \(baud) 8N1, \(wirePacing.summary)): fingerprint.link tty:\(server.slavePath)"
            )
        }
        if let script = try finger.script() {
            module.run(script)
            emit(finger.summary)
        }
        await waitForInterrupt()
        await stop()
    }
}
