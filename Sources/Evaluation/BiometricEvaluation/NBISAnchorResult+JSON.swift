import Foundation

extension NBISAnchorResult {
    /// Parses the one JSON object the anchor prints (a trailing newline or log lines before it are allowed:
    /// the object is taken from the last line that starts with "{").
    public init(anchorOutput data: Data) throws(NBISAnchorError) {
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).last {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        }
        guard let line else {
            throw .notJSON(reason: "found no line starting with \"{\"", output: Self.excerpt(text))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        } catch {
            throw .notJSON(
                reason: "it does not parse (\((error as NSError).localizedDescription))",
                output: Self.excerpt(String(line)))
        }
        guard let root = object as? [String: Any] else {
            throw .notJSON(reason: "found \(JSONFields.kind(of: object))", output: Self.excerpt(String(line)))
        }
        let fields = JSONFields(root: root)
        anchor = try fields.string("anchor")
        dataset = try fields.string("dataset")
        fingers = try fields.integer("fingers")
        enrolled = try fields.integer("enrolled")
        let extract = try fields.object("extract_ms")
        extractCount = try extract.integer("n")
        extractMillisecondsMedian = try extract.optionalNumber("median")
        extractMillisecondsMean = try extract.optionalNumber("mean")
        genuineAccepted = try fields.integer("genuine_accepted")
        genuineTotal = try fields.integer("genuine_total")
        falseMatches = try fields.integer("false_matches")
        impostorProbes = try fields.integer("impostor_probes")
        genuineScoreCount = try fields.integers("genuine_scores").count
        maxImpostorScore = try fields.integers("impostor_scores").max()
        verifyMillisecondsMedian = try fields.optionalNumber("verify_ms_median")
        identifyMillisecondsMedian = try fields.optionalNumber("identify_ms_median")
        guard genuineAccepted <= genuineTotal else {
            throw .invalidField(
                field: "genuine_accepted", expected: "at most genuine_total (\(genuineTotal))",
                found: "\(genuineAccepted)")
        }
        guard falseMatches <= impostorProbes else {
            throw .invalidField(
                field: "false_matches", expected: "at most impostor_probes (\(impostorProbes))",
                found: "\(falseMatches)")
        }
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(200)) + "…"
    }
}

/// Typed access to the fields of a decoded JSON object, with errors naming the field.
struct JSONFields {
    let root: [String: Any]
    var prefix = ""

    func string(_ key: String) throws(NBISAnchorError) -> String {
        guard let value = try present(key) as? String else { throw mismatch(key, "a string") }
        return value
    }

    func integer(_ key: String) throws(NBISAnchorError) -> Int {
        guard let value = Self.integer(try present(key)) else { throw mismatch(key, "a non-negative integer") }
        return value
    }

    func optionalNumber(_ key: String) throws(NBISAnchorError) -> Double? {
        let value = try present(key)
        if value is NSNull { return nil }
        guard let number = Self.number(value) else { throw mismatch(key, "a number or null") }
        return number
    }

    func integers(_ key: String) throws(NBISAnchorError) -> [Int] {
        guard let list = try present(key) as? [Any] else { throw mismatch(key, "an array of integers") }
        var values: [Int] = []
        for (index, element) in list.enumerated() {
            guard let value = Self.integer(element) else {
                throw .invalidField(
                    field: name("\(key)[\(index)]"), expected: "a non-negative integer",
                    found: Self.kind(of: element))
            }
            values.append(value)
        }
        return values
    }

    func object(_ key: String) throws(NBISAnchorError) -> JSONFields {
        guard let value = try present(key) as? [String: Any] else { throw mismatch(key, "an object") }
        return JSONFields(root: value, prefix: name(key) + ".")
    }

    private func present(_ key: String) throws(NBISAnchorError) -> Any {
        guard let value = root[key] else {
            throw .invalidField(field: name(key), expected: "present", found: "no such key")
        }
        return value
    }

    private func name(_ key: String) -> String { prefix + key }

    private func mismatch(_ key: String, _ expected: String) -> NBISAnchorError {
        .invalidField(field: name(key), expected: expected, found: Self.kind(of: root[key] as Any))
    }

    /// A JSON number (not a boolean), as Double.
    private static func number(_ value: Any) -> Double? {
        guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
        let double = number.doubleValue
        return double.isFinite ? double : nil
    }

    private static func integer(_ value: Any) -> Int? {
        guard let double = number(value), double >= 0, double <= 1e15, double.rounded() == double else { return nil }
        return Int(double)
    }

    /// JSONSerialization gives true/false as NSNumber too; they are the ones of Objective-C type "c" (char),
    /// which no parsed JSON number has.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// How a JSON value looks, for error messages.
    static func kind(of value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "a string \"\(value)\""
        case let number as NSNumber: isBoolean(number) ? "a boolean" : "the number \(number)"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "\(type(of: value))"
        }
    }
}
