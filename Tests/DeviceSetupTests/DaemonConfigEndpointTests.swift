import DeviceSetup
import Foundation
import Testing

/// `cloud.endpoint` and `--endpoint` go through the client's own endpoint check (`CloudEndpoint.parse`):
/// refused before anything is opened, with an error naming the endpoint; accepted ones are normalised.
@Suite("DaemonConfig endpoint")
struct DaemonConfigEndpointTests {
    private func config(endpoint: String) throws -> DaemonConfig {
        try DaemonConfig.parse(Data(#"{"cloud": {"sn": "S", "secret_no": "k", "endpoint": "\#(endpoint)"}}"#.utf8))
    }

    @Test func aHostThatOnlyLooksLikeLoopbackIsRefusedNamingTheEndpoint() throws {
        for endpoint in [
            "ws://127.x.example", "ws://127.0.0.1.evil.example", "ws://127.000.0.1", "ws://[::ffff:127.0.0.1]",
        ] {
            let error = try #require(configError { _ = try config(endpoint: endpoint) }, "\(endpoint)")
            #expect(error.key == "cloud.endpoint")
            #expect(error.description.contains("\"\(endpoint)\""), "\(error)")
            #expect(error.description.contains("loopback"), "\(error)")
        }
    }

    @Test func upperCaseSchemeAndHostAreNormalised() throws {
        #expect(
            try config(endpoint: "WSS://Host.Example/path").cloud.endpoint.absoluteString == "wss://host.example/path")
        #expect(try config(endpoint: "ws://LOCALHOST:9000/").cloud.endpoint.absoluteString == "ws://localhost:9000/")
    }

    @Test func loopbackLiteralsAndLocalhostAreAccepted() throws {
        for (endpoint, normalised) in [
            ("ws://127.0.0.1:9000", "ws://127.0.0.1:9000"), ("ws://[::1]", "ws://[::1]"),
            ("ws://[0:0:0:0:0:0:0:1]:80/x", "ws://[0:0:0:0:0:0:0:1]:80/x"), ("ws://LOCALHOST", "ws://localhost"),
            ("ws://127.255.255.254/ws", "ws://127.255.255.254/ws"),
        ] {
            #expect(try config(endpoint: endpoint).cloud.endpoint.absoluteString == normalised)
        }
    }

    @Test func otherMalformedEndpointsAreRefused() {
        for endpoint in [
            "WS://evil.example", "http://127.0.0.1", "wss://user:pw@host.example", "wss://host.example/#x",
            "wss://host.example:0", "wss://host.example:65536", "wss://", "wss://-host.example", "wss:/host.example",
        ] {
            let error = configError { _ = try config(endpoint: endpoint) }
            #expect(error?.key == "cloud.endpoint", "\(endpoint)")
        }
    }

    @Test func theFlagGoesThroughTheSameCheck() throws {
        let base = try DaemonConfig.parse(Data(#"{"cloud": {"sn": "S", "secret_no": "k"}}"#.utf8))
        var flags = ConfigOverrides()
        flags.endpoint = "ws://127.x.example"
        let error = configError { _ = try flags.apply(to: base) }
        #expect(error?.key == "--endpoint")
        #expect(error?.description.contains("ws://127.x.example") == true)
        flags.endpoint = "WSS://Cloud.Example"
        #expect(try flags.apply(to: base).cloud.endpoint.absoluteString == "wss://cloud.example")
    }
}
