import Glibc

extension UARTLineCoding {
    /// The frame format termios `c_cflag` sets (CSIZE, PARENB, PARODD, CMSPAR, CSTOPB) at `baudRate`.
    public init(baudRate: Int, termiosFlags flags: tcflag_t) {
        let dataBits: Int
        switch flags & tcflag_t(CSIZE) {
        case tcflag_t(CS5): dataBits = 5
        case tcflag_t(CS6): dataBits = 6
        case tcflag_t(CS7): dataBits = 7
        default: dataBits = 8
        }
        let parity: UARTParity
        if flags & tcflag_t(PARENB) == 0 {
            parity = .none
        } else {
            let odd = flags & tcflag_t(PARODD) != 0
            if flags & tcflag_t(CMSPAR) != 0 {
                parity = odd ? .mark : .space
            } else {
                parity = odd ? .odd : .even
            }
        }
        self.init(
            baudRate: baudRate, dataBits: dataBits, parity: parity,
            stopBits: flags & tcflag_t(CSTOPB) != 0 ? .two : .one)
    }
}
