import CFunctionFS
import USBDeviceSim

/// The two blobs a FunctionFS function writes to `ep0` before it can be bound: its descriptors
/// (FUNCTIONFS_DESCRIPTORS_MAGIC_V2, full- and high-speed sets) and its strings.
enum FunctionFSBlobs {
    /// The interface and endpoint descriptors of `presentation`, little-endian as the kernel reads them.
    /// A bridge asks for every control request (FUNCTIONFS_ALL_CTRL_RECIP): a CH340's vendor requests
    /// are addressed to the device, which FunctionFS would otherwise answer with a stall.
    static func descriptors(_ presentation: USBPresentation) -> [UInt8] {
        let interface = presentation.interface
        var flags = UInt32(FUNCTIONFS_HAS_FS_DESC.rawValue | FUNCTIONFS_HAS_HS_DESC.rawValue)
        if presentation.isBridge { flags |= UInt32(FUNCTIONFS_ALL_CTRL_RECIP.rawValue) }
        let count = UInt32(1 + interface.endpoints.count)
        let body =
            speedSet(interface, stringIndex: interface.stringIndex == 0 ? 0 : 1, highSpeed: false)
            + speedSet(interface, stringIndex: interface.stringIndex == 0 ? 0 : 1, highSpeed: true)
        var blob: [UInt8] = []
        blob.appendLE32(UInt32(FUNCTIONFS_DESCRIPTORS_MAGIC_V2))
        blob.appendLE32(UInt32(4 * 5 + body.count))
        blob.appendLE32(flags)
        blob.appendLE32(count)  // fs_count
        blob.appendLE32(count)  // hs_count
        return blob + body
    }

    /// One speed's interface descriptor and endpoint descriptors: bulk packets are 512 bytes at high
    /// speed, the presentation's own size (64, or a CH340's 32) at full speed.
    static func speedSet(_ interface: USBDescriptors.Interface, stringIndex: UInt8, highSpeed: Bool) -> [UInt8] {
        var bytes: [UInt8] = [
            9, USBDescriptors.Kind.interface.rawValue, interface.number, 0, UInt8(interface.endpoints.count),
            interface.interfaceClass, interface.subclass, interface.interfaceProtocol, stringIndex,
        ]
        for endpoint in interface.endpoints {
            let size = highSpeed && endpoint.type == .bulk ? 512 : endpoint.maxPacketSize
            // A high-speed interval counts 2^(n-1) microframes: 4 is 1 ms, a full-speed 1.
            let interval = highSpeed && endpoint.type == .interrupt ? 4 : endpoint.interval
            bytes += [7, USBDescriptors.Kind.endpoint.rawValue, endpoint.address, endpoint.type.rawValue]
            bytes += [UInt8(size & 0xFF), UInt8(size >> 8), interval]
        }
        return bytes
    }

    /// The function's strings: the interface string (US English) when the presentation names its
    /// interface (a CP2102 does), else none.
    static func strings(_ presentation: USBPresentation) -> [UInt8] {
        let text: String? = presentation.interface.stringIndex == 0 ? nil : presentation.strings.product
        var body: [UInt8] = []
        if let text {
            body.appendLE16(0x0409)
            body += Array(text.utf8) + [0]
        }
        var blob: [UInt8] = []
        blob.appendLE32(UInt32(FUNCTIONFS_STRINGS_MAGIC))
        blob.appendLE32(UInt32(16 + body.count))
        blob.appendLE32(text == nil ? 0 : 1)  // str_count
        blob.appendLE32(text == nil ? 0 : 1)  // lang_count
        return blob + body
    }
}

extension [UInt8] {
    mutating func appendLE16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendLE32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
