import Crypto
import Foundation
import Testing
import WeComDevice

@Suite struct DeviceSignatureTests {
    /// Independent reference: SHA-1 of a string built by hand, as lowercase hex.
    private func referenceSHA1(_ text: String) -> String {
        Insecure.SHA1.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func knownSHA1VectorsThroughSorting() {
        // sorted ["c", "a", "b"] = "abc"; sha1("abc") is the FIPS 180 test vector.
        #expect(DeviceSignature.sign(values: ["c", "a"], constant: "b") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        // sha1("") vector.
        #expect(DeviceSignature.sign(values: [], constant: "") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func registerSignatureMatchesHandSortedConcatenation() {
        // Lexicographic order: digits < upper case < lower case.
        let handBuilt = "1700000000" + "42" + "KEY" + "SN123" + "register"
        let signature = DeviceSignature.sign(
            sn: "SN123", key: "KEY", timestamp: 1_700_000_000, nonce: 42, constant: "register")
        #expect(signature == referenceSHA1(handBuilt))
        #expect(signature.count == 40)
        #expect(signature == signature.lowercased())
    }

    @Test func secretNoSignatureUsesItsConstant() {
        let handBuilt = "1700000123" + "987654321" + "SEED" + "secret_no" + "sn-b"
        #expect(
            DeviceSignature.sign(
                sn: "sn-b", key: "SEED", timestamp: 1_700_000_123, nonce: 987_654_321, constant: "secret_no")
                == referenceSHA1(handBuilt))
    }

    @Test func registerRequestCarriesSignatureAndNumbers() throws {
        let register = Register(sn: "SN123", secretNo: "KEY", timestamp: 1_700_000_000, nonce: 42)
        let body = try #require(register.body())
        #expect(body["device_signature"] == .string(referenceSHA1("170000000042KEYSN123register")))
        #expect(body["timestamp"] == .integer(1_700_000_000))
        #expect(body["nonce"] == .integer(42))
        #expect(body["net_info"] == nil)
        let withNet = Register(
            sn: "S", secretNo: "K", timestamp: 1, nonce: 2, netInfo: NetInfo(wifiName: "w", macAddress: "m"))
        #expect(withNet.body()?["net_info"] == ["wifi_name": "w", "mac_address": "m"])
    }
}
