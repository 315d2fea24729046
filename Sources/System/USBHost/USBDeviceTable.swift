/// Maps VID:PID to what the caller knows about such a device (its `Kind`), and picks the known devices
/// out of a bus listing. USBHost knows nothing of the kinds; the layer that owns them fills the table.
public struct USBDeviceTable<Kind: Hashable & Sendable>: Sendable, Equatable {
    /// The entries, by device id.
    public private(set) var entries: [USBDeviceID: Kind]

    /// A table with the given entries.
    public init(entries: [USBDeviceID: Kind]) {
        self.entries = entries
    }

    /// Adds or replaces one entry.
    public mutating func add(_ id: USBDeviceID, as kind: Kind) {
        entries[id] = kind
    }

    /// The kind for `id`, or nil when the table does not know it.
    public func kind(for id: USBDeviceID) -> Kind? {
        entries[id]
    }

    /// The devices the table knows, in the given order, paired with their kinds.
    public func matching(_ devices: [USBDeviceInfo]) -> [(device: USBDeviceInfo, kind: Kind)] {
        devices.compactMap { device in
            entries[device.id].map { (device: device, kind: $0) }
        }
    }
}
