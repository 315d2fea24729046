import Foundation
import Synchronization

/// Follows one device's presence as its opens and operations succeed or fail, and tells observers
/// when it changes: the device comes or goes, or fails in a new way. A failure repeated word for
/// word (a retry while the device is away) is not a change.
public final class DevicePresenceTracker: Sendable {
    private struct State {
        var presence: DevicePresence
        var observers: [@Sendable (DevicePresence) -> Void] = []
    }

    private let state: Mutex<State>
    private let wallClock: @Sendable () -> Date

    /// Starts absent (nothing opened yet), with `wallClock` stamping every change.
    public init(wallClock: @escaping @Sendable () -> Date = { Date() }) {
        self.wallClock = wallClock
        state = Mutex(State(presence: DevicePresence(present: false, since: wallClock())))
    }

    /// The presence now.
    public var current: DevicePresence { state.withLock { $0.presence } }

    /// Calls `observer` with the presence now, then after every change, in order. It runs while the
    /// tracker is locked: it must not block nor call back into the tracker.
    public func observe(_ observer: @escaping @Sendable (DevicePresence) -> Void) {
        state.withLock { state in
            state.observers.append(observer)
            observer(state.presence)
        }
    }

    /// The device opened or answered; `detail` says what is attached.
    public func markPresent(_ detail: String?) {
        let now = wallClock()
        update { presence in
            guard !presence.present || presence.detail != detail else { return false }
            if !presence.present { presence.since = now }
            presence.present = true
            presence.detail = detail
            return true
        }
    }

    /// The device could not be opened or its link failed: absent from now (or still), because of `error`.
    public func markAbsent(_ error: String) {
        let now = wallClock()
        update { presence in
            guard presence.present || presence.lastError != error else { return false }
            if presence.present { presence.since = now }
            presence.present = false
            presence.detail = nil
            presence.lastError = error
            presence.lastErrorAt = now
            return true
        }
    }

    /// A failure that leaves the device present (it still answers): recorded as the last error only.
    public func noteError(_ error: String) {
        let now = wallClock()
        update { presence in
            guard presence.lastError != error else { return false }
            presence.lastError = error
            presence.lastErrorAt = now
            return true
        }
    }

    private func update(_ change: (inout DevicePresence) -> Bool) {
        state.withLock { state in
            guard change(&state.presence) else { return }
            for observer in state.observers { observer(state.presence) }
        }
    }
}
