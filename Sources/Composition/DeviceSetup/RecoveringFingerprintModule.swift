import Biometrics
import FingerprintLinks
import FingerprintModule
import Foundation
import USBHost

/// Holds the fingerprint module a config names and reopens it when it is lost, so that the reader,
/// matcher and searcher built over it (`FingerprintDevice.recovering`) keep working across a restarted
/// module, socket or serial port, or a replugged USB cable.
///
/// A module counts as there once it opened and answered ReadSysPara. It is lost when its link fails
/// for good (closed by the peer, an I/O error; `LinkLossWatch`), when it stops answering the same
/// probe, sent every `settings.retryInterval` while no call runs (so a socket or serial module that
/// went away between enrollments shows as absent), or, on USB, when libusb hotplug reports it gone.
/// It is reopened on the next call, every `settings.retryInterval` while absent, and on USB when a
/// matching device arrives. A call that failed because the module went away is never repeated on
/// the reopened one: the enrollment that made it has failed already, and the next one runs on the
/// new module. Each reopen builds a new driver, reader, matcher and library searcher, so nothing
/// cached about the old module's library survives it.
actor RecoveringFingerprintModule {
    /// An opened module, numbered so that a late failure of an older one cannot drop a newer one.
    struct Opened: Sendable {
        let device: FingerprintDevice
        let usbDevice: USBDeviceInfo?
        let watch: LinkLossWatch
        let generation: Int
    }

    /// From the config, e.g. "ZFM module on unix:/run/fp.sock"; presence says what is attached now.
    nonisolated let description: String
    nonisolated let presence: DevicePresenceTracker
    private let config: DaemonConfig.Fingerprint
    private let settings: FingerprintRecoverySettings
    private let clock: any Clock<Duration>
    /// For USB links: one context for the daemon's life, whose hotplug events this follows.
    private let usbContext: USBContext?
    private let usbTable: FingerprintUSBDeviceTable?
    private var current: Opened?
    private var opening: Task<Opened, any Error>?
    private var generation = 0
    /// Calls running on the module now: the idle probe waits for none.
    private var callsInFlight = 0
    private var closed = false
    private var background: [Task<Void, Never>] = []
    /// Closing lost modules: a close can wait on a gone device, and must not hold up hotplug events.
    private var closing: [Int: Task<Void, Never>] = [:]
    /// Opening a device that hotplug reported arriving.
    private var arrival: Task<Void, Never>?

    /// Checks what no reopen can fix (a USB device table entry) and, for USB, starts libusb.
    init(
        config: DaemonConfig.Fingerprint, settings: FingerprintRecoverySettings, clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date
    ) throws {
        self.config = config
        self.settings = settings
        self.clock = clock
        presence = DevicePresenceTracker(wallClock: wallClock)
        description = Self.describe(config)
        if case .usb(let vendor, let product) = config.link {
            let table = try FingerprintUSBDeviceTable(configured: config.usbDevices)
            if let vendor, let product {
                let wanted = USBDeviceID(vendor: vendor, product: product)
                guard table.kind(for: wanted) != nil else { throw FingerprintDeviceError.notInDeviceTable(wanted) }
            }
            usbTable = table
            usbContext = try USBContext()
        } else {
            usbTable = nil
            usbContext = nil
        }
    }

    /// Follows hotplug (subscribed before the first open, so no arrival is missed), opens the module
    /// once, and starts the timer that reopens it while absent and probes it while idle.
    func start() async {
        if let usbContext {
            let events = usbContext.events
            background.append(
                Task { [weak self] in
                    for await event in events {
                        guard let self else { return }
                        await self.follow(event)
                    }
                })
        }
        _ = try? await acquire()
        let clock = self.clock
        let interval = settings.retryInterval
        guard interval > .zero else { return }
        background.append(
            Task { [weak self] in
                while true {
                    do { try await clock.sleep(for: interval) } catch { return }
                    guard let self else { return }
                    await self.tick()
                }
            })
    }

    /// Runs `body` on the module there now, opening it first if it is away. When `body` fails because
    /// the link is gone, the module is dropped (the next call reopens it) and the error is rethrown.
    nonisolated func run<T: Sendable>(_ body: @Sendable (FingerprintDevice) async throws -> T) async throws -> T {
        let opened = try await beginCall()
        do {
            let result = try await body(opened.device)
            await endCall()
            return result
        } catch {
            await endCall(failure: error, of: opened)
            throw error
        }
    }

    /// Stops reopening and following hotplug, closes the module and the libusb context.
    func close() async {
        guard !closed else { return }
        closed = true
        for task in background { task.cancel() }
        background = []
        arrival?.cancel()
        arrival = nil
        if let current {
            self.current = nil
            await current.device.close()
        }
        for task in closing.values { await task.value }
        await usbContext?.shutdown()
    }

    // MARK: - Opening

    private func beginCall() async throws -> Opened {
        let opened = try await acquire()
        callsInFlight += 1
        return opened
    }

    private func endCall() {
        callsInFlight -= 1
    }

    private func endCall(failure error: any Error, of opened: Opened) {
        callsInFlight -= 1
        if let reason = opened.watch.lossReason {
            lose(opened, because: "link lost: \(reason)")
        } else if Self.isDeviceError(error) {
            presence.noteError(String(describing: error))
        }
    }

    private func acquire() async throws -> Opened {
        guard !closed else { throw FingerprintRecoveryError.closed }
        if let current { return current }
        if let opening { return try await opening.value }
        let task = Task { try await self.openAndRecord() }
        opening = task
        defer { opening = nil }
        return try await task.value
    }

    private func openAndRecord() async throws -> Opened {
        generation += 1
        let generation = self.generation
        let opened: Opened
        do {
            opened = try await Self.open(config, usbContext: usbContext, generation: generation)
        } catch {
            let why = String(describing: error)
            presence.markAbsent(why)
            throw FingerprintRecoveryError.absent(why)
        }
        guard !closed else {
            await opened.device.close()
            throw FingerprintRecoveryError.closed
        }
        current = opened
        presence.markPresent(opened.device.description)
        return opened
    }

    private static func open(
        _ config: DaemonConfig.Fingerprint, usbContext: USBContext?, generation: Int
    ) async throws -> Opened {
        var watch: LinkLossWatch?
        let opened = try await FingerprintDevice.openModule(config, usbContext: usbContext) { link in
            let watched = LinkLossWatch(link)
            watch = watched
            return watched
        }
        guard let opened, let watch else { throw FingerprintRecoveryError.closed }
        do {
            try await probe(opened.device)
        } catch {
            await opened.device.close()
            throw error
        }
        return Opened(device: opened.device, usbDevice: opened.usbDevice, watch: watch, generation: generation)
    }

    /// ReadSysPara: harmless between any two commands of an enrollment, and answered by every module.
    private static func probe(_ device: FingerprintDevice) async throws {
        _ = try await device.module?.readSysPara()
    }

    /// The timer: reopens an absent module, probes an idle one.
    private func tick() async {
        guard !closed, opening == nil else { return }
        guard let opened = current else {
            _ = try? await acquire()
            return
        }
        guard settings.probesWhileIdle, callsInFlight == 0 else { return }
        do {
            try await Self.probe(opened.device)
        } catch {
            lose(opened, because: opened.watch.lossReason.map { "link lost: \($0)" } ?? "not answering: \(error)")
        }
    }

    // MARK: - Losing

    /// Drops `opened` if it is still the current module: absent from now, its link closing (which fails
    /// any call still waiting on it).
    private func lose(_ opened: Opened, because why: String) {
        guard current?.generation == opened.generation else { return }
        current = nil
        presence.markAbsent(why)
        let generation = opened.generation
        closing[generation] = Task {
            await opened.device.close()
            self.finishedClosing(generation)
        }
    }

    private func finishedClosing(_ generation: Int) {
        closing[generation] = nil
    }

    private static func isDeviceError(_ error: any Error) -> Bool {
        switch error {
        case is CancellationError, FingerprintReaderError.samplesDoNotMatch: false
        default: true
        }
    }

    // MARK: - USB hotplug

    private func follow(_ event: USBHotplugEvent) async {
        switch event {
        case .left(let device):
            guard let current, let open = current.usbDevice, open.bus == device.bus, open.address == device.address
            else { return }
            lose(current, because: "unplugged: \(device) left the USB bus")
        case .arrived(let device):
            guard current == nil, wants(device) else { return }
            arrival?.cancel()
            arrival = Task { await self.openAfterArrival() }
        }
    }

    /// A device that just arrived may not open at once (its node or permissions still being set up):
    /// a few tries, `settings.arrivalRetryDelay` apart.
    private func openAfterArrival() async {
        for attempt in 1...max(settings.arrivalAttempts, 1) {
            guard current == nil, !closed, !Task.isCancelled else { return }
            if (try? await acquire()) != nil { return }
            guard attempt < settings.arrivalAttempts else { return }
            do { try await clock.sleep(for: settings.arrivalRetryDelay) } catch { return }
        }
    }

    /// Whether `device` is what the config's USB link would open.
    private func wants(_ device: USBDeviceInfo) -> Bool {
        guard case .usb(let vendor, let product) = config.link, let usbTable else { return false }
        if let vendor, let product { return device.id == USBDeviceID(vendor: vendor, product: product) }
        return usbTable.kind(for: device.id) != nil
    }

    private static func describe(_ config: DaemonConfig.Fingerprint) -> String {
        switch config.link {
        case .none: "none"
        case .unixSocket(let path): "ZFM module on unix:\(path)"
        case .tty(let path): "ZFM module on \(path) at \(config.baud) baud"
        case .usb(.some, .some): "ZFM module on \(config.link)"
        case .usb: "ZFM module on USB (the first supported device)"
        }
    }
}
