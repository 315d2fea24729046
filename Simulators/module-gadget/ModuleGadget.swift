import ArgumentParser
import FingerprintModuleSim
import Foundation
import Glibc
import USBDeviceSim

/// `module-gadget`: the simulated ZFM module as a real USB device on a USB device controller (in the
/// tier-3 VM, dummy_hcd's `dummy_udc.0`), so the kernel's own USB stack and drivers see it.
@main
struct ModuleGadget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "module-gadget",
        abstract: "Serve the simulated fingerprint module as a real USB device through configfs and FunctionFS.",
        discussion: """
            Run as root where a UDC exists (the tier-3 VM loads dummy_hcd, libcomposite and usb_f_fs).
            It plugs in at once; SIGUSR1 unplugs (unbinds the UDC), SIGUSR2 replugs, SIGTERM/SIGINT unplug
            and remove the gadget. With --control PATH it also reads commands from that named pipe, one a
            line: unplug, replug, quit, lift, place FINGER, place-image PATH.
            Example: module-gadget --presentation ch340 --finger alice-right-index
            """)

    @Option(help: "How the module appears: native (1209:0001), native-high, ch340 (1a86:7523) or cp210x (10c4:ea60).")
    var presentation: USBPresentation = .native(.full)

    @Option(help: "The gadget's configfs name and FunctionFS instance.")
    var name = "zfm"

    @Option(help: "The USB device controller to bind to (default: the first in /sys/class/udc).")
    var udc: String?

    @Option(name: .customLong("mount-dir"), help: "Where to mount the FunctionFS instance (default: /dev/ffs-NAME).")
    var mountDirectory: String?

    @Option(help: "A named pipe to create and read control commands from.")
    var control: String?

    @Option(help: "A generated finger to leave on the sensor, e.g. alice-right-index.")
    var finger: String?

    @Option(name: .customLong("finger-image"), help: "A fingerprint image (8-bit TIFF or PGM) to leave on the sensor.")
    var fingerImage: String?

    @Flag(help: "Log every control request and its answer.")
    var verbose = false

    func validate() throws {
        guard finger == nil || fingerImage == nil else {
            throw ValidationError("give --finger or --finger-image, not both")
        }
        guard !name.isEmpty, !name.contains("/") else {
            throw ValidationError("--name: expected a plain name, got '\(name)'")
        }
    }

    func run() throws {
        let signals = GadgetSignals.block()
        let module = SimulatedZFMModule(
            configuration: .init(uartImages: presentation.isBridge), clock: ContinuousClock())
        if let finger { module.place(SimulatedFinger(finger)) }
        if let fingerImage {
            do {
                module.place(try SimulatedFinger(imageFile: URL(fileURLWithPath: fingerImage)))
            } catch {
                throw ValidationError("--finger-image \(fingerImage): \(error)")
            }
        }
        guard let udc = udc ?? ConfigfsGadget.firstUDC() else {
            throw GadgetError(
                "no USB device controller in \(ConfigfsGadget.udcClass): load one (modprobe dummy_hcd) or give --udc")
        }
        if let control { try GadgetControlFIFO.create(at: control) }
        let server: GadgetServer
        do {
            server = try GadgetServer.start(
                function: GadgetFunction(presentation: presentation, module: module), name: name, udc: udc,
                mountDirectory: mountDirectory ?? "/dev/ffs-\(name)", verbose: verbose)
        } catch {
            if let control { unlink(control) }
            throw error
        }
        if let control {
            let fifo = GadgetControlFIFO(path: control, server: server)
            let thread = Thread { fifo.run() }
            thread.name = "gadget-control"
            thread.start()
        }
        GadgetLog.line("serving \(presentation) (pid \(getpid()))")
        serve(server, signals: signals)
        server.shutDown()
        if let control { unlink(control) }
        GadgetLog.line("stopped: \(server.function.counters)")
    }

    private func serve(_ server: GadgetServer, signals: GadgetSignals) {
        while true {
            switch signals.next() {
            case .unplug:
                server.unplug()
            case .replug:
                do {
                    try server.replug()
                } catch {
                    GadgetLog.line("replug: \(error)")
                }
            case .quit:
                return
            }
        }
    }
}

/// `--presentation` values: USBDeviceSim's option names.
extension USBPresentation: ExpressibleByArgument {
    public init?(argument: String) { self.init(optionName: argument) }
    public static var allValueStrings: [String] { optionNames }
    public var defaultValueDescription: String { optionName }
}
