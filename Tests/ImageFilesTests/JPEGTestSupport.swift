import Foundation

/// Peak signal-to-noise ratio in dB over the pixel bytes of two equal-sized packed frames.
func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
    precondition(a.count == b.count && !a.isEmpty)
    var squared = 0.0
    for i in a.indices {
        let d = Double(a[i]) - Double(b[i])
        squared += d * d
    }
    let mse = squared / Double(a.count)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

/// Width and height from the first SOF0/1/2 marker segment of a JPEG, walking the marker segments directly.
func sofDimensions(_ jpeg: [UInt8]) -> (width: Int, height: Int)? {
    var i = 2
    while i + 9 < jpeg.count, jpeg[i] == 0xFF {
        let marker = jpeg[i + 1]
        let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
        if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 {
            let height = Int(jpeg[i + 5]) << 8 | Int(jpeg[i + 6])
            let width = Int(jpeg[i + 7]) << 8 | Int(jpeg[i + 8])
            return (width, height)
        }
        i += 2 + length
    }
    return nil
}
