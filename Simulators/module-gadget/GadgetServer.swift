import Glibc
import Synchronization
import USBDeviceSim

/// The simulated module as a real USB device: the configfs gadget, its FunctionFS function mounted
/// and served (ep0 and bulk threads), and the plug (UDC bind/unbind).
final class GadgetServer: Sendable {
    let gadget: ConfigfsGadget
    let udc: String
    let mountDirectory: String
    let function: GadgetFunction
    private let threads = GadgetThreads()
    private let descriptors: Mutex<[Int32]> = Mutex([])
    private let plugged = Mutex(false)
    /// Whether this process made the configfs tree (only then does it remove it).
    private let created = Mutex(false)

    private init(gadget: ConfigfsGadget, udc: String, mountDirectory: String, function: GadgetFunction) {
        self.gadget = gadget
        self.udc = udc
        self.mountDirectory = mountDirectory
        self.function = function
    }

    /// Sets the gadget up, starts serving it and plugs it into `udc`; on failure undoes what it did.
    static func start(
        function: GadgetFunction, name: String, udc: String, mountDirectory: String, verbose: Bool
    ) throws(GadgetError) -> GadgetServer {
        let server = GadgetServer(
            gadget: ConfigfsGadget(name: name), udc: udc, mountDirectory: mountDirectory, function: function)
        do {
            try server.setUp(verbose: verbose)
            try server.replug()
        } catch {
            server.shutDown()
            throw error
        }
        return server
    }

    private func setUp(verbose: Bool) throws(GadgetError) {
        let presentation = function.presentation
        try gadget.create(presentation)
        created.withLock { $0 = true }
        try GadgetFile.makeDirectory(mountDirectory)
        guard mount(gadget.name, mountDirectory, "functionfs", 0, nil) == 0 else {
            throw .system("mount -t functionfs \(gadget.name)", mountDirectory, lastSystemCallError())
        }
        let ep0Path = mountDirectory + "/ep0"
        let ep0 = try GadgetFile.open(ep0Path, flags: O_RDWR)
        descriptors.withLock { $0.append(ep0) }
        try GadgetFile.writeAll(FunctionFSBlobs.descriptors(presentation), to: ep0, path: ep0Path + " (descriptors)")
        try GadgetFile.writeAll(FunctionFSBlobs.strings(presentation), to: ep0, path: ep0Path + " (strings)")
        // Endpoint files ep1… follow the order of the endpoint descriptors.
        let endpoints = presentation.interface.endpoints
        guard let outIndex = endpoints.firstIndex(where: { !$0.isIn && $0.type == .bulk }),
            let inIndex = endpoints.firstIndex(where: { $0.isIn && $0.type == .bulk })
        else { throw GadgetError("\(presentation) has no bulk IN and OUT endpoint pair") }
        let outPath = mountDirectory + "/ep\(outIndex + 1)"
        let inPath = mountDirectory + "/ep\(inIndex + 1)"
        let outFD = try GadgetFile.open(outPath, flags: O_RDWR)
        descriptors.withLock { $0.append(outFD) }
        let inFD = try GadgetFile.open(inPath, flags: O_RDWR)
        descriptors.withLock { $0.append(inFD) }
        let ep0Server = Ep0Server(fd: ep0, path: ep0Path, function: function, threads: threads, verbose: verbose)
        let pump = BulkPump(function: function, threads: threads, inPacketSize: presentation.bulkMaxPacketSize)
        threads.spawn("gadget-ep0") { ep0Server.run() }
        threads.spawn("gadget-bulk-out") { pump.runOut(fd: outFD, path: outPath) }
        threads.spawn("gadget-bulk-in") { pump.runIn(fd: inFD, path: inPath) }
    }

    /// Pulls the cable: unbinds the UDC (the host sees a disconnect) and powers the device off.
    func unplug() {
        plugged.withLock { plugged in
            guard plugged else { return }
            gadget.unbind()
            function.powerCycle()
            plugged = false
            GadgetLog.line("unplugged from \(udc)")
        }
    }

    /// Plugs the cable in: binds the UDC, and the host enumerates the device afresh.
    func replug() throws(GadgetError) {
        try plugged.withLock { (plugged) throws(GadgetError) in
            guard !plugged else { return }
            try gadget.bind(udc: udc)
            plugged = true
            GadgetLog.line("plugged into \(udc) as \(function.presentation)")
        }
    }

    var isPlugged: Bool { plugged.withLock { $0 } }

    /// Unbinds, lets the threads end, closes the files, unmounts and removes the gadget.
    func shutDown() {
        threads.stop()
        gadget.unbind()
        plugged.withLock { $0 = false }
        if !threads.join(timeout: .seconds(2)) {
            GadgetLog.line("a gadget thread is still blocked; leaving it to the process exit")
        }
        for fd in descriptors.withLock({ $0 }) { close(fd) }
        descriptors.withLock { $0 = [] }
        if umount2(mountDirectory, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            GadgetLog.line(lastSystemCallError().message("umount \(mountDirectory)"))
        }
        rmdir(mountDirectory)
        guard created.withLock({ $0 }) else { return }
        let leftovers = gadget.remove()
        if !leftovers.isEmpty { GadgetLog.line("could not remove: \(leftovers.joined(separator: ", "))") }
    }
}
