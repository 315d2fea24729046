import Biometrics
import FingerprintLinks
import FingerprintModule
import Foundation
import ISOFingerprint
import Minutiae
import USBHost

/// The terminal's fingerprint sensor: a ZFM module driver behind some byte link, as a reader plus
/// the module-side matcher used for the duplicate check.
public struct FingerprintDevice: Sendable {
    public let reader: any FingerprintReader
    public let matcher: any Matcher
    /// The duplicate check: on the module's own library for ZFM modules.
    public let searcher: (any TemplateSearcher)?
    /// For logs and `attendctl status`, e.g. "ZFM module on unix:/run/fp.sock".
    public let description: String
    /// The ZFM module driver behind `reader` and `matcher`, for tools that use module-side commands
    /// (`attendctl fingerprint`); nil for other readers.
    public let module: ZFMModule?
    /// Whether the module is there now, for a device that recovers (`recovering`); nil for one opened once.
    public let presence: DevicePresenceTracker?
    /// The libusb context of a USB link: it must live as long as the device, and shut down after it.
    private let usbContext: USBContext?
    /// What reopens the module behind `reader`, `matcher` and `searcher` of a recovering device.
    private let recovery: RecoveringFingerprintModule?

    /// Drives a ZFM module over `link`; images come 4 bits a pixel over UART links, 8 over native USB.
    /// `templates` decides whether the module builds its own templates or the host builds ISO
    /// minutiae records from the module's images.
    public init(
        link: any ByteLink, address: UInt32, password: UInt32, imageEncoding: ZFMImageEncoding? = nil,
        templates: DaemonConfig.FingerprintTemplates = .module, description: String
    ) {
        let module = ZFMModule(
            link: link,
            configuration: ZFMModule.Configuration(
                address: address, password: password == 0 ? nil : password, imageEncoding: imageEncoding))
        switch templates {
        case .module:
            reader = ZFMFingerprintReader(module: module)
            matcher = ZFMMatcher(module: module)
            searcher = ZFMLibrarySearcher(module: module)
            self.description = description
        case .iso:
            reader = ISOFingerprintReader(module: module)
            matcher = ISOTemplateMatcher()
            searcher = ISOGallerySearcher()
            self.description = description + ", ISO minutiae templates"
        }
        self.module = module
        usbContext = nil
        presence = nil
        recovery = nil
    }

    private init(device: FingerprintDevice, usbContext: USBContext) {
        reader = device.reader
        matcher = device.matcher
        searcher = device.searcher
        module = device.module
        description = device.description
        self.usbContext = usbContext
        presence = nil
        recovery = nil
    }

    /// The proxies of a recovering device: each call runs on the module `recovery` holds now.
    private init(recovery: RecoveringFingerprintModule, templates: DaemonConfig.FingerprintTemplates) {
        switch templates {
        case .module:
            reader = RecoveringFingerprintReader(recovery: recovery, algorithm: .zfmModule)
            matcher = RecoveringZFMMatcher(recovery: recovery)
            searcher = RecoveringZFMLibrarySearcher(recovery: recovery)
            description = recovery.description
        case .iso:
            // Matching and the gallery run on the host: only the reader needs the module.
            reader = RecoveringFingerprintReader(recovery: recovery, algorithm: .isoMinutiae)
            matcher = ISOTemplateMatcher()
            searcher = ISOGallerySearcher()
            description = recovery.description + ", ISO minutiae templates"
        }
        module = nil
        usbContext = nil
        presence = recovery.presence
        self.recovery = recovery
    }

    /// Any reader/matcher pair (instrumented ones in benchmarks, other drivers later); without a
    /// searcher the duplicate check compares pairwise.
    public init(
        reader: any FingerprintReader, matcher: any Matcher, searcher: (any TemplateSearcher)? = nil,
        description: String
    ) {
        self.reader = reader
        self.matcher = matcher
        self.searcher = searcher
        module = nil
        self.description = description
        usbContext = nil
        presence = nil
        recovery = nil
    }

    /// The score 1:N identification (the recognition loop) accepts for the gallery at hand:
    /// `MinutiaeMatcher.identificationRule` for ISO templates; nil for module templates, which the module
    /// decides at its own security level.
    public var identificationRule: IdentificationThreshold? {
        reader.algorithm == .isoMinutiae ? MinutiaeMatcher.identificationRule : nil
    }

