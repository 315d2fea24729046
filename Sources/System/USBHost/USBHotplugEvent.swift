/// A device arriving on or leaving the bus.
public enum USBHotplugEvent: Sendable, Hashable {
    /// A device was plugged in (or appeared).
    case arrived(USBDeviceInfo)
    /// A device was unplugged (or disappeared).
    case left(USBDeviceInfo)

    /// The device concerned.
    public var device: USBDeviceInfo {
        switch self {
        case .arrived(let device), .left(let device): device
        }
    }
}

/// How a context learns about arrivals and departures.
public enum USBHotplugMode: Sendable, Hashable {
    /// libusb hotplug callbacks when libusb supports them, otherwise polling every second.
    case automatic
    /// Re-enumerate and diff the device list at this interval, even when libusb supports hotplug.
    case polling(every: Duration)
}
