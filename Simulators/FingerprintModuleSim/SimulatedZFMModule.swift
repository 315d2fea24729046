import FingerprintModule
import Synchronization

/// A ZFM fingerprint module in software: takes request bytes, answers with the bytes a real module
/// would send, and keeps real state (password, parameters, image and char buffers, flash library).
/// Safe to call from any thread; `receive` is synchronous so socket threads can use it directly.
public final class SimulatedZFMModule: Sendable {
    /// The module's state at power-on.
    public struct Configuration: Sendable {
        /// Address the module answers to.
        public var address: UInt32
        /// 0 = no password.
        public var password: UInt32
        /// Template pages in flash (at most 1024).
        public var librarySize: Int
        /// 1-5.
        public var securityLevel: Int
        /// 0-3 (32, 64, 128, 256-byte data packets).
        public var packetSizeCode: Int
        /// Baud rate / 9600.
        public var baudMultiplier: Int
        /// Reported by ReadSysPara.
        public var systemID: UInt16
        /// Seeds per-press variation, low-quality failures and random codes.
        public var seed: UInt64
        /// UpImage at 4 bits/pixel (a module behind a UART) instead of 8 (native USB).
        public var uartImages: Bool
        /// Whether the module has an R503-style ring LED (AuraLedConfig); without one it answers 0x01.
        public var supportsAuraLED: Bool
        /// Whether the UART presentations (pseudo-terminal, USB-UART bridges) take the wire's time for
        /// the bytes (`WirePacer`); off keeps memory speed for fast tests. Native USB is never paced.
        public var wirePacing: WirePacing

        /// Defaults: factory address, no password, 300 pages, level 3, 128-byte packets, 57600 baud,
        /// no wire pacing.
        public init(
            address: UInt32 = ZFMPacket.defaultAddress, password: UInt32 = 0, librarySize: Int = 300,
            securityLevel: Int = 3, packetSizeCode: Int = 2, baudMultiplier: Int = 6,
            systemID: UInt16 = 0x0009, seed: UInt64 = 1, uartImages: Bool = false,
            supportsAuraLED: Bool = true, wirePacing: WirePacing = .off
        ) {
            self.address = address
            self.password = password
            self.librarySize = max(0, min(librarySize, 1024))
            self.securityLevel = min(max(securityLevel, 1), 5)
            self.packetSizeCode = min(max(packetSizeCode, 0), 3)
            self.baudMultiplier = min(max(baudMultiplier, 1), 12)
            self.systemID = systemID
            self.seed = seed
            self.uartImages = uartImages
            self.supportsAuraLED = supportsAuraLED
            self.wirePacing = wirePacing
        }
    }

    private let state: Mutex<SimulatedModuleState>
    /// How the UART presentations pace the module's bytes (from the configuration).
    public let wirePacing: WirePacing
    private let now: @Sendable () -> Duration
    private let eventContinuation: AsyncStream<ZFMSimEvent>.Continuation
    /// Every event as it happens (one consumer; the newest 1,000 are kept when nobody reads).
    public let events: AsyncStream<ZFMSimEvent>

    /// A module whose finger scripts run on `clock`.
    public init<C: Clock>(configuration: Configuration = Configuration(), clock: C) where C.Duration == Duration {
        state = Mutex(SimulatedModuleState(configuration: configuration))
        wirePacing = configuration.wirePacing
        let origin = clock.now
        now = { origin.duration(to: clock.now) }
        (events, eventContinuation) = AsyncStream.makeStream(
            of: ZFMSimEvent.self, bufferingPolicy: .bufferingNewest(1000))
    }

    /// A module whose finger scripts run on the continuous clock.
    public convenience init(configuration: Configuration = Configuration()) {
        self.init(configuration: configuration, clock: ContinuousClock())
    }

    deinit {
        eventContinuation.finish()
    }

    // MARK: - Bytes

    /// Consumes request bytes (any chunking) and returns the reply bytes, possibly none.
    public func receive(_ bytes: [UInt8]) -> [UInt8] {
        let time = now()
        return mutate { $0.receive(bytes, at: time) }
    }

    /// Forgets a half-received packet, DownChar or DownImage (the host reconnected).
    public func resetConnection() {
        mutate { $0.resetConnection() }
    }

    /// Answers the host at the other end of `link` until the link closes or the task is cancelled.
    public func serve(_ link: any ByteLink) async {
        while !Task.isCancelled {
            let bytes: [UInt8]
            do {
                bytes = try await link.read(timeout: .seconds(3600))
            } catch ByteLinkError.timeout {
                continue
            } catch {
                return
            }
            let reply = receive(bytes)
            guard !reply.isEmpty else { continue }
            do {
                try await link.write(reply)
            } catch {
                return
            }
        }
    }

