import ArgumentParser
import Foundation
import V4L2

/// `attendctl camera formats`: formats with their sizes and frame rates, then the controls with their ranges.
struct CameraFormats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "Show a camera's pixel formats (sizes, frame rates) and controls (ranges, values).")

    @OptionGroup var camera: CameraDeviceOptions

    func run() async throws {
        let device = try camera.open()
        defer { device.close() }
        do {
            try show(device)
        } catch {
            throw CameraCommandError("camera \(device.path): \(error)")
        }
    }

    private func show(_ device: V4L2Device) throws(V4L2Error) {
        let caps = try device.capabilities()
        say("\(device.path): \(caps.card) (\(caps.driver), \(caps.busInfo))")
        let current = try device.format()
        let rate = (try? device.frameInterval())?.framesPerSecond.map { String(format: " at %.1f fps", $0) } ?? ""
        say("current: \(current.pixelFormat) \(current.width)x\(current.height)\(rate)")
        say("formats:")
        for format in try device.pixelFormats() {
            let flags = [format.isCompressed ? "compressed" : nil, format.isEmulated ? "emulated" : nil].compactMap {
                $0
            }
            say(
                "  \(format.fourcc) \"\(format.description)\"\(flags.isEmpty ? "" : " (" + flags.joined(separator: ", ") + ")")"
            )
            let sizes = try device.frameSizes(for: format.fourcc)
            guard case .discrete(let list) = sizes else {
                say("    sizes: \(CameraCaptureOptions.describe(sizes))")
                continue
            }
            for size in list {
                let intervals = try device.frameIntervals(for: format.fourcc, size: size)
                say("    \(size): \(Self.describe(intervals))")
            }
        }
        say("controls:")
        let controls = try device.controls()
        if controls.isEmpty { say("  none") }
        for control in controls {
            let value = (try? device.controlValue(control.id)).map(String.init) ?? "unreadable"
            let flags = [
                control.isDisabled ? "disabled" : nil, control.isInactive ? "inactive" : nil,
                control.isReadOnly ? "read-only" : nil,
            ].compactMap { $0 }
            say(
                "  \(control.name) (0x\(String(control.id.rawValue, radix: 16)), \(Self.typeName(control.type))): "
                    + "\(control.minimum)...\(control.maximum) step \(control.step), default \(control.defaultValue), value \(value)"
                    + (flags.isEmpty ? "" : " [" + flags.joined(separator: ", ") + "]"))
        }
    }

    static func describe(_ intervals: V4L2FrameIntervals) -> String {
        func fps(_ fraction: V4L2Fraction) -> String {
            fraction.framesPerSecond.map { String(format: "%g fps", $0) } ?? "\(fraction) s"
        }
        switch intervals {
        case .discrete(let list): return list.isEmpty ? "no frame rates listed" : list.map(fps).joined(separator: ", ")
        case .stepwise(let min, let max, let step): return "\(fps(max)) to \(fps(min)) (interval step \(step) s)"
        case .continuous(let min, let max): return "any rate from \(fps(max)) to \(fps(min))"
        }
    }

    /// `enum v4l2_ctrl_type` names for the common types.
    static func typeName(_ type: UInt32) -> String {
        switch type {
        case 1: "integer"
        case 2: "boolean"
        case 3: "menu"
        case 4: "button"
        case 5: "integer64"
        case 9: "integer menu"
        default: "type \(type)"
        }
    }
}