    /// Closes the link (cancelling pending transfers) and, for USB, the libusb context; a recovering
    /// device stops reopening.
    public func close() async {
        await module?.close()
        await recovery?.close()
        await usbContext?.shutdown()
    }

    /// Opens the device the config names once; nil for `none`. A module that goes away stays gone
    /// (see `recovering` for one that comes back).
    public static func open(_ config: DaemonConfig.Fingerprint) async throws -> FingerprintDevice? {
        guard case .usb = config.link else {
            return try await openModule(config, usbContext: nil, wrapLink: { $0 })?.device
        }
        let context = try USBContext()
        do {
            guard let opened = try await openModule(config, usbContext: context, wrapLink: { $0 }) else { return nil }
            return FingerprintDevice(device: opened.device, usbContext: context)
        } catch {
            await context.shutdown()
            throw error
        }
    }

    /// The device the config names, reopened whenever it is lost (`RecoveringFingerprintModule`): on
    /// the next call after its link failed, every `settings.retryInterval` while it is absent (also
    /// at start), and for USB links as soon as libusb hotplug reports it back. Its reader, matcher
    /// and searcher stay the same objects across reopens; `presence` says whether it is there now.
    /// Nil for `none`; throws only for a config no reopen can fix (a USB device not in the table).
    public static func recovering(
        _ config: DaemonConfig.Fingerprint, settings: FingerprintRecoverySettings = .default,
        clock: any Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> FingerprintDevice? {
        if case .none = config.link { return nil }
        let recovery = try RecoveringFingerprintModule(
            config: config, settings: settings, clock: clock, wallClock: wallClock)
        await recovery.start()
        return FingerprintDevice(recovery: recovery, templates: config.templates)
    }

    /// Opens the module `config` names, on `usbContext` for USB links, its link passed through `wrapLink`;
    /// nil for `none`.
    static func openModule(
        _ config: DaemonConfig.Fingerprint, usbContext: USBContext?, wrapLink: (any ByteLink) -> any ByteLink
    ) async throws -> (device: FingerprintDevice, usbDevice: USBDeviceInfo?)? {
        switch config.link {
        case .none:
            return nil
        case .unixSocket(let path):
            let link = try await UnixSocketLink.connect(path: path)
            let device = FingerprintDevice(
                link: wrapLink(link), address: config.address, password: config.password,
                templates: config.templates, description: "ZFM module on unix:\(path)")
            return (device, nil)
        case .usb(let vendor, let product):
            guard let context = usbContext else { throw USBError.closed }
            let table = try FingerprintUSBDeviceTable(configured: config.usbDevices)
            let connection: FingerprintUSBConnection
            if let vendor, let product {
                let wanted = USBDeviceID(vendor: vendor, product: product)
                guard let kind = table.kind(for: wanted) else {
                    throw FingerprintDeviceError.notInDeviceTable(wanted)
                }
                guard let device = try context.devices().first(where: { $0.id == wanted }) else {
                    throw FingerprintDeviceError.notPresent(wanted)
                }
                connection = try await FingerprintUSBDevice.open(device, as: kind, context: context, baud: config.baud)
            } else {
                connection = try await FingerprintUSBDevice.open(context: context, table: table, baud: config.baud)
            }
            let device = FingerprintDevice(
                link: wrapLink(connection.link), address: config.address, password: config.password,
                imageEncoding: connection.kind == .nativeZFM ? .eightBitsPerPixel : .fourBitsPerPixel,
                templates: config.templates, description: connection.description)
            return (device, connection.device)
        case .tty(let path):
            let link = try await TTYLink.open(path: path, baud: config.baud)
            let device = FingerprintDevice(
                link: wrapLink(link), address: config.address, password: config.password,
                imageEncoding: .fourBitsPerPixel, templates: config.templates,
                description: "ZFM module on \(path) at \(config.baud) baud")
            return (device, nil)
        }
    }
}

/// Why the configured USB fingerprint module could not be opened.
public enum FingerprintDeviceError: Error, CustomStringConvertible {
    case notInDeviceTable(USBDeviceID)
    case notPresent(USBDeviceID)

    public var description: String {
        switch self {
        case .notInDeviceTable(let id):
            "fingerprint.link usb:\(id): not a known fingerprint device; add \"\(id)=KIND\" to fingerprint.usb_devices (kinds: native, ch34x, cp210x, ftdi)"
        case .notPresent(let id):
            "fingerprint.link usb:\(id): no such device on the USB bus"
        }
    }
}
