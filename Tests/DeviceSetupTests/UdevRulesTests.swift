import FingerprintLinks
import Foundation
import Testing
import USBHost

/// The udev rules against the device table: every supported module gets the daemon's group and nothing
/// wider, ModemManager leaves the serial bridges alone, and seat access (`uaccess`) is only in the
/// opt-in file.
@Suite("udev rules against the fingerprint USB device table")
struct UdevRulesTests {
    static let udevFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("udev")

    /// One rule line: its comparisons (`==`) and its assignments (`=`, `+=`), each by key.
    struct Rule {
        var matches: [String: String] = [:]
        var assignments: [String: String] = [:]

        init(line: Substring) {
            for token in line.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                for (operation, isMatch) in [("==", true), ("+=", false), ("=", false)] {
                    guard let range = token.range(of: operation) else { continue }
                    let key = String(token[..<range.lowerBound]) + (operation == "+=" ? "+" : "")
                    let value = token[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if isMatch { matches[key] = value } else { assignments[key] = value }
                    break
                }
            }
        }
    }

    static func rules(_ relativePath: String) throws -> [Rule] {
        let text = try String(contentsOf: udevFolder.appendingPathComponent(relativePath), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
            .map(Rule.init)
    }

    static let mainFile = "60-attendance-terminal.rules"
    static let seatFile = "opt-in/70-attendance-terminal-uaccess.rules"

    static func hex(_ value: UInt16) -> String { String(format: "%04x", value) }

    static func rule(
        in rules: [Rule], subsystem: String, _ id: USBDeviceID, attribute: String
    ) -> Rule? {
        rules.first {
            $0.matches["SUBSYSTEM"] == subsystem && $0.matches["\(attribute){idVendor}"] == hex(id.vendor)
                && $0.matches["\(attribute){idProduct}"] == hex(id.product)
        }
    }

    @Test("every device of the table gets mode 0660 and group attendance; the bridges' ttys too")
    func everyDeviceHasGroupAccess() throws {
        let rules = try Self.rules(Self.mainFile)
        for (id, kind) in FingerprintUSBDeviceTable.builtInEntries {
            let usb = try #require(Self.rule(in: rules, subsystem: "usb", id, attribute: "ATTR"), "\(id)")
            #expect(usb.assignments["MODE"] == "0660", "\(id)")
            #expect(usb.assignments["GROUP"] == "attendance", "\(id)")
            guard kind != .nativeZFM else { continue }
            let tty = try #require(Self.rule(in: rules, subsystem: "tty", id, attribute: "ATTRS"), "\(id) tty")
            #expect(tty.assignments["MODE"] == "0660", "\(id) tty")
            #expect(tty.assignments["GROUP"] == "attendance", "\(id) tty")
        }
    }

    @Test("ModemManager is told to leave every serial bridge alone, on the USB device and on its tty")
    func modemManagerIgnoresTheBridges() throws {
        let rules = try Self.rules(Self.mainFile)
        let bridges = FingerprintUSBDeviceTable.builtInEntries.filter { $0.value != .nativeZFM }
        #expect(bridges.count == 3)
        for id in bridges.keys {
            for (subsystem, attribute) in [("usb", "ATTR"), ("tty", "ATTRS")] {
                let rule = try #require(Self.rule(in: rules, subsystem: subsystem, id, attribute: attribute))
                #expect(rule.assignments["ENV{ID_MM_DEVICE_IGNORE}"] == "1", "\(id) \(subsystem)")
            }
        }
    }

    @Test("the installed rules give no seat access and nothing beyond 0660; uaccess is only in the opt-in file")
    func uaccessIsOptIn() throws {
        let rules = try Self.rules(Self.mainFile)
        for rule in rules {
            #expect(rule.assignments["TAG+"] == nil, "\(rule.matches)")
            if let mode = rule.assignments["MODE"] { #expect(mode == "0660") }
        }
        // `cp udev/*.rules` installs only the default file.
        let topLevel = try FileManager.default.contentsOfDirectory(atPath: Self.udevFolder.path)
            .filter { $0.hasSuffix(".rules") }
        #expect(topLevel == [Self.mainFile])

        let seat = try Self.rules(Self.seatFile)
        for (id, kind) in FingerprintUSBDeviceTable.builtInEntries {
            #expect(Self.rule(in: seat, subsystem: "usb", id, attribute: "ATTR")?.assignments["TAG+"] == "uaccess")
            if kind != .nativeZFM {
                #expect(
                    Self.rule(in: seat, subsystem: "tty", id, attribute: "ATTRS")?.assignments["TAG+"] == "uaccess")
            }
        }
        #expect(seat.contains { $0.matches["SUBSYSTEM"] == "video4linux" && $0.assignments["TAG+"] == "uaccess" })
        // systemd applies uaccess in 73-seat-late.rules: a tag added later has no effect.
        let number = try #require(Int(URL(fileURLWithPath: Self.seatFile).lastPathComponent.prefix(2)))
        #expect(number < 73)
    }
}
