import Testing

@testable import V4L2

@Suite struct FourCCTests {
    @Test func knownFormatsRoundTrip() {
        #expect(V4L2FourCC("YUYV") == .yuyv)
        #expect(V4L2FourCC("MJPG") == .mjpeg)
        #expect(V4L2FourCC("GREY") == .grey)
        #expect(V4L2FourCC.yuyv.description == "YUYV")
        #expect(V4L2FourCC.mjpeg.description == "MJPG")
    }

    @Test func packsLittleEndian() {
        #expect(V4L2FourCC("YUYV")?.rawValue == 0x5659_5559)
        #expect(V4L2FourCC(rawValue: 0x2036_3159).description == "Y16 ")
    }

    @Test(arguments: ["", "YUY", "YUYVX", "YU\u{7}V", "ÄBCD"])
    func rejectsAnythingButFourPrintableASCII(text: String) {
        #expect(V4L2FourCC(text) == nil)
    }

    @Test func bigEndianFlagAndUnprintableBytesAreShown() {
        let bigEndian = V4L2FourCC(rawValue: V4L2FourCC("Y16 ")!.rawValue | 1 << 31)
        #expect(bigEndian.description == "Y16 -BE")
        #expect(V4L2FourCC(rawValue: 0x0000_4142).description == "BA??")
    }
}

@Suite struct FractionTests {
    @Test func framesPerSecondFromInterval() {
        #expect(V4L2Fraction(numerator: 1, denominator: 30).framesPerSecond == 30)
        #expect(V4L2Fraction(numerator: 1001, denominator: 30000).framesPerSecond! > 29.97)
        #expect(V4L2Fraction(numerator: 1001, denominator: 30000).framesPerSecond! < 29.98)
        #expect(V4L2Fraction(numerator: 2, denominator: 15).framesPerSecond == 7.5)
    }

    @Test func zeroTermsHaveNoRate() {
        #expect(V4L2Fraction(numerator: 0, denominator: 30).framesPerSecond == nil)
        #expect(V4L2Fraction(numerator: 1, denominator: 0).framesPerSecond == nil)
        #expect(V4L2Fraction(numerator: 1, denominator: 0).duration == nil)
    }

    @Test func intervalForRateAndItsDuration() {
        let interval = V4L2Fraction.interval(framesPerSecond: 25)
        #expect(interval == V4L2Fraction(numerator: 1, denominator: 25))
        #expect(interval.duration == .milliseconds(40))
        #expect(V4L2Fraction(numerator: 1, denominator: 30).duration == .nanoseconds(33_333_333))
        #expect(interval.description == "1/25")
    }
}
