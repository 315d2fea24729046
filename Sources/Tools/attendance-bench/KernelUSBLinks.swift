import FingerprintLinks
import FingerprintModule
import Foundation
import USBHost

/// The USB rows of `attendance-bench usb-link` over the real kernel (inside the tier-3 VM): the module
/// simulator served as a real USB device by `module-gadget` (FunctionFS on dummy_hcd, a finger left on
/// the sensor), reached through libusb and usbfs, and through the kernel's own ch341 driver as a tty.
struct KernelUSBLinks {
    let gadget: String
    let bench: LinkBench

    /// The presentations measured: the gadget's name for each, the wire, the image encoding, and how to reach it.
    enum Path { case libusb, kernelTTY }
    static let rows: [(presentation: String, wire: LinkBench.Wire, encoding: ZFMImageEncoding, path: Path)] = [
        ("native", .usbFullSpeed, .eightBitsPerPixel, .libusb),
        ("native-high", .usbHighSpeed, .eightBitsPerPixel, .libusb),
        (
            "ch340", .uart("USB CH340 1a86:7523 bridge (libusb, ch341 detached)", baud: 57_600), .fourBitsPerPixel,
            .libusb
        ),
        ("ch340", .uart("USB CH340 via the kernel's ch341 (ttyUSB)", baud: 57_600), .fourBitsPerPixel, .kernelTTY),
        (
            "cp210x", .uart("USB CP210x 10c4:ea60 bridge (libusb, cp210x detached)", baud: 57_600), .fourBitsPerPixel,
            .libusb
        ),
    ]

    /// Every row measured; a row that fails is reported with its error and the rest still run.
    func run() async -> (results: [LinkBench.Result], failed: [String]) {
        var results: [LinkBench.Result] = []
        var failed: [String] = []
        for row in Self.rows {
            do {
                results.append(try await measure(row))
            } catch {
                failed.append("\(row.wire.link) [kernel]: \(error)")
            }
        }
        return (results, failed)
    }

    private func measure(
        _ row: (presentation: String, wire: LinkBench.Wire, encoding: ZFMImageEncoding, path: Path)
    ) async throws -> LinkBench.Result {
        let child = try await GadgetChild.start(gadget, presentation: row.presentation, finger: LinkBench.finger)
        do {
            let result: LinkBench.Result
            switch row.path {
            case .libusb:
                let context = try USBContext()
                do {
                    let connection = try await Self.openWhenEnumerated(context)
                    result = try await bench.run(
                        wire: kernelWire(row.wire), link: connection.link, module: nil, encoding: row.encoding)
                    await connection.link.close()
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
            case .kernelTTY:
                let path = try await Self.ttyWhenBound()
                let link = try await TTYLink.open(path: path, baud: 57_600)
                result = try await bench.run(
                    wire: kernelWire(row.wire), link: link, module: nil, encoding: row.encoding)
                await link.close()
            }
            await child.stop()
            return result
        } catch {
            await child.stop()
            throw BenchError("\(error); module-gadget said:\n\(child.output)")
        }
    }

    private func kernelWire(_ wire: LinkBench.Wire) -> LinkBench.Wire {
        .init(link: wire.link + " [kernel]", bytesPerSecond: wire.bytesPerSecond, rateBasis: wire.rateBasis)
    }

    /// The device shows up on the bus a moment after the gadget binds: a few tries.
    private static func openWhenEnumerated(_ context: USBContext) async throws -> FingerprintUSBConnection {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                return try await FingerprintUSBDevice.open(context: context)
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw BenchError("no fingerprint module on the USB bus after 10 s: \(String(describing: lastError))")
    }

    /// /dev/ttyUSB0 once the kernel's ch341 driver has bound.
    private static func ttyWhenBound() async throws -> String {
        for _ in 0..<50 {
            if let tty = try? FileManager.default.contentsOfDirectory(atPath: "/dev").first(where: {
                $0.hasPrefix("ttyUSB")
            }) {
                return "/dev/" + tty
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError("no /dev/ttyUSB* after 10 s: is the ch341 driver loaded?")
    }
}
