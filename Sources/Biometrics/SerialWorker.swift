import Dispatch

/// Runs blocking or CPU-heavy work (dlib calls, minutiae extraction, 1:N matching) on a serial queue of
/// its own, so that it never occupies a thread of Swift's cooperative pool.
public struct SerialWorker: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// `work`'s result, computed on the worker's queue.
    public func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
