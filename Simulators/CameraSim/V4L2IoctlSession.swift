internal import CUMockdev
internal import CV4L2
import Glibc
import Synchronization
import UMockdevCore

/// Answers the VIDIOC_* ioctls of one camera node on umockdev's worker thread (the `handle-ioctl`
/// signal): decodes the argument struct, asks the device state, writes the answer back.
final class V4L2IoctlSession: Sendable {
    let device: Mutex<CameraDeviceState>
    private let elapsed: @Sendable () -> Duration

    init(device: CameraDeviceState, elapsed: @escaping @Sendable () -> Duration) {
        self.device = Mutex(device)
        self.elapsed = elapsed
    }

    /// The C callback connected to "handle-ioctl"; `userData` is an unretained session.
    static let signalCallback: cumockdev_handle_ioctl_fn = { _, client, userData in
        guard let client, let userData else { return 0 }
        let session = Unmanaged<V4L2IoctlSession>.fromOpaque(userData).takeUnretainedValue()
        let error = session.handle(
            request: umockdev_ioctl_client_get_request(client),
            arg: umockdev_ioctl_client_get_arg(client))
        umockdev_ioctl_client_complete(client, error == 0 ? 0 : -1, gint(error))
        return 1
    }

    /// The errno of one ioctl, 0 on success.
    func handle(request: UInt, arg: UnsafeMutablePointer<UMockdevIoctlData>?) -> Int32 {
        guard let arg else { return EFAULT }
        if device.withLock({ $0.removed }) { return ENODEV }
        switch request {
        case CV4L2_VIDIOC_QUERYCAP: return exchange(arg, v4l2_capability.self, querycap)
        case CV4L2_VIDIOC_ENUM_FMT: return exchange(arg, v4l2_fmtdesc.self, enumFormat)
        case CV4L2_VIDIOC_ENUM_FRAMESIZES: return exchange(arg, v4l2_frmsizeenum.self, enumFrameSizes)
        case CV4L2_VIDIOC_ENUM_FRAMEINTERVALS: return exchange(arg, v4l2_frmivalenum.self, enumFrameIntervals)
        case CV4L2_VIDIOC_G_FMT: return exchange(arg, v4l2_format.self) { self.format(&$0, mode: .get) }
        case CV4L2_VIDIOC_TRY_FMT: return exchange(arg, v4l2_format.self) { self.format(&$0, mode: .try) }
        case CV4L2_VIDIOC_S_FMT: return exchange(arg, v4l2_format.self) { self.format(&$0, mode: .set) }
        case CV4L2_VIDIOC_G_PARM: return exchange(arg, v4l2_streamparm.self) { self.streamParameters(&$0, set: false) }
        case CV4L2_VIDIOC_S_PARM: return exchange(arg, v4l2_streamparm.self) { self.streamParameters(&$0, set: true) }
        case CV4L2_VIDIOC_QUERYCTRL: return exchange(arg, v4l2_queryctrl.self, queryControl)
        case CV4L2_VIDIOC_QUERYMENU: return queryMenu(arg)
        case CV4L2_VIDIOC_G_CTRL: return exchange(arg, v4l2_control.self) { self.control(&$0, set: false) }
        case CV4L2_VIDIOC_S_CTRL: return exchange(arg, v4l2_control.self) { self.control(&$0, set: true) }
        case CV4L2_VIDIOC_ENUMINPUT: return exchange(arg, v4l2_input.self, enumInput)
        case CV4L2_VIDIOC_G_INPUT:
            return exchange(arg, Int32.self) {
                $0 = 0
                return 0
            }
        case CV4L2_VIDIOC_S_INPUT: return exchange(arg, Int32.self) { $0 == 0 ? 0 : EINVAL }
        case CV4L2_VIDIOC_REQBUFS: return exchange(arg, v4l2_requestbuffers.self, requestBuffers)
        case CV4L2_VIDIOC_QUERYBUF: return exchange(arg, v4l2_buffer.self, queryBuffer)
        case CV4L2_VIDIOC_QBUF: return exchange(arg, v4l2_buffer.self, queueBuffer)
        case CV4L2_VIDIOC_DQBUF: return exchange(arg, v4l2_buffer.self, dequeueBuffer)
        case CV4L2_VIDIOC_STREAMON, CV4L2_VIDIOC_STREAMOFF:
            let on = request == CV4L2_VIDIOC_STREAMON
            return exchange(arg, UInt32.self) { self.stream(type: $0, on: on) }
        default:
            // What the kernel answers for an ioctl the driver does not implement.
            return ENOTTY
        }
    }

