import Foundation

/// Runs blocking or long CPU-bound work on a thread of its own, so that an async caller never holds a
/// cooperative-pool thread while it waits.
enum OffPool {
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
