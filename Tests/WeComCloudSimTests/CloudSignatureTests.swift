import Testing

@testable import WeComCloudSim

@Suite("Device signature (spec §4.2)")
struct DeviceSignatureTests {
    // Expected values computed outside Swift:
    //   printf '%s' 1234567891767225600SN0001registersecretno-abc | sha1sum
    //   printf '%s' 176722560042SN0001secret_noseed-key | sha1sum
    @Test func registerVector() {
        let signature = CloudSignature.register(
            sn: "SN0001", secretNo: "secretno-abc", timestamp: "1767225600", nonce: "123456789")
        #expect(signature == "d37898c7b476ece9c0b2c5740e381649e094cd4c")
    }

    @Test func secretNoVector() {
        let signature = CloudSignature.secretNo(
            sn: "SN0001", seedSecretNo: "seed-key", timestamp: "1767225600", nonce: "42")
        #expect(signature == "4e336f599b311ce60cef8775fc731e1070bdcc33")
    }

    @Test func orderOfValuesDoesNotMatter() {
        let forward = CloudSignature.compute(["SN0001", "secretno-abc", "1767225600", "123456789", "register"])
        let shuffled = CloudSignature.compute(["register", "123456789", "SN0001", "1767225600", "secretno-abc"])
        #expect(forward == shuffled)
        #expect(forward == "d37898c7b476ece9c0b2c5740e381649e094cd4c")
    }

    @Test func constantSeparatesTheCalls() {
        let register = CloudSignature.compute(["SN0001", "k", "1", "2", "register"])
        let secretNo = CloudSignature.compute(["SN0001", "k", "1", "2", "secret_no"])
        #expect(register != secretNo)
        #expect(register.count == 40)
        #expect(register.allSatisfy { "0123456789abcdef".contains($0) })
    }
}