    // MARK: - Argument plumbing

    /// Resolves the struct the argument points to, lets `body` read and answer it, and writes it back
    /// when `body` succeeds.
    private func exchange<T>(
        _ arg: UnsafeMutablePointer<UMockdevIoctlData>, _: T.Type,
        _ body: (inout T) -> Int32
    ) -> Int32 {
        guard Int(arg.pointee.data_len) >= MemoryLayout<UInt>.size else { return EFAULT }
        var error: UnsafeMutablePointer<GError>?
        guard let resolved = umockdev_ioctl_data_resolve(arg, 0, gsize(MemoryLayout<T>.size), &error) else {
            if let error { g_error_free(error) }
            return EFAULT
        }
        let data = GObjectRef(adopting: resolved)
        let bytes = UnsafeMutableRawBufferPointer(
            start: data.pointer.pointee.data,
            count: Int(data.pointer.pointee.data_len))
        guard bytes.count >= MemoryLayout<T>.size else { return EFAULT }
        // T is a plain C struct (or integer): copying its bytes in and out is all it takes.
        let value = UnsafeMutablePointer<T>.allocate(capacity: 1)
        defer { value.deallocate() }
        UnsafeMutableRawPointer(value).copyMemory(from: bytes.baseAddress!, byteCount: MemoryLayout<T>.size)
        let result = body(&value.pointee)
        if result == 0 { bytes.baseAddress!.copyMemory(from: value, byteCount: MemoryLayout<T>.size) }
        return result
    }

    private func now() -> Duration { elapsed() }

    private static func setString<Tuple>(_ field: inout Tuple, _ text: String) {
        withUnsafeMutableBytes(of: &field) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            for (index, byte) in text.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
    }

    // MARK: - Identity and formats

    private func querycap(_ cap: inout v4l2_capability) -> Int32 {
        let configuration = device.withLock { $0.configuration }
        cap = v4l2_capability()
        Self.setString(&cap.driver, "camerasim")
        Self.setString(&cap.card, configuration.name)
        Self.setString(&cap.bus_info, configuration.busInfo)
        cap.version = (6 << 16) | (1 << 8)
        cap.device_caps = CV4L2_CAP_VIDEO_CAPTURE | CV4L2_CAP_STREAMING
        cap.capabilities = cap.device_caps | CV4L2_CAP_DEVICE_CAPS
        return 0
    }

    private func enumFormat(_ desc: inout v4l2_fmtdesc) -> Int32 {
        guard desc.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE else { return EINVAL }
        let formats = device.withLock { $0.configuration.formats }
        guard Int(desc.index) < formats.count else { return EINVAL }
        let format = formats[Int(desc.index)]
        desc.flags = format.isCompressed ? 0x0001 : 0  // V4L2_FMT_FLAG_COMPRESSED
        Self.setString(&desc.description, format.description)
        desc.pixelformat = format.fourcc
        desc.mbus_code = 0
        return 0
    }

    private func enumFrameSizes(_ sizes: inout v4l2_frmsizeenum) -> Int32 {
        let configuration = device.withLock { $0.configuration }
        guard let format = CameraPixelFormat(fourcc: sizes.pixel_format), configuration.formats.contains(format),
            Int(sizes.index) < configuration.frameSizes.count
        else { return EINVAL }
        let size = configuration.frameSizes[Int(sizes.index)]
        sizes.type = CV4L2_FRMSIZE_TYPE_DISCRETE
        sizes.discrete = v4l2_frmsize_discrete(width: UInt32(size.width), height: UInt32(size.height))
        return 0
    }

    private func enumFrameIntervals(_ intervals: inout v4l2_frmivalenum) -> Int32 {
        let configuration = device.withLock { $0.configuration }
        guard let format = CameraPixelFormat(fourcc: intervals.pixel_format), configuration.formats.contains(format),
            configuration.frameSizes.contains(
                CameraFrameSize(
                    width: Int(intervals.width),
                    height: Int(intervals.height))),
            Int(intervals.index) < configuration.frameRates.count
        else { return EINVAL }
        intervals.type = CV4L2_FRMIVAL_TYPE_DISCRETE
        intervals.discrete = v4l2_fract(
            numerator: 1, denominator: UInt32(configuration.frameRates[Int(intervals.index)]))
        return 0
    }

