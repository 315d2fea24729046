import Foundation
import Testing
import WeComDevice

@Suite struct ConfigurationTests {
    private func configuration(_ url: String, ping: Duration = .seconds(30)) throws(WeComConfigurationError)
        -> WeComClientConfiguration
    {
        try WeComClientConfiguration(
            endpoint: URL(string: url)!, sn: "SN", key: .secretNo("K"), firmwareVersion: "1", pingInterval: ping)
    }

    @Test func plaintextToANonLoopbackHostIsRefused() {
        #expect(throws: WeComConfigurationError.plaintextToNonLoopbackHost("openhw.work.weixin.qq.com")) {
            try configuration("ws://openhw.work.weixin.qq.com")
        }
        #expect(throws: WeComConfigurationError.plaintextToNonLoopbackHost("192.168.1.10")) {
            try configuration("ws://192.168.1.10:8080/websocket")
        }
        #expect(throws: WeComConfigurationError.plaintextToNonLoopbackHost("127.evil.com")) {
            try configuration("ws://127.evil.com")
        }
        let error = WeComConfigurationError.plaintextToNonLoopbackHost("example.com")
        #expect(error.description.contains("loopback"))
    }

    @Test func plaintextToLoopbackAndTLSAnywhereAreAccepted() throws {
        for url in [
            "ws://127.0.0.1:9000", "ws://127.8.9.10/ws", "ws://localhost:1234", "ws://[::1]:9000",
            "wss://openhw.work.weixin.qq.com",
        ] {
            #expect(throws: Never.self, "\(url)") { try configuration(url) }
        }
        #expect(WeComClientConfiguration.defaultEndpoint.absoluteString == "wss://openhw.work.weixin.qq.com")
    }

    @Test func otherSchemesAreRefused() {
        #expect(throws: WeComConfigurationError.invalidEndpoint("https://example.com")) {
            try configuration("https://example.com")
        }
    }

    @Test func pingIntervalMustBe20To40Seconds() throws {
        #expect(throws: WeComConfigurationError.pingIntervalOutOfRange(.seconds(19))) {
            try configuration("wss://x.example", ping: .seconds(19))
        }
        #expect(throws: WeComConfigurationError.pingIntervalOutOfRange(.seconds(41))) {
            try configuration("wss://x.example", ping: .seconds(41))
        }
        #expect(try configuration("wss://x.example", ping: .seconds(20)).pingInterval == .seconds(20))
    }
}
