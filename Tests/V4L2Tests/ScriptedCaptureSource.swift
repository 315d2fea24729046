import Glibc
import Synchronization

@testable import V4L2

/// A capture source without a kernel: frames are pushed by the test, buffers are heap memory, and the
/// poll descriptor is a pipe that is either always readable (like umockdev's regular-file node) or never.
final class ScriptedCaptureSource: CaptureSource {
    enum Step: Sendable {
        case frame(index: Int, sequence: UInt32, fill: UInt8, bytesUsed: Int, flags: UInt32 = 0)
        case fail(V4L2Error)
    }

    struct Record {
        var pending: [Step] = []
        var requeued: [Int] = []
        var dequeueCalls = 0
        var teardowns = 0
    }

    let regions: [MappedRegion]
    private let readEnd: CInt
    private let writeEnd: CInt
    private let record = Mutex(Record())

    init(bufferCount: Int = 4, bufferSize: Int = 256, alwaysReady: Bool = true) {
        regions = (0..<bufferCount).map { _ in
            MappedRegion(
                base: UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 16)),
                length: bufferSize)
        }
        var ends: [CInt] = [-1, -1]
        _ = pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
        if alwaysReady {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
    }

    deinit {
        for region in regions { UnsafeMutableRawPointer(mutating: region.base).deallocate() }
        close(readEnd)
        close(writeEnd)
    }

    func push(_ steps: Step...) { record.withLock { $0.pending += steps } }
    var snapshot: Record { record.withLock { $0 } }

    var pollDescriptor: CInt? { record.withLock { $0.teardowns == 0 ? readEnd : nil } }

    func dequeue() throws(V4L2Error) -> V4L2DequeuedBuffer? {
        let step = record.withLock { record -> Step? in
            record.dequeueCalls += 1
            return record.pending.isEmpty ? nil : record.pending.removeFirst()
        }
        switch step {
        case nil:
            return nil
        case .fail(let error):
            throw error
        case .frame(let index, let sequence, let fill, let bytesUsed, let flags):
            UnsafeMutableRawPointer(mutating: regions[index].base).initializeMemory(
                as: UInt8.self, repeating: fill, count: bytesUsed)
            return V4L2DequeuedBuffer(
                index: index, bytesUsed: bytesUsed, sequence: sequence,
                timestamp: .milliseconds(Int64(sequence) * 33), flags: flags)
        }
    }

    func requeue(_ index: Int) throws(V4L2Error) {
        record.withLock { $0.requeued.append(index) }
    }

    func teardown() {
        record.withLock { $0.teardowns += 1 }
    }
}

/// Polls `condition` every millisecond for up to two seconds of real time; false if it never held.
func eventually(isolation: isolated (any Actor)? = #isolation, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
