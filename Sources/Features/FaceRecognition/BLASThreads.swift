#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The thread count of the BLAS that dlib links (OpenBLAS on Debian/Ubuntu), looked up at run time.
///
/// OpenBLAS starts one worker per core and its idle workers spin; on a loaded 2-core terminal that
/// doubles the wall time of an embedding. The daemon's face pipeline and the benchmark limit it to one
/// thread (the same as `OPENBLAS_NUM_THREADS=1`).
public enum BLASThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// OpenBLAS's current thread count; nil when the process has no OpenBLAS (e.g. reference BLAS).
    public static func current() -> Int? {
        guard let symbol = lookup("openblas_get_num_threads") else { return nil }
        return Int(unsafeBitCast(symbol, to: GetThreads.self)())
    }

    /// Sets OpenBLAS's thread count for the whole process; false when the process has no OpenBLAS.
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        guard let symbol = lookup("openblas_set_num_threads") else { return false }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(max(count, 1)))
        return true
    }

    private static func lookup(_ name: String) -> UnsafeMutableRawPointer? {
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(process) }
        return dlsym(process, name)
    }
}
