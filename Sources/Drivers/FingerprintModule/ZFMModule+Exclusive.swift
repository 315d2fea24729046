extension ZFMModule {
    /// Set while a task holds a module's command lock, so nested commands of that task pass through.
    @TaskLocal static var lockHolder: ObjectIdentifier?

    /// Runs `body` with the module to itself: commands of other tasks wait until it returns.
    /// Multi-command sequences (DownChar, DownChar, Match) use this so that no other caller can
    /// change the char buffers between their steps.
    public func exclusively<T: Sendable>(_ body: @Sendable (ZFMModule) async throws -> T) async throws -> T {
        let me = ObjectIdentifier(self)
        if Self.lockHolder == me { return try await body(self) }
        await acquireLock()
        defer { releaseLock() }
        return try await Self.$lockHolder.withValue(me) { try await body(self) }
    }

    /// `exclusively` for driver code that throws only `ZFMError`.
    func exclusive<T>(_ body: () async throws(ZFMError) -> T) async throws(ZFMError) -> T {
        let me = ObjectIdentifier(self)
        if Self.lockHolder == me { return try await body() }
        await acquireLock()
        defer { releaseLock() }
        let result: Result<T, ZFMError> = await Self.$lockHolder.withValue(me) {
            do throws(ZFMError) {
                return .success(try await body())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func acquireLock() async {
        guard lockHeld else {
            lockHeld = true
            return
        }
        await withCheckedContinuation { lockWaiters.append($0) }
    }

    private func releaseLock() {
        if lockWaiters.isEmpty {
            lockHeld = false
        } else {
            lockWaiters.removeFirst().resume()
        }
    }
}
