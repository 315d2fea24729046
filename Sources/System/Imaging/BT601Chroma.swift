/// BT.601 limited-range YCbCr → RGB in 8.8 fixed point: R = 1.164(Y−16) + 1.596V, G = 1.164(Y−16) − 0.391U − 0.813V,
/// B = 1.164(Y−16) + 2.018U, with U, V centred on 128. The chroma terms are shared by the two pixels of a YUYV pair.
struct BT601Chroma {
    let red: Int32
    let green: Int32
    let blue: Int32

    init(u: Int32, v: Int32) {
        red = 409 * v + 128
        green = -100 * u - 208 * v + 128
        blue = 516 * u + 128
    }

    @inline(__always)
    func write(luma: UInt8, into dst: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let c = 298 * (Int32(luma) - 16)
        dst[offset] = clamp((c + red) >> 8)
        dst[offset + 1] = clamp((c + green) >> 8)
        dst[offset + 2] = clamp((c + blue) >> 8)
    }
}

@inline(__always)
private func clamp(_ value: Int32) -> UInt8 {
    UInt8(truncatingIfNeeded: min(max(value, 0), 255))
}
