/// The transfers a driver performs on an open, claimed interface. `USBDeviceHandle` implements it over
/// libusb; tests implement it with fakes.
public protocol USBTransferring: Sendable {
    /// The claimed interface's endpoints.
    var endpoints: USBEndpoints { get }
    /// Sends `bytes` on a bulk OUT endpoint; throws `.timeout` when not all were taken in time.
    func bulkWrite(_ bytes: [UInt8], endpoint: UInt8, timeout: Duration) async throws(USBError)
    /// Reads up to `maxLength` bytes from a bulk IN endpoint; data that arrived before a timeout is returned.
    func bulkRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8]
    /// Reads up to `maxLength` bytes from an interrupt IN endpoint.
    func interruptRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8]
    /// Performs a control transfer; returns the IN data stage (empty for OUT requests).
    func control(_ request: USBControlRequest, timeout: Duration) async throws(USBError) -> [UInt8]
    /// Clears a halt (stall) on `endpoint`.
    func clearHalt(endpoint: UInt8) async throws(USBError)
    /// Cancels pending transfers, releases the interface and closes the device.
    func close() async
}

extension USBTransferring {
    /// A control transfer with an OUT data stage (possibly empty).
    public func control(
        requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8] = [], timeout: Duration
    ) async throws(USBError) {
        _ = try await control(
            USBControlRequest(requestType: requestType, request: request, value: value, index: index, data: data),
            timeout: timeout)
    }

    /// A control transfer with an IN data stage of up to `length` bytes.
    public func control(
        requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration
    ) async throws(USBError) -> [UInt8] {
        try await control(
            USBControlRequest(
                requestType: requestType, request: request, value: value, index: index, readLength: length),
            timeout: timeout)
    }
}
