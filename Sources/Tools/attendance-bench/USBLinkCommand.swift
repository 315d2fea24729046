import ArgumentParser
import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Foundation
import UMockdevHarness
import USBDeviceSim
import USBHost

/// `attendance-bench usb-link`: the driver's command round trip and image upload over every link kind.
struct USBLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb-link",
        abstract:
            "Command round trip and image upload per link (in-process, socket, pty, native USB, CH340, CP210x) against each link's line rate."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/usb-link.json"

    @Option(help: "Command round trips per link.")
    var commands: Int = 200

    @Option(help: "Image uploads per link.")
    var images: Int = 5

    @Option(
        help:
            "Measure the USB links over the real kernel instead of umockdev: the module-gadget executable that serves the module through FunctionFS (inside the tier-3 VM; make test-vm does)."
    )
    var kernelGadget: String?

    struct Report: Codable {
        let benchmark: String
        let date: Date
        let build: String
        /// The simulator answers at once: no wire time is simulated, so each ratio is the host
        /// side's share of the time the real wire needs for the same bytes.
        let note: String
        let links: [LinkBench.Result]
        let skipped: [String]
    }

    func validate() throws {
        guard commands >= 1, images >= 1 else { throw ValidationError("--commands and --images must be at least 1") }
    }

    func run() async throws {
        let bench = LinkBench(commands: commands, images: images)
        var results: [LinkBench.Result] = []
        var skipped: [String] = []

        do {
            let module = SimulatedZFMModule()
            let pair = InProcessLinkPair()
            let serving = Task { await module.serve(pair.device) }
            results.append(
                try await bench.run(
                    wire: .init(link: "in-process link", bytesPerSecond: nil, rateBasis: "no wire"),
                    link: pair.host, module: module, encoding: .eightBitsPerPixel))
            serving.cancel()
        }
        do {
            let module = SimulatedZFMModule()
            let path = FileManager.default.temporaryDirectory.path + "/bench-link-\(getpid()).sock"
            let server = try ZFMSocketServer(module: module, path: path)
            server.start()
            let link = try await UnixSocketLink.connect(path: path)
            results.append(
                try await bench.run(
                    wire: .init(link: "Unix-domain socket", bytesPerSecond: nil, rateBasis: "no wire"),
                    link: link, module: module, encoding: .eightBitsPerPixel))
            await link.close()
            await server.shutdown()
        }
        do {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            let server = try ZFMPTYServer(module: module)
            server.start()
            let link = try await TTYLink.open(path: server.slavePath, baud: 57_600)
            results.append(
                try await bench.run(
                    wire: .uart("tty (pseudo-terminal, termios)", baud: 57_600), link: link, module: module,
                    encoding: .fourBitsPerPixel))
            await link.close()
            await server.shutdown()
        }
        if let kernelGadget {
            let kernel = await KernelUSBLinks(gadget: kernelGadget, bench: bench).run()
            results += kernel.results
            skipped += kernel.failed.map { "failed: \($0)" }
        } else if UMockdevEnvironment.isPreloaded {
            let usb: [(USBPresentation, LinkBench.Wire, ZFMImageEncoding)] = [
                (.native(.full), .usbFullSpeed, .eightBitsPerPixel),
                (.native(.high), .usbHighSpeed, .eightBitsPerPixel),
                (.ch340, .uart("USB CH340 1a86:7523 bridge", baud: 57_600), .fourBitsPerPixel),
                (.cp210x, .uart("USB CP210x 10c4:ea60 bridge", baud: 57_600), .fourBitsPerPixel),
            ]
            for (presentation, wire, encoding) in usb {
                let module = SimulatedZFMModule(configuration: .init(uartImages: encoding == .fourBitsPerPixel))
                let result = try await UMockdevTestbed.run(presentation, module: module) { _ in
                    let context = try USBContext()
                    let connection = try await FingerprintUSBDevice.open(context: context)
                    let result = try await bench.run(
                        wire: wire, link: connection.link, module: module, encoding: encoding)
                    await connection.link.close()
                    await context.shutdown()
                    return result
                }
                results.append(result)
            }
        } else {
            skipped.append("USB links: run with LD_PRELOAD=libumockdev-preload.so.0 (make bench does)")
        }

        for result in results {
            let ratio = result.commandRatio.map { String(format: "%.3f", $0) } ?? "-"
            let imageRatio = result.imageRatio.map { String(format: "%.4f", $0) } ?? "-"
            let name = result.wire.link.padding(toLength: 56, withPad: " ", startingAt: 0)
            print(
                "  \(name) command " + String(format: "%.3f ms", result.commandRoundTripMs.median)
                    + " (×\(ratio) of wire)"
                    + "  image " + String(format: "%.1f ms", result.imageUploadMs.median)
                    + " for \(result.imageBytes) bytes (×\(imageRatio) of wire)")
        }
        skipped.forEach { print("  skipped: \($0)") }
        try writeJSON(
            Report(
                benchmark: "usb-link", date: Date(), build: buildKind,
                note:
                    "The simulator adds no wire time; ratio = measured host-side time ÷ the time the wire needs for the same bytes.",
                links: results, skipped: skipped),
            to: output)
        print("wrote \(output)")
    }
}
