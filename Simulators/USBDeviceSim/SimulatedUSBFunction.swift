import FingerprintModuleSim

/// What the simulated device does with the data it is given: the ZFM module, reached directly
/// (native USB) or through a bridge chip's UART (whose settings must match the module's).
public struct SimulatedUSBFunction: Sendable {
    /// How the device appears on the bus.
    public let presentation: USBPresentation
    /// The module behind the device.
    public let module: SimulatedZFMModule
    /// The bridge chip, nil for a native module.
    package private(set) var bridge: (any UARTBridgeChip)?
    /// Reply bytes waiting for a bulk IN transfer; behind a bridge each is there once the module's UART
    /// has sent it (`WirePacer`, when the module's `wirePacing` is on).
    public private(set) var pendingIn: PacedByteQueue
    /// The bridge's transmitter → the module's receiver: a reply starts once its request has arrived.
    private var toModule: WirePacer

    /// A freshly powered device.
    public init(presentation: USBPresentation, module: SimulatedZFMModule) {
        self.presentation = presentation
        self.module = module
        pendingIn = PacedByteQueue(pacing: module.wirePacing)
        toModule = WirePacer(module.wirePacing)
        switch presentation {
        case .native: bridge = nil
        case .ch340: bridge = CH340Chip()
        case .cp210x: bridge = CP210xChip()
        }
    }

    /// Answers a vendor or class control request (bridges only; a native module stalls them).
    public mutating func vendorControl(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply {
        guard var chip = bridge else { return .stall }
        if var cp210x = chip as? CP210xChip {
            cp210x.receiveQueueLength = pendingIn.availableCount
            chip = cp210x
        }
        let reply = chip.control(setup, outData: outData)
        bridge = chip
        return reply
    }

    /// Bytes the host wrote to the bulk OUT endpoint.
    public mutating func bulkOut(_ bytes: [UInt8]) {
        guard let bridge else {
            pendingIn.append(module.receive(bytes), sentCount: 0, as: nil)
            return
        }
        // A UART bridge whose transmitter is off sends nothing.
        guard let transmit = bridge.transmitCoding else { return }
        // The module answers at the baud rate in force when the command arrived.
        let moduleCoding = UARTLineCoding.eightNoneOne(module.systemParameters.baudRate)
        let arrived = UARTWire.transmit(bytes, sender: transmit, receiver: moduleCoding)
        guard !arrived.isEmpty else { return }
        let request = toModule.schedule(bytes.count, as: transmit)
        let reply = module.receive(arrived)
        guard !reply.isEmpty, let receive = self.bridge?.receiveCoding else { return }
        pendingIn.append(
            UARTWire.transmit(reply, sender: moduleCoding, receiver: receive), sentCount: reply.count,
            as: moduleCoding, notBefore: request.end)
    }

    /// Up to `maximum` reply bytes for a bulk IN transfer, nil when none are waiting.
    public mutating func takeIn(maximum: Int) -> [UInt8]? {
        guard maximum > 0 else { return nil }
        return pendingIn.take(maximum: maximum)
    }

    /// The bridge's configured line coding; nil for a native module.
    public var lineCoding: UARTLineCoding? { bridge?.lineCoding }

    /// Whether the bridge's UART currently transmits; nil for a native module.
    public var bridgeTransmitting: Bool? { bridge.map { $0.transmitCoding != nil } }
}
