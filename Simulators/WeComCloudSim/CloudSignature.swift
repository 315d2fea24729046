import Crypto
import Foundation

/// The device signature of spec §4.2.
public enum CloudSignature {
    /// Lowercase hex sha1 of the lexicographically sorted values concatenated.
    public static func compute(_ values: [String]) -> String {
        let joined = values.sorted().joined()
        return Insecure.SHA1.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Signature for `register`: sorted [sn, SecretNo, timestamp, nonce, "register"].
    public static func register(sn: String, secretNo: String, timestamp: String, nonce: String) -> String {
        compute([sn, secretNo, timestamp, nonce, "register"])
    }

    /// Signature for `get_secret_no`: sorted [sn, seedSecretNo, timestamp, nonce, "secret_no"].
    public static func secretNo(sn: String, seedSecretNo: String, timestamp: String, nonce: String) -> String {
        compute([sn, seedSecretNo, timestamp, nonce, "secret_no"])
    }
}
