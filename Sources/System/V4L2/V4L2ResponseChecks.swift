/// The checks on driver answers that `V4L2Budget` bounds, as pure functions so they are testable without
/// a kernel.
enum V4L2ResponseChecks {
    /// Runs `entry` for indices 0, 1, … while it returns true (false: the driver answered EINVAL, or the
    /// enumeration ended otherwise). A driver that never ends it fails after `budget.maxEnumeratedEntries`.
    static func enumerate(
        _ request: V4L2Request, budget: V4L2Budget = .default, _ entry: (UInt32) throws(V4L2Error) -> Bool
    ) throws(V4L2Error) {
        for index in 0..<UInt32(clamping: budget.maxEnumeratedEntries) {
            guard try entry(index) else { return }
        }
        throw .malformedResponse(
            operation: request.name, field: "index",
            expected: "EINVAL after at most \(budget.maxEnumeratedEntries) entries",
            got: "\(budget.maxEnumeratedEntries) entries and no end")
    }

    /// A width or height the driver reported: 1...maxFrameDimension.
    static func dimension(
        _ value: UInt32, field: String, _ request: V4L2Request, budget: V4L2Budget = .default
    ) throws(V4L2Error) {
        guard value >= 1, value <= budget.maxFrameDimension else {
            throw .malformedResponse(
                operation: request.name, field: field, expected: "1-\(budget.maxFrameDimension) pixels", got: "\(value)"
            )
        }
    }

    /// A byte count the driver reported for one buffer: at most maxBufferBytes (0 allowed where the field is
    /// optional, e.g. bytesperline of a compressed format).
    static func bufferBytes(
        _ value: Int, field: String, _ request: V4L2Request, budget: V4L2Budget = .default
    ) throws(V4L2Error) {
        guard value >= 0, value <= budget.maxBufferBytes else {
            throw .malformedResponse(
                operation: request.name, field: field, expected: "0-\(budget.maxBufferBytes) bytes", got: "\(value)")
        }
    }

    /// A format the driver set or reports.
    static func format(_ format: V4L2Format, _ request: V4L2Request, budget: V4L2Budget = .default) throws(V4L2Error) {
        try dimension(format.width, field: "fmt.pix.width", request, budget: budget)
        try dimension(format.height, field: "fmt.pix.height", request, budget: budget)
        try bufferBytes(Int(format.bytesPerLine), field: "fmt.pix.bytesperline", request, budget: budget)
        try bufferBytes(Int(format.sizeImage), field: "fmt.pix.sizeimage", request, budget: budget)
    }

    /// A stepwise or continuous frame-size range: each side within the budget, min ≤ max, a step of at least 1.
    static func sizeRange(
        min: V4L2Size, max: V4L2Size, step: V4L2Size, budget: V4L2Budget = .default
    ) throws(V4L2Error) {
        let request = V4L2Request.enumerateFrameSizes
        try dimension(min.width, field: "stepwise.min_width", request, budget: budget)
        try dimension(min.height, field: "stepwise.min_height", request, budget: budget)
        try dimension(max.width, field: "stepwise.max_width", request, budget: budget)
        try dimension(max.height, field: "stepwise.max_height", request, budget: budget)
        guard min.width <= max.width, min.height <= max.height else {
            throw .malformedResponse(
                operation: request.name, field: "stepwise", expected: "min ≤ max", got: "min \(min), max \(max)")
        }
        try dimension(step.width, field: "stepwise.step_width", request, budget: budget)
        try dimension(step.height, field: "stepwise.step_height", request, budget: budget)
    }

    /// How many buffers REQBUFS granted: 1...maxBufferCount.
    static func grantedBuffers(_ granted: UInt32, budget: V4L2Budget = .default) throws(V4L2Error) {
        guard granted >= 1, granted <= budget.maxBufferCount else {
            throw .malformedResponse(
                operation: V4L2Request.requestBuffers.name, field: "count",
                expected: "1-\(budget.maxBufferCount) buffers", got: "\(granted)")
        }
    }

    /// Where QUERYBUF says a buffer lives: 1...maxBufferBytes long, at a page-aligned offset.
    static func mappable(_ info: V4L2BufferInfo, pageSize: Int, budget: V4L2Budget = .default) throws(V4L2Error) {
        let operation = V4L2Request.queryBuffer.name
        guard info.length >= 1, info.length <= budget.maxBufferBytes else {
            throw .malformedResponse(
                operation: operation, field: "length", expected: "1-\(budget.maxBufferBytes) bytes",
                got: "\(info.length)")
        }
        guard pageSize > 0, info.offset % pageSize == 0 else {
            throw .malformedResponse(
                operation: operation, field: "m.offset", expected: "a multiple of the page size \(pageSize)",
                got: "\(info.offset)")
        }
    }
}