    private enum FormatMode { case get, `try`, set }

    private func format(_ format: inout v4l2_format, mode: FormatMode) -> Int32 {
        guard format.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE else { return EINVAL }
        return device.withLock { state in
            var chosen = (state.format, state.size)
            if mode != .get {
                chosen = state.negotiate(
                    fourcc: format.fmt.pix.pixelformat, width: Int(format.fmt.pix.width),
                    height: Int(format.fmt.pix.height))
            }
            if mode == .set {
                let error = state.setFormat(chosen.0, size: chosen.1)
                guard error == 0 else { return error }
            }
            var pix = v4l2_pix_format()
            pix.width = UInt32(chosen.1.width)
            pix.height = UInt32(chosen.1.height)
            pix.pixelformat = chosen.0.fourcc
            pix.field = CV4L2_FIELD_NONE
            pix.bytesperline = UInt32(chosen.0.bytesPerLine(width: chosen.1.width))
            pix.sizeimage = UInt32(chosen.0.sizeImage(width: chosen.1.width, height: chosen.1.height))
            // V4L2_COLORSPACE_JPEG (7) for MJPEG, V4L2_COLORSPACE_SRGB (8) otherwise.
            pix.colorspace = chosen.0 == .mjpeg ? 7 : 8
            format.fmt.pix = pix
            return 0
        }
    }

    private func streamParameters(_ parameters: inout v4l2_streamparm, set: Bool) -> Int32 {
        guard parameters.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE else { return EINVAL }
        return device.withLock { state in
            if set {
                let fraction = parameters.parm.capture.timeperframe
                let requested =
                    fraction.numerator == 0 || fraction.denominator == 0
                    ? Double(state.configuration.frameRates[0])
                    : Double(fraction.denominator) / Double(fraction.numerator)
                let error = state.setFrameRate(requested)
                guard error == 0 else { return error }
            }
            var capture = v4l2_captureparm()
            capture.capability = 0x1000  // V4L2_CAP_TIMEPERFRAME
            capture.timeperframe = v4l2_fract(numerator: 1, denominator: UInt32(state.framesPerSecond))
            capture.readbuffers = 0
            parameters.parm.capture = capture
            return 0
        }
    }

    // MARK: - Controls

    private func queryControl(_ query: inout v4l2_queryctrl) -> Int32 {
        let controls = device.withLock { $0.controls }
        let control: CameraControl?
        if query.id & CV4L2_CTRL_FLAG_NEXT_CTRL != 0 {
            let after = query.id & ~CV4L2_CTRL_FLAG_NEXT_CTRL
            control = controls.filter { $0.id > after }.min { $0.id < $1.id }
        } else {
            control = controls.first { $0.id == query.id }
        }
        guard let control else { return EINVAL }
        query = v4l2_queryctrl()
        query.id = control.id
        query.type = control.type
        Self.setString(&query.name, control.name)
        query.minimum = control.minimum
        query.maximum = control.maximum
        query.step = control.step
        query.default_value = control.defaultValue
        return 0
    }

    /// VIDIOC_QUERYMENU's struct is packed, so its fields are addressed by their byte offsets.
    private func queryMenu(_ arg: UnsafeMutablePointer<UMockdevIoctlData>) -> Int32 {
        typealias Packed44 = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
        return exchange(arg, Packed44.self) { raw in
            withUnsafeMutableBytes(of: &raw) { bytes in
                let id = bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
                let index = bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
                let controls = self.device.withLock { $0.controls }
                guard let control = controls.first(where: { $0.id == id }), let menu = control.menu,
                    let name = menu[Int(index)]
                else { return EINVAL }
                for offset in 8..<44 { bytes[offset] = 0 }
                for (position, byte) in name.utf8.prefix(31).enumerated() { bytes[8 + position] = byte }
                return 0
            }
        }
    }

    /// V4L2_EXPOSURE_MANUAL.
    private static let manualExposureMode: Int32 = 1

