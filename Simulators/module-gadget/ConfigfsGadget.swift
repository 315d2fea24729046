import Glibc
import SystemSupport
import USBDeviceSim

/// One USB gadget in configfs (`/sys/kernel/config/usb_gadget/NAME`): the device's ids and strings,
/// configuration 1, and one FunctionFS function `ffs.NAME` linked into it; bound to a UDC to plug it in.
struct ConfigfsGadget: Sendable {
    static let root = "/sys/kernel/config/usb_gadget"
    static let udcClass = "/sys/class/udc"

    /// The gadget's and its FunctionFS instance's name (also the functionfs mount source).
    let name: String

    var path: String { Self.root + "/" + name }
    var functionPath: String { path + "/functions/ffs." + name }
    var configPath: String { path + "/configs/c.1" }
    var functionLink: String { configPath + "/ffs." + name }

    /// The first UDC the kernel offers (e.g. `dummy_udc.0`), nil when there is none.
    static func firstUDC() -> String? { GadgetFile.list(udcClass).first }

    /// Creates the gadget tree for `presentation`; the FunctionFS function still needs its descriptors.
    func create(_ presentation: USBPresentation) throws(GadgetError) {
        guard GadgetFile.exists(Self.root) else {
            throw GadgetError(
                "\(Self.root) is missing: load libcomposite and mount configfs (modprobe libcomposite; mount -t configfs none /sys/kernel/config)"
            )
        }
        guard !GadgetFile.exists(path) else {
            throw GadgetError("\(path) already exists: another gadget of that name is set up (--name)")
        }
        try GadgetFile.makeDirectory(path)
        let device = presentation.deviceDescriptor
        try GadgetFile.write(hex(presentation.vendorID), to: path + "/idVendor")
        try GadgetFile.write(hex(presentation.productID), to: path + "/idProduct")
        try GadgetFile.write(hex(presentation.bcdDevice), to: path + "/bcdDevice")
        try GadgetFile.write(hex(UInt16(device[2]) | UInt16(device[3]) << 8), to: path + "/bcdUSB")
        try GadgetFile.write(
            presentation.bulkMaxPacketSize == 512 ? "high-speed" : "full-speed", to: path + "/max_speed")
        let strings = presentation.strings
        if strings.manufacturer != nil || strings.product != nil || strings.serial != nil {
            try GadgetFile.makeDirectory(path + "/strings/0x409")
            let pairs = [
                ("manufacturer", strings.manufacturer), ("product", strings.product), ("serialnumber", strings.serial),
            ]
            for case (let file, let text?) in pairs {
                try GadgetFile.write(text, to: path + "/strings/0x409/" + file)
            }
        }
        try GadgetFile.makeDirectory(configPath)
        let configuration = presentation.configurationDescriptor
        try GadgetFile.write(String(Int(configuration[8]) * 2), to: configPath + "/MaxPower")
        try GadgetFile.write(hex(UInt16(configuration[7])), to: configPath + "/bmAttributes")
        try GadgetFile.makeDirectory(functionPath)
        guard symlink(functionPath, functionLink) == 0 else {
            throw .system("symlink", functionLink, lastSystemCallError())
        }
    }

    /// Plugs the gadget into `udc`: the host enumerates it.
    func bind(udc: String) throws(GadgetError) {
        try GadgetFile.write(udc, to: path + "/UDC")
    }

    /// Unplugs it (no error when it was not bound).
    func unbind() {
        try? GadgetFile.write("\n", to: path + "/UDC")
    }

    /// The UDC it is bound to, nil when unplugged.
    var boundUDC: String? {
        let fd = try? GadgetFile.open(path + "/UDC", flags: O_RDONLY)
        guard let fd else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let name = String(decoding: buffer[..<count], as: UTF8.self).trimmingNewlines
        return name.isEmpty ? nil : name
    }

    /// Unbinds and removes the whole tree, deepest first; returns what could not be removed.
    func remove() -> [String] {
        unbind()
        var leftovers: [String] = []
        if unlink(functionLink) != 0 && errno != ENOENT { leftovers.append(functionLink) }
        for directory in [configPath, functionPath, path + "/strings/0x409", path] {
            if rmdir(directory) != 0 && errno != ENOENT { leftovers.append(directory) }
        }
        return leftovers
    }

    private func hex(_ value: UInt16) -> String { "0x" + String(value, radix: 16) }
}

/// The errno of the call that just failed.
func lastSystemCallError() -> SystemCallError { SystemCallError(code: errno) }

extension String {
    var trimmingNewlines: String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}
