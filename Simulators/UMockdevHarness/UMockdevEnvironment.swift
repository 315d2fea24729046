import UMockdevCore

/// Whether this process runs under libumockdev's LD_PRELOAD library, which tier-2 tests need.
public enum UMockdevEnvironment {
    /// The command that runs the umockdev tests with the preload library.
    public static let testCommand =
        "swift build --build-tests && LD_PRELOAD=libumockdev-preload.so.0 swift test --skip-build --filter UMockdevTests"

    /// Why umockdev tests are skipped when the preload library is missing.
    public static let skipReason = "needs libumockdev-preload in the process; run: \(testCommand)"

    /// True when libumockdev-preload is mapped into this process (LD_PRELOAD named it and it loaded).
    public static let isPreloaded = UMockdevPreload.isLoaded
}
