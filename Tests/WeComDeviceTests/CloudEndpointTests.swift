import Foundation
import Testing

@testable import WeComDevice

/// The one endpoint check: what it accepts and how it normalises, what it refuses and why.
@Suite struct CloudEndpointTests {
    private func problem(_ text: String) -> CloudEndpointError.Problem? {
        do {
            _ = try CloudEndpoint.parse(text)
            return nil
        } catch {
            #expect(error.endpoint == String(text.prefix(200)))
            return error.problem
        }
    }

    @Test func upperCaseSchemeAndHostAreLowerCasedAndWSSMeansTLS() throws {
        let endpoint = try CloudEndpoint.parse("WSS://Host.Example/path")
        #expect(endpoint.url.absoluteString == "wss://host.example/path")
        #expect(endpoint.usesTLS)
        #expect(endpoint.host == "host.example")
        #expect(endpoint.port == nil)
        let mixed = try CloudEndpoint.parse("wSs://OpenHW.Work.Weixin.QQ.com:443/WebSocket?A=B")
        #expect(mixed.url.absoluteString == "wss://openhw.work.weixin.qq.com:443/WebSocket?A=B")
        #expect(try CloudEndpoint.parse("wss://host.example?x=1").url.absoluteString == "wss://host.example/?x=1")
    }

    @Test func plainWSOnlyToLoopbackLiteralsAndLocalhost() throws {
        for text in [
            "ws://127.0.0.1:9000", "ws://127.8.9.10/ws", "ws://127.255.255.255", "ws://[::1]", "ws://[::1]:9000/x",
            "ws://[0:0:0:0:0:0:0:1]", "ws://LOCALHOST", "ws://localhost:1",
        ] {
            let endpoint = try CloudEndpoint.parse(text)
            #expect(!endpoint.usesTLS, "\(text)")
            #expect(endpoint.url.absoluteString == text.replacingOccurrences(of: "LOCALHOST", with: "localhost"))
        }
        for (text, host) in [
            ("ws://127.x.example", "127.x.example"), ("ws://127.0.0.1.evil.example", "127.0.0.1.evil.example"),
            ("ws://127.000.0.1", "127.000.0.1"), ("ws://127.0.0.256", "127.0.0.256"), ("ws://127.1", "127.1"),
            ("ws://2130706433", "2130706433"), ("ws://[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"),
            ("ws://[::2]", "[::2]"), ("ws://localhost.example", "localhost.example"),
            ("WS://Evil.Example", "evil.example"),
            ("ws://10.0.0.1", "10.0.0.1"),
        ] {
            #expect(problem(text) == .plaintextToNonLoopbackHost(host), "\(text)")
        }
    }

    @Test func everythingElseIsASpecificError() {
        #expect(problem("https://host.example") == .unsupportedScheme("https"))
        #expect(problem("WSX://host.example") == .unsupportedScheme("wsx"))
        #expect(problem("host.example") == .notAURL)
        #expect(problem("wss:/host.example") == .notAURL)
        #expect(problem("wss://user:pw@host.example") == .userInfo)
        #expect(problem("wss://host.example/#frag") == .fragment)
        #expect(problem("wss://host.example:0") == .invalidPort("0"))
        #expect(problem("wss://host.example:65536") == .invalidPort("65536"))
        #expect(problem("wss://host.example:") == .invalidPort(""))
        #expect(problem("wss://host.example:+80") == .invalidPort("+80"))
        #expect(problem("wss://") == .invalidHost(""))
        #expect(problem("wss://-host.example") == .invalidHost("-host.example"))
        #expect(problem("wss://ho_st.example") == .invalidHost("ho_st.example"))
        #expect(problem("wss://[::1") == .invalidHost("[::1"))
        #expect(problem("wss://[not:an:address]") == .invalidHost("[not:an:address]"))
        #expect(problem("wss://host example") == .notPrintableASCII)
        #expect(problem("wss://höst.example") == .notPrintableASCII)
        #expect(problem("wss://host.example/\u{0}") == .notPrintableASCII)
        #expect(problem("wss://" + String(repeating: "a", count: 2048)) == .tooLong(limit: 2048))
    }

    @Test func theTransportGivesTheLibraryExactlyTheNormalisedURL() throws {
        let transport = WSClientTransport()
        let plan = try transport.plan(for: URL(string: "WSS://Host.Example/path")!)
        #expect(plan == .init(url: "wss://host.example/path", usesTLS: true, maxFrameSize: WireBudget.maxMessageBytes))
        let local = try transport.plan(for: URL(string: "ws://LOCALHOST:9000/ws")!)
        #expect(local == .init(url: "ws://localhost:9000/ws", usesTLS: false, maxFrameSize: WireBudget.maxMessageBytes))
        #expect(throws: CloudEndpointError.self) { try transport.plan(for: URL(string: "ws://127.x.example")!) }
        // The library's URL parser splits the host at its first colon: an IPv6 literal is refused up front.
        #expect {
            try transport.plan(for: URL(string: "ws://[::1]:9000")!)
        } throws: { error in
            guard case .invalidHost(let host) = (error as? CloudEndpointError)?.problem else { return false }
            return host.hasPrefix("[::1]")
        }
    }

    /// What the transport actually sends first to a plain TCP listener: a TLS ClientHello (record type 0x16)
    /// for an upper-case `WSS://`, the clear-text HTTP upgrade for `ws://`.
    @Test func anUpperCaseWSSEndpointOpensTLSOnTheWire() async throws {
        // A host name, not an IP literal: TLS would refuse an IP address as its server name before connecting.
        let tls = try await firstBytes { "WSS://LOCALHOST:\($0)/websocket" }
        #expect(tls.first == 0x16, "expected a TLS handshake record, got \(Array(tls.prefix(8)))")
        let plain = try await firstBytes { "ws://LOCALHOST:\($0)/websocket" }
        #expect(
            plain.starts(with: Array("GET /websocket HTTP/1.1".utf8)), "got \(String(decoding: plain, as: UTF8.self))")
    }

    private func firstBytes(sentTo endpoint: (Int) -> String) async throws -> [UInt8] {
        let listener = try LoopbackListener()
        let url = URL(string: endpoint(listener.port))!
        // An attempt that fails before reaching the listener (the client's connect timeout on a machine busy
        // with a build: CI once waited 120 s for nothing) is made again until the listener has its bytes.
        let connecting = Task {
            while !Task.isCancelled {
                _ = try? await WSClientTransport().connect(to: url)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let bytes = try await listener.acceptAndRead()
        connecting.cancel()
        await connecting.value
        return bytes
    }
}

/// A plain TCP listener on 127.0.0.1 that accepts one connection and returns the first bytes it receives.
/// Blocking calls run on their own thread, each bounded by a 120 s socket timeout (so a test never hangs, even on a loaded machine).
final class LoopbackListener: Sendable {
    let port: Int
    private let socket: Int32

    init() throws {
        let (fd, port) = try listenOnLoopback(backlog: 1)
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        socket = fd
        self.port = port
    }

    deinit { close(socket) }

    /// Accepts one connection, reads what arrives first (up to 512 bytes) and closes it.
    func acceptAndRead() async throws -> [UInt8] {
        let fd = socket
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let client = accept(fd, nil, nil)
                guard client >= 0 else {
                    continuation.resume(throwing: POSIXError(.ETIMEDOUT))
                    return
                }
                var timeout = timeval(tv_sec: 120, tv_usec: 0)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = recv(client, &buffer, buffer.count, 0)
                close(client)
                continuation.resume(returning: Array(buffer.prefix(max(count, 0))))
            }
        }
    }
}
