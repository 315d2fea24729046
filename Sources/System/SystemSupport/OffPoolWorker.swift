import Dispatch

/// Runs blocking or CPU-heavy work (dlib calls, minutiae extraction, 1:N matching, libusb and SQLite calls)
/// on a dispatch queue of its own, so that it never occupies a thread of Swift's cooperative pool.
///
/// Jobs run one after another unless the worker was made `concurrent`, for callers whose jobs may overlap
/// (a blocking libusb call must not wait behind another one, a database pool serves reads in parallel).
public struct OffPoolWorker: Sendable {
    private let queue: DispatchQueue

    /// A worker whose queue is named `label`; `concurrent` lets several jobs run at once.
    public init(label: String, concurrent: Bool = false) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: concurrent ? .concurrent : [])
    }

    /// Queues `work` and returns at once, without a task: the job starts even while every thread of the
    /// cooperative pool is busy.
    public func submit(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
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
