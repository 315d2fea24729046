internal import CUMockdev
import UMockdevCore

typealias IoctlDataRef = GObjectRef<UMockdevIoctlData>
typealias IoctlClientRef = GObjectRef<UMockdevIoctlClient>

extension GObjectRef where Object == UMockdevIoctlData {
    /// The resolved local copy of the client memory.
    var bytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: pointer.pointee.data, count: Int(pointer.pointee.data_len))
    }

    /// The address of this memory in the client process.
    var clientAddress: UInt { UInt(pointer.pointee.client_addr) }

    /// Resolves the client pointer stored at `offset` into `length` bytes of local memory.
    func resolve(offset: Int, length: Int) -> IoctlDataRef? {
        IoctlDataRef.resolve(pointer, offset: offset, length: length)
    }

    static func resolve(_ data: UnsafeMutablePointer<UMockdevIoctlData>, offset: Int, length: Int) -> IoctlDataRef? {
        guard length > 0, Int(data.pointee.data_len) >= offset + MemoryLayout<UInt>.size else { return nil }
        var error: UnsafeMutablePointer<GError>?
        let child = umockdev_ioctl_data_resolve(data, gsize(offset), gsize(length), &error)
        if let error { g_error_free(error) }
        return child.map { IoctlDataRef(adopting: $0) }
    }

    func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        bytes.storeBytes(of: value, toByteOffset: offset, as: T.self)
    }

    /// A NUL-terminated string field of `capacity` bytes at `offset`.
    func string(at offset: Int, capacity: Int) -> String {
        let field = bytes[offset..<min(bytes.count, offset + capacity)]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    func storeString(_ text: String, at offset: Int, capacity: Int) {
        let utf8 = Array(text.utf8.prefix(capacity - 1))
        for index in 0..<capacity { bytes[offset + index] = index < utf8.count ? utf8[index] : 0 }
    }
}
