import Crypto

/// The `device_signature` recipe of spec 4.2.
public enum DeviceSignature {
    /// Constant mixed into `register` signatures.
    public static let registerConstant = "register"
    /// Constant mixed into `get_secret_no` signatures.
    public static let secretNoConstant = "secret_no"

    /// Lowercase hex SHA-1 of `values + [constant]`, sorted lexicographically (by UTF-8 bytes) and concatenated.
    public static func sign(values: [String], constant: String) -> String {
        let sorted = (values + [constant]).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let digest = Insecure.SHA1.hash(data: Array(sorted.joined().utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The signature over `[sn, key, timestamp, nonce]` (nonce non-negative, a valid Uint64) used by `register` and `get_secret_no`.
    public static func sign(sn: String, key: String, timestamp: Int64, nonce: Int64, constant: String) -> String {
        sign(values: [sn, key, String(timestamp), String(nonce)], constant: constant)
    }
}
