import Biometrics

/// Shares the sensors between enrollment (first) and recognition (whenever enrollment leaves them).
///
/// Recognition takes a lease for one step (a poll, a capture and its search); an enrollment call waits
/// for the running step to end, and every lease taken before that call is void: its verdict is dropped,
/// so a press meant for the enrollment never becomes a passage. While enrollment calls are pending or
/// running, no lease is granted.
public actor SensorArbiter {
    /// Counts enrollment claims per sensor, so a lease knows whether one came in since it was granted.
    private var epochs: [Modality: Int] = [:]
    private var enrollmentCalls = 0
    private var leaseHeld = false
    private var leaseReleased: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// A recognition lease, or nil while enrollment uses (or waits for) the sensors or another lease runs.
    public func lease() -> RecognitionLease? {
        guard enrollmentCalls == 0, !leaseHeld else { return nil }
        leaseHeld = true
        return RecognitionLease(epochs: epochs)
    }

    /// Ends a lease; true when no enrollment claimed the sensors meanwhile (its verdict stands).
    @discardableResult
    public func end(_ lease: RecognitionLease) -> Bool {
        leaseHeld = false
        let waiting = leaseReleased
        leaseReleased = []
        for waiter in waiting { waiter.resume() }
        return lease.epochs == epochs
    }

    /// Called before each enrollment call on `sensor`: voids the running lease and waits for it to end.
    public func claimForEnrollment(_ sensor: Modality) async {
        epochs[sensor, default: 0] &+= 1
        enrollmentCalls += 1
        while leaseHeld {
            await withCheckedContinuation { leaseReleased.append($0) }
        }
    }

    /// Called after each enrollment sensor call.
    public func releaseFromEnrollment() {
        enrollmentCalls = max(0, enrollmentCalls - 1)
    }

    /// Runs one enrollment call on `sensor` between a claim and its release.
    public nonisolated func enrolling<T: Sendable, E: Error>(
        _ sensor: Modality, _ call: @Sendable () async throws(E) -> T
    ) async throws(E) -> T {
        await claimForEnrollment(sensor)
        do {
            let value = try await call()
            await releaseFromEnrollment()
            return value
        } catch {
            await releaseFromEnrollment()
            throw error
        }
    }

    /// Whether enrollment calls are pending or running now.
    public var enrollmentActive: Bool { enrollmentCalls > 0 }
}

/// One recognition step's hold on the sensors.
public struct RecognitionLease: Sendable, Hashable {
    /// The enrollment claims per sensor when it was granted.
    let epochs: [Modality: Int]

    /// Whether an enrollment used `sensor` between `earlier` and this lease.
    func sensorClaimed(_ sensor: Modality, since earlier: RecognitionLease?) -> Bool {
        epochs[sensor, default: 0] != (earlier?.epochs[sensor] ?? 0)
    }
}