    // MARK: - Finger

    /// Puts `finger` on the sensor (at `quality`, or the finger's own) until `lift`; stops any script.
    public func place(_ finger: SimulatedFinger, quality: Int? = nil) {
        let placement = FingerPlacement(finger: finger, quality: quality ?? finger.quality)
        mutate {
            $0.placement = .manual(placement)
            $0.log(nil, nil, "finger placed: \(finger.identity) (quality \(placement.quality))")
        }
    }

    /// Takes the finger off the sensor; stops any script.
    public func lift() {
        mutate {
            $0.placement = .manual(nil)
            $0.log(nil, nil, "finger lifted")
        }
    }

    /// Starts `script` now (on the injected clock), replacing manual placement.
    public func run(_ script: FingerPlacementScript) {
        let start = now()
        mutate {
            $0.placement = .script(script, startedAt: start)
            $0.log(nil, nil, "placement script started (\(script.totalDuration))")
        }
    }

    /// What is on the sensor now.
    public var fingerOnSensor: FingerPlacement? {
        let time = now()
        return state.withLock { $0.fingerOnSensor(at: time) }
    }

    // MARK: - Faults

    /// Turns a fault on (see `ZFMFault` for which ones last and which apply once).
    public func inject(_ fault: ZFMFault) {
        mutate { state in
            switch fault {
            case .nak(let instruction, let code): state.naks[instruction] = code
            case .corruptNextChecksum: state.corruptNextChecksum = true
            case .truncateNextReply: state.truncateNextReply = true
            case .prependGarbage(let bytes): state.garbage += bytes
            case .dropNextReply: state.dropNextReply = true
            case .stopAnswering: state.stopAnswering = true
            case .flood(let pattern):
                state.flood = pattern
                state.floodPhase = 0
            }
            state.log(nil, nil, "fault injected: \(fault)")
        }
    }

    /// Turns every fault off.
    public func clearFaults() {
        mutate { state in
            state.naks = [:]
            state.stopAnswering = false
            state.corruptNextChecksum = false
            state.truncateNextReply = false
            state.dropNextReply = false
            state.garbage = []
            state.flood = []
            state.log(nil, nil, "faults cleared")
        }
    }

    /// Up to `maximum` bytes the module sends without being asked: while a `.flood` fault is on, always
    /// `maximum` bytes of its pattern (continuing where the last call stopped); otherwise none.
    public func unsolicitedOutput(maximum: Int) -> [UInt8] {
        state.withLock { state in
            guard !state.flood.isEmpty, maximum > 0 else { return [] }
            var output: [UInt8] = []
            output.reserveCapacity(maximum)
            while output.count < maximum {
                let take = min(maximum - output.count, state.flood.count - state.floodPhase)
                output += state.flood[state.floodPhase..<state.floodPhase + take]
                state.floodPhase = (state.floodPhase + take) % state.flood.count
            }
            return output
        }
    }

    /// Whether a `.flood` fault is on.
    public var isFlooding: Bool { state.withLock { !$0.flood.isEmpty } }

    // MARK: - Inspection

    /// Every event so far (the newest 10,000).
    public func eventLog() -> [ZFMSimEvent] {
        state.withLock { $0.events }
    }

    /// How many times `instruction` has been received and answered or ignored.
    public func count(of instruction: ZFMInstruction) -> Int {
        state.withLock { state in
            state.events.count {
                $0.instruction == instruction && ($0.confirmation != nil || $0.detail.hasPrefix("not answering"))
            }
        }
    }

    /// The module's current system parameters.
    public var systemParameters: ZFMSystemParameters {
        state.withLock { $0.systemParameters }
    }

    /// The 8-bit pixels of the image GenImg last captured (before any 4-bit UART packing); nil when
    /// the image buffer is empty.
    public func capturedImagePixels() -> [UInt8]? {
        let image = state.withLock { $0.imageBuffer }
        return image.map {
            $0.pixels
                ?? SimulatedFeatureModel.image(identity: $0.identity, quality: $0.quality, pressSeed: $0.pressSeed)
        }
    }

    /// The ring LED as the last accepted AuraLedConfig set it; nil before any.
    public var auraLED: ZFMAuraLEDState? {
        state.withLock { $0.auraLED }
    }

    /// The template stored at library `page`, if any.
    public func storedTemplate(page: Int) -> [UInt8]? {
        state.withLock { state in state.library.indices.contains(page) ? state.library[page] : nil }
    }

    private func mutate<T>(_ body: (inout SimulatedModuleState) -> T) -> T {
        let (result, fresh) = state.withLock { state in
            let result = body(&state)
            defer { state.newEvents = [] }
            return (result, state.newEvents)
        }
        for event in fresh { eventContinuation.yield(event) }
        return result
    }
}
