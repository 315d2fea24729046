import FingerprintModule
import USBHost

/// An opened fingerprint module on USB: the link plus what it is.
public struct FingerprintUSBConnection: Sendable {
    /// The byte link to hand to the ZFM driver.
    public let link: any ByteLink
    /// The USB device the link runs over.
    public let device: USBDeviceInfo
    /// How the module is attached.
    public let kind: FingerprintUSBLinkKind
    /// Human description, e.g. "ZFM module behind CH340 at bus 1 address 2".
    public let description: String
}

/// Finds a fingerprint module among the USB devices and opens it as the right kind of link.
public enum FingerprintUSBDevice {
    /// Opens the first device in `table` (devices of kind `preferring` first), as a `USBBulkLink` for
    /// native modules or a `USBSerialBridgeLink` at `baud` for bridges. If opening one device fails, the
    /// next is tried; when all fail, the first failure is thrown.
    public static func open(
        context: USBContext, table: FingerprintUSBDeviceTable = FingerprintUSBDeviceTable(),
        preferring: FingerprintUSBLinkKind? = nil,
        baud: Int = 57_600, clock: any Clock<Duration> = ContinuousClock()
    ) async throws(FingerprintUSBError) -> FingerprintUSBConnection {
        let present: [USBDeviceInfo]
        do {
            present = try context.devices()
        } catch {
            throw .usb(error, while: "listing USB devices")
        }
        let candidates = orderedCandidates(table.matching(present), preferring: preferring)
        guard !candidates.isEmpty else { throw .noMatchingDevice(present: present) }
        var firstFailure: FingerprintUSBError?
        for (device, kind) in candidates {
            do {
                return try await open(device, as: kind, context: context, baud: baud, clock: clock)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure ?? .noMatchingDevice(present: present)
    }

    /// Opens `device` as a link of `kind`.
    public static func open(
        _ device: USBDeviceInfo, as kind: FingerprintUSBLinkKind, context: USBContext, baud: Int = 57_600,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws(FingerprintUSBError) -> FingerprintUSBConnection {
        let handle: USBDeviceHandle
        do {
            handle = try await context.open(device)
        } catch {
            throw .usb(error, while: "opening \(device)")
        }
        let link: any ByteLink
        if let bridge = SerialBridges.bridge(for: kind, interface: handle.interfaceNumber) {
            link = try await USBSerialBridgeLink.open(transport: handle, bridge: bridge, baud: baud, clock: clock)
        } else {
            do {
                link = try USBBulkLink(transport: handle, clock: clock)
            } catch {
                await handle.close()
                throw .usb(error, while: "opening the native module link on \(device)")
            }
        }
        return FingerprintUSBConnection(
            link: link, device: device, kind: kind, description: describe(device, kind: kind))
    }

    /// "native ZFM module at bus B address A" or "ZFM module behind <bridge> at bus B address A".
    public static func describe(_ device: USBDeviceInfo, kind: FingerprintUSBLinkKind) -> String {
        let place = "at bus \(device.bus) address \(device.address)"
        return kind == .nativeZFM ? "native ZFM module \(place)" : "ZFM module behind \(kind) \(place)"
    }

    /// Matches in bus order, with those of the preferred kind moved to the front.
    static func orderedCandidates(
        _ matches: [(device: USBDeviceInfo, kind: FingerprintUSBLinkKind)], preferring: FingerprintUSBLinkKind?
    ) -> [(device: USBDeviceInfo, kind: FingerprintUSBLinkKind)] {
        guard let preferring else { return matches }
        return matches.filter { $0.kind == preferring } + matches.filter { $0.kind != preferring }
    }
}
