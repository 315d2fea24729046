/// How many URBs (usbfs transfer requests) the simulated device has seen, by kind.
public struct USBURBCounters: Sendable, Hashable, CustomStringConvertible {
    /// Every SUBMITURB that was accepted.
    public var submitted = 0
    /// Accepted control URBs (plus synchronous USBDEVFS_CONTROL calls).
    public var control = 0
    /// Accepted bulk OUT URBs.
    public var bulkOut = 0
    /// Accepted bulk IN URBs.
    public var bulkIn = 0
    /// Accepted interrupt IN URBs.
    public var interruptIn = 0
    /// URBs handed back by REAPURB/REAPURBNDELAY.
    public var reaped = 0
    /// URBs cancelled by DISCARDURB.
    public var discarded = 0
    /// URBs completed with -EPIPE (stall).
    public var stalled = 0
    /// Payload bytes received on bulk OUT.
    public var bytesOut = 0
    /// Payload bytes delivered on bulk IN.
    public var bytesIn = 0

    public var description: String {
        "submitted \(submitted) (control \(control), bulk out \(bulkOut), bulk in \(bulkIn), interrupt in \(interruptIn)), reaped \(reaped), discarded \(discarded), stalled \(stalled), \(bytesOut) bytes out, \(bytesIn) bytes in"
    }
}
