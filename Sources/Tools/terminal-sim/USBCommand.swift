import ArgumentParser
import FingerprintModuleSim
import Foundation
import UMockdevHarness
import USBDeviceSim

struct USB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb",
        abstract:
            "Plug a simulated fingerprint module into a umockdev USB bus and run a command against it on the real libusb path.",
        discussion: """
            Run under the umockdev preload; the command inherits LD_PRELOAD and UMOCKDEV_DIR, so its libusb sees the simulated device. Example:
              LD_PRELOAD=libumockdev-preload.so.0 terminal-sim usb --presentation ch340 -- attendctl fingerprint info --link usb
            """)

    @Option(
        help:
            "How the module appears on the bus: native (1209:0001, full speed), native-high (high speed), ch340 (1a86:7523) or cp210x (10c4:ea60)."
    )
    var presentation: USBPresentation = .ch340

    @Option(
        help:
            "Behind a bridge (ch340, cp210x): whether the module's bytes reach bulk IN no faster than the UART's baud (on) or at memory speed (off). Native modules are never paced."
    )
    var wirePacing: WirePacingOption = .on

    @OptionGroup var finger: FingerScriptOptions

    @Argument(parsing: .postTerminator, help: "The command to run (after --) and its arguments.")
    var command: [String] = []

    /// How to run terminal-sim under the preload.
    static let makeHint =
        "run LD_PRELOAD=libumockdev-preload.so.0 terminal-sim usb -- COMMAND … (the Makefile sets it for its umockdev targets, e.g. `make demo-usb`)"

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("give the command to run after --, e.g. -- attendctl fingerprint info --link usb")
        }
        try finger.validate()
    }

    func run() async throws {
        guard UMockdevEnvironment.isPreloaded else {
            throw USBCommandError("terminal-sim usb needs libumockdev-preload in this process: \(Self.makeHint)")
        }
        let executable = try USBChildProcess.resolve(command[0])
        let module = SimulatedZFMModule(
            configuration: .init(uartImages: presentation.isBridge, wirePacing: wirePacing.pacing),
            clock: ContinuousClock())
        let device: AttachedUSBDevice
        do {
            device = try UMockdevTestbed.withModule(presentation, module: module)
        } catch {
            throw USBCommandError("cannot set up the umockdev testbed: \(error)")
        }
        emit(
            "terminal-sim usb: \(presentation) at \(device.deviceNode) (bus \(device.busNumber) address \(device.deviceAddress))\(presentation.isBridge ? " wired to the module at 57600 8N1, \(wirePacing.summary)" : "")"
        )
        if let script = try finger.script() {
            module.run(script)
            emit("terminal-sim usb: \(finger.summary)")
        }
        let status: Int32
        do {
            status = try await USBChildProcess.run(executable: executable, arguments: Array(command.dropFirst()))
        } catch {
            device.testbed.shutDown()
            throw error
        }
        device.testbed.shutDown()
        emit("terminal-sim usb: \(command[0]) exited with status \(status); testbed shut down")
        throw ExitCode(status)
    }
}

/// `--presentation` values: USBDeviceSim's option names.
extension USBPresentation: ExpressibleByArgument {
    public init?(argument: String) { self.init(optionName: argument) }
    public static var allValueStrings: [String] { optionNames }
    public var defaultValueDescription: String { optionName }
}

struct USBCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
