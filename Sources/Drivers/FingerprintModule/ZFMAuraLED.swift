/// What the R503 ring LED does (AuraLedConfig control byte).
public enum ZFMAuraLEDControl: UInt8, Sendable, Hashable, CaseIterable {
    case breathing = 1
    case flashing = 2
    case on = 3
    case off = 4
    case graduallyOn = 5
    case graduallyOff = 6
}

/// The R503 ring LED colour (AuraLedConfig colour byte).
public enum ZFMAuraLEDColour: UInt8, Sendable, Hashable, CaseIterable {
    case red = 1
    case blue = 2
    case purple = 3
    case green = 4
    case yellow = 5
    case cyan = 6
    case white = 7
}

extension ZFMModule {
    /// AuraLedConfig (R503 family): sets the ring LED. `speed` 0-255 (lower is faster for breathing and
    /// flashing), `count` cycles for breathing/flashing (0 = endless). Throws `.instructionNotSupported`
    /// when the module answers 0x01, as modules without a ring LED do.
    public func auraLedConfig(
        control: ZFMAuraLEDControl, speed: UInt8, colour: ZFMAuraLEDColour, count: UInt8
    ) async throws(ZFMError) {
        try await run(.auraLedConfig) { () async throws(ZFMError) in
            do throws(ZFMError) {
                _ = try await exchange(.auraLedConfig, [control.rawValue, speed, colour.rawValue, count])
            } catch .rejected(.auraLedConfig, .packetError) {
                throw .instructionNotSupported(.auraLedConfig)
            }
        }
    }
}