    private func control(_ control: inout v4l2_control, set: Bool) -> Int32 {
        device.withLock { state in
            guard let index = state.controls.firstIndex(where: { $0.id == control.id }) else { return EINVAL }
            if set {
                if control.id == CV4L2_CID_EXPOSURE_AUTO, control.value != Self.manualExposureMode,
                    let refusal = state.autoExposureRefusal
                {
                    return refusal
                }
                switch state.controls[index].validated(control.value) {
                case .success(let value): state.controls[index].value = value
                case .failure(let error): return error.errno
                }
            }
            control.value = state.controls[index].value
            return 0
        }
    }

    private func enumInput(_ input: inout v4l2_input) -> Int32 {
        guard input.index == 0 else { return EINVAL }
        input = v4l2_input()
        Self.setString(&input.name, "Camera 1")
        input.type = 2  // V4L2_INPUT_TYPE_CAMERA
        return 0
    }

    // MARK: - Buffers and streaming

    private func requestBuffers(_ request: inout v4l2_requestbuffers) -> Int32 {
        guard request.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE, request.memory == CV4L2_MEMORY_MMAP else { return EINVAL }
        let (error, count) = device.withLock { $0.requestBuffers(Int(request.count)) }
        guard error == 0 else { return error }
        request.count = UInt32(count)
        request.capabilities = 0x01  // V4L2_BUF_CAP_SUPPORTS_MMAP
        return 0
    }

    private func fill(_ buffer: inout v4l2_buffer, index: Int, from state: CameraDeviceState) {
        let entry = state.buffers[index]
        buffer.index = UInt32(index)
        buffer.type = CV4L2_BUF_TYPE_VIDEO_CAPTURE
        buffer.memory = CV4L2_MEMORY_MMAP
        buffer.m.offset = UInt32(entry.offset)
        buffer.length = UInt32(entry.length)
        buffer.field = CV4L2_FIELD_NONE
        buffer.bytesused = UInt32(entry.bytesUsed)
        buffer.sequence = entry.sequence
        let (seconds, attoseconds) = entry.timestamp.components
        buffer.timestamp = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        var flags = CV4L2_BUF_FLAG_MAPPED | CV4L2_BUF_FLAG_TIMESTAMP_MONOTONIC | CV4L2_BUF_FLAG_TSTAMP_SRC_SOE
        switch entry.owner {
        case .queued: flags |= CV4L2_BUF_FLAG_QUEUED
        case .done: flags |= CV4L2_BUF_FLAG_DONE
        case .application: break
        }
        buffer.flags = flags
    }

    private func queryBuffer(_ buffer: inout v4l2_buffer) -> Int32 {
        guard buffer.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE else { return EINVAL }
        let now = now()
        return device.withLock { state in
            guard state.buffers.indices.contains(Int(buffer.index)) else { return EINVAL }
            state.advance(to: now)
            fill(&buffer, index: Int(buffer.index), from: state)
            return 0
        }
    }

    private func queueBuffer(_ buffer: inout v4l2_buffer) -> Int32 {
        guard buffer.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE, buffer.memory == CV4L2_MEMORY_MMAP else { return EINVAL }
        let now = now()
        return device.withLock { state in
            // Removal may have happened since `handle` looked: it also stops the stream.
            if state.removed { return ENODEV }
            let index = Int(buffer.index)
            let error = state.queue(index)
            guard error == 0 else { return error }
            state.advance(to: now)
            fill(&buffer, index: index, from: state)
            return 0
        }
    }

    private func dequeueBuffer(_ buffer: inout v4l2_buffer) -> Int32 {
        guard buffer.type == CV4L2_BUF_TYPE_VIDEO_CAPTURE, buffer.memory == CV4L2_MEMORY_MMAP else { return EINVAL }
        let now = now()
        return device.withLock { state in
            if state.removed { return ENODEV }
            switch state.dequeue(now: now) {
            case .failure(let error):
                return error.value
            case .success(let dequeued):
                fill(&buffer, index: dequeued.index, from: state)
                return 0
            }
        }
    }

    private func stream(type: UInt32, on: Bool) -> Int32 {
        guard type == CV4L2_BUF_TYPE_VIDEO_CAPTURE else { return EINVAL }
        let now = now()
        return device.withLock { state in
            if on { return state.streamOn(now: now) }
            state.streamOff()
            return 0
        }
    }
}
