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

    private func refusal(_ url: String, _ problem: CloudEndpointError.Problem) -> WeComConfigurationError {
        .endpoint(CloudEndpointError(endpoint: url, problem: problem))
    }

    @Test func plaintextToANonLoopbackHostIsRefused() {
        for (url, host) in [
            ("ws://openhw.work.weixin.qq.com", "openhw.work.weixin.qq.com"),
            ("ws://192.168.1.10:8080/websocket", "192.168.1.10"), ("ws://127.evil.com", "127.evil.com"),
        ] {
            #expect(throws: refusal(url, .plaintextToNonLoopbackHost(host))) { try configuration(url) }
        }
        let error = refusal("ws://example.com", .plaintextToNonLoopbackHost("example.com"))
        #expect(error.description.contains("loopback"))
        #expect(error.description.hasPrefix("endpoint \"ws://example.com\": "))
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

    @Test func theEndpointIsKeptNormalised() throws {
        let config = try configuration("WSS://Host.Example:8443/Path?Q=1")
        #expect(config.endpoint.absoluteString == "wss://host.example:8443/Path?Q=1")
        #expect(config.cloudEndpoint.usesTLS)
    }

    @Test func otherSchemesAreRefused() {
        #expect(throws: refusal("https://example.com", .unsupportedScheme("https"))) {
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

    @Test func delaysAndTimeoutsMustBePositiveAndAtMostAnHour() {
        let endpoint = URL(string: "wss://x.example")!
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "requestTimeout", .zero)) {
            try WeComClientConfiguration(
                endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1", requestTimeout: .zero)
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "reconnectMaxDelay", .seconds(3601))) {
            try WeComClientConfiguration(
                endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1",
                reconnectMaxDelay: .seconds(3601))
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "activeRetryInterval", .seconds(-1))) {
            try WeComClientConfiguration(
                endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1",
                activeRetryInterval: .seconds(-1))
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "reconnectResetUptime", .zero)) {
            try WeComClientConfiguration(
                endpoint: endpoint, sn: "SN", key: .secretNo("K"), firmwareVersion: "1", reconnectResetUptime: .zero)
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "timeouts.close", .zero)) {
            try ConnectionTimeouts(close: .zero)
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "timeouts.connect", .seconds(3601))) {
            try ConnectionTimeouts(connect: .seconds(3601))
        }
        #expect(throws: WeComConfigurationError.durationOutOfRange(field: "timeouts.send", .seconds(-1))) {
            try ConnectionTimeouts(send: .seconds(-1))
        }
    }
}
