import FingerprintModule
import Glibc
import SystemSupport

/// The termios calls behind `TTYLink`. Every call here may block briefly; call them only from
/// dedicated threads.
enum TTYDevice {
    /// "call: strerror (errno N)" for the current errno.
    static func errorText(_ call: String) -> String {
        let code = errno
        return "\(call): \(String(cString: strerror(code))) (errno \(code))"
    }

    /// Opens `path` non-blocking and exclusively, puts it in raw 8N1 mode without flow control at
    /// `baud`, and flushes both directions. Returns the descriptor.
    static func openRaw(path: String, baud: TTYBaudRate) throws(ByteLinkError) -> Int32 {
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let busy = errno == EBUSY
            let text = errorText("open \(path)")
            throw .io(busy ? text + " – another program holds it exclusively" : text)
        }
        do throws(ByteLinkError) {
            try configure(fd, path: path, baud: baud)
            return fd
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    private static func configure(_ fd: Int32, path: String, baud: TTYBaudRate) throws(ByteLinkError) {
        guard isatty(fd) == 1 else {
            throw .io("\(path): expected a terminal device (serial port or pty slave), got another kind of file")
        }
        guard ioctl(fd, UInt(TIOCEXCL)) == 0 else { throw .io(errorText("TIOCEXCL \(path)")) }
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { throw .io(errorText("tcgetattr \(path)")) }
        cfmakeraw(&settings)
        settings.c_cflag &= ~tcflag_t(CSIZE | CSTOPB | PARENB)
        settings.c_cflag &= ~tcflag_t(CRTSCTS)
        settings.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD)
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard cfsetispeed(&settings, baud.speed) == 0, cfsetospeed(&settings, baud.speed) == 0 else {
            throw .io(errorText("cfsetspeed \(path) \(baud)"))
        }
        guard tcsetattr(fd, TCSANOW, &settings) == 0 else { throw .io(errorText("tcsetattr \(path)")) }
        // tcsetattr succeeds when any change took; read back to catch a refused speed.
        var applied = termios()
        guard tcgetattr(fd, &applied) == 0 else { throw .io(errorText("tcgetattr \(path)")) }
        guard cfgetospeed(&applied) == baud.speed, cfgetispeed(&applied) == baud.speed else {
            throw .io("\(path): the device did not accept \(baud)")
        }
        guard tcflush(fd, TCIOFLUSH) == 0 else { throw .io(errorText("tcflush \(path)")) }
    }

    /// Waits until `fd` reports `events` (or an error) or `wake` is signalled; returns both outcomes.
    static func wait(_ fd: Int32, for events: Int16, wake: WakePipe) -> (ready: Int16, woken: Bool) {
        var fds = [
            pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake.readFD, events: Int16(POLLIN), revents: 0),
        ]
        guard case .success = retryingOnInterrupt({ poll(&fds, 2, -1) }) else { return (Int16(POLLERR), false) }
        return (fds[0].revents, fds[1].revents != 0)
    }
}
