import ArgumentParser
import DeviceSetup
import FingerprintModule
import Foundation

struct Fingerprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The fingerprint module: USB devices, parameters, test captures and its on-module template library. Template bytes are never printed.",
        subcommands: [
            FingerprintList.self, FingerprintInfo.self, FingerprintCapture.self, FingerprintEnroll.self,
            FingerprintTemplates.self, FingerprintDelete.self, FingerprintEmpty.self, FingerprintEvaluate.self,
            FingerprintRender.self,
        ])
}

/// Which module to talk to: the daemon config's fingerprint section, or --link/--baud in the same syntax.
struct FingerprintLinkOptions: ParsableArguments {
    static let defaultConfig = "/etc/attendanced/attendanced.json"

    @Option(
        help:
            "The daemon's config file; its fingerprint section names the link (default \(defaultConfig) when --link is not given)."
    )
    var config: String?

    @Option(
        help: "The module's link, as fingerprint.link in the config: none, unix:PATH, usb, usb:VVVV:PPPP or tty:PATH.")
    var link: String?

    @Option(
        help:
            "The module's UART speed for tty links and USB-UART bridges (a multiple of 9600 up to 115200; default 57600 or the config's)."
    )
    var baud: Int?

    @Option(
        name: .customLong("usb-device"),
        help: "An extra USB device-table entry vvvv:pppp=kind (kinds: native, ch34x, cp210x, ftdi); repeatable.")
    var usbDevices: [String] = []

    /// The fingerprint settings after the config and the overrides; `needsConfig` is false for
    /// commands that work without one (`list`).
    func settings(needsConfig: Bool = true) throws -> DaemonConfig.Fingerprint {
        var base: DaemonConfig.Fingerprint?
        if let config {
            base = try loadConfig(config)
        } else if link == nil {
            if FileManager.default.fileExists(atPath: Self.defaultConfig) {
                base = try loadConfig(Self.defaultConfig)
            } else if needsConfig {
                throw FingerprintCommandError(
                    "no --link given and no config at \(Self.defaultConfig): pass --link LINK (none, unix:PATH, usb, usb:VVVV:PPPP, tty:PATH) or --config FILE"
                )
            }
        }
        return try FingerprintToolSettings.resolve(base: base, link: link, baud: baud, extraUSBDevices: usbDevices)
    }

    /// Opens the module the settings name.
    func open() async throws -> FingerprintSession {
        let settings = try settings()
        guard settings.link != .none else {
            throw FingerprintCommandError(
                "the fingerprint link is none\(link == nil ? " in the config" : ""): pass --link unix:PATH, usb, usb:VVVV:PPPP or tty:PATH"
            )
        }
        let device: FingerprintDevice?
        do {
            device = try await FingerprintDevice.open(settings)
        } catch {
            throw FingerprintCommandError("cannot open the fingerprint module on \(settings.link): \(error)")
        }
        guard let device, let module = device.module else {
            throw FingerprintCommandError("the fingerprint link \(settings.link) has no ZFM module driver")
        }
        let timeoutHint: String
        switch settings.link {
        case .tty, .usb:
            timeoutHint = " (is the module powered and at \(settings.baud) baud? see --baud / fingerprint.baud)"
        case .none, .unixSocket: timeoutHint = " (is the simulator still serving the socket?)"
        }
        return FingerprintSession(device: device, module: module, timeoutHint: timeoutHint)
    }

    private func loadConfig(_ path: String) throws -> DaemonConfig.Fingerprint {
        do {
            return try DaemonConfig.load(path: path).fingerprint
        } catch {
            throw FingerprintCommandError("\(error) (or pass --link LINK)")
        }
    }
}

/// An open module: the daemon's device wrapper plus the module-side service.
struct FingerprintSession: Sendable {
    let device: FingerprintDevice
    let module: ZFMModule
    /// Appended to a timeout error: what to check.
    let timeoutHint: String

    var service: ZFMFingerprintModuleService { ZFMFingerprintModuleService(module: module) }
    var reader: ZFMFingerprintReader { ZFMFingerprintReader(module: module) }

    /// Runs `body`, closes the link, and names the module in any driver error.
    func use<T: Sendable>(_ body: (FingerprintSession) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await device.close()
            return result
        } catch let error as ZFMError {
            await device.close()
            guard case .timeout = error else { throw FingerprintCommandError("\(device.description): \(error)") }
            throw FingerprintCommandError("\(device.description): \(error)\(timeoutHint)")
        } catch {
            await device.close()
            throw error
        }
    }

    /// ReadSysPara.
    func parameters() async throws -> ZFMSystemParameters {
        try await module.readSysPara()
    }
}

/// A failure the operator can act on; the message says what was wrong.
struct FingerprintCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One line to standard output, unbuffered, so prompts appear at once through a pipe too.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Polls `condition` every `interval` until it holds; false when `timeout` passes first.
func poll(
    every interval: Duration = .milliseconds(100), timeout: Duration, _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: interval)
    }
}

/// "0-2, 7, 9-10".
func pageRanges(_ pages: [Int]) -> String {
    var ranges: [String] = []
    var index = 0
    while index < pages.count {
        var end = index
        while end + 1 < pages.count, pages[end + 1] == pages[end] + 1 { end += 1 }
        ranges.append(end == index ? "\(pages[index])" : "\(pages[index])-\(pages[end])")
        index = end + 1
    }
    return ranges.joined(separator: ", ")
}
