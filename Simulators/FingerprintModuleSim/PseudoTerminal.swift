import FingerprintModule
import Glibc

/// The X/Open pseudo-terminal calls (posix_openpt, grantpt, unlockpt, ptsname_r). Swift's Glibc module
/// is imported without the feature macros that declare them, so they are looked up in the C library
/// at run time.
enum PseudoTerminal {
    private typealias OpenCall = @convention(c) (Int32) -> Int32
    private typealias FDCall = @convention(c) (Int32) -> Int32
    private typealias NameCall = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    /// Opens a new master (non-blocking, close-on-exec), unlocks its slave and returns both.
    static func openPair() throws(ByteLinkError) -> (master: Int32, slavePath: String) {
        guard let library = dlopen(nil, RTLD_NOW),
            let openSymbol = dlsym(library, "posix_openpt"), let grantSymbol = dlsym(library, "grantpt"),
            let unlockSymbol = dlsym(library, "unlockpt"), let nameSymbol = dlsym(library, "ptsname_r")
        else {
            throw .io("pseudo-terminal calls: expected posix_openpt, grantpt, unlockpt and ptsname_r in the C library")
        }
        let posixOpenpt = unsafeBitCast(openSymbol, to: OpenCall.self)
        let grantpt = unsafeBitCast(grantSymbol, to: FDCall.self)
        let unlockpt = unsafeBitCast(unlockSymbol, to: FDCall.self)
        let ptsnameR = unsafeBitCast(nameSymbol, to: NameCall.self)

        let master = posixOpenpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw .io(errorText("posix_openpt")) }
        var name = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0 else {
            let message = errorText("grantpt/unlockpt")
            close(master)
            throw .io(message)
        }
        let status = ptsnameR(master, &name, name.count)
        guard status == 0 else {
            close(master)
            throw .io("ptsname_r: \(String(cString: strerror(status))) (errno \(status))")
        }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (master, path)
    }

    /// "call: strerror (errno N)" for the current errno.
    static func errorText(_ call: String) -> String {
        let code = errno
        return "\(call): \(String(cString: strerror(code))) (errno \(code))"
    }
}
