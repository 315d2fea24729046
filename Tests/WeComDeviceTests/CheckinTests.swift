import Biometrics
import JSONSupport
import Testing
import WeComDevice

/// `checkin` (DOC 93985): the record and request as they go on the wire, their limits, and the answer.
@Suite struct CheckinTests {
    /// 2026-01-01T00:00:00Z.
    private let noon: Int64 = 1_767_225_600

    private func record(
        _ userid: String = "zhangsan", userType: UserType = .employee, at timestamp: Int64? = nil,
        passType: PassDirection = .unknown, method: PassMethod = .fingerprint
    ) throws -> CheckinRecord {
        try CheckinRecord(
            userid: try UserID(userid), userType: userType, timestamp: timestamp ?? noon, passType: passType,
            passMethod: method)
    }

    private func validationError(_ build: () throws(RequestFieldError) -> Void) -> RequestFieldError? {
        do {
            try build()
            return nil
        } catch {
            return error
        }
    }

    @Test func theBodyHasTheWireShapeWithNumbersAsNumbers() throws {
        let checkin = Checkin(records: [
            try record(at: noon, method: .fingerprint),
            try record("guest/1000006", userType: .visitor, at: noon + 61, passType: .entry, method: .face),
        ])
        let body = try #require(try checkin.body())
        #expect(
            JSONValue.object(body)
                == [
                    "checkin_data": [
                        [
                            "userid": "zhangsan", "user_type": 0, "timestamp": .integer(noon), "pass_type": 3,
                            "pass_method": 4,
                        ],
                        [
                            "userid": "guest/1000006", "user_type": 1, "timestamp": .integer(noon + 61),
                            "pass_type": 1, "pass_method": 1,
                        ],
                    ]
                ])
        let text = RequestEnvelope(cmd: Checkin.cmd, reqID: "r1", body: body).encoded()
        #expect(text.contains(#""pass_method":4"#) && text.contains(#""timestamp":1767225600"#))
        #expect(Checkin.cmd == "checkin")
    }

    @Test func passMethodAndPassTypeHaveTheDocsNumbers() {
        #expect(PassMethod.face.rawValue == 1 && PassMethod.fingerprint.rawValue == 4)
        #expect(PassMethod.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6])
        #expect(PassDirection.allCases.map(\.rawValue) == [1, 2, 3])
    }

    @Test func recordsBefore2018AreRefusedAtConstruction() throws {
        let id = try UserID("zhangsan")
        for timestamp: Int64 in [0, -1, .min, 1_514_764_799] {
            let error = validationError { () throws(RequestFieldError) in
                _ = try CheckinRecord(userid: id, timestamp: timestamp, passMethod: .fingerprint)
            }
            #expect(error?.field == "timestamp", "\(timestamp)")
            #expect(error?.description.contains("2018-01-01") == true, "\(timestamp)")
        }
        #expect(try record(at: 1_514_764_800).timestamp == 1_514_764_800)
        #expect(try record(at: Int64(UInt32.max)).timestamp == Int64(UInt32.max))
        for timestamp: Int64 in [Int64(UInt32.max) + 1, .max] {
            let error = validationError { () throws(RequestFieldError) in
                _ = try CheckinRecord(userid: id, timestamp: timestamp, passMethod: .face)
            }
            #expect(error?.field == "timestamp" && error?.expected.contains("Uint32") == true, "\(timestamp)")
        }
    }

    @Test func aRequestCarriesOneTo200Records() throws {
        let one = try record()
        #expect(
            throws: WeComError.invalidRequest(cmd: "checkin", reason: "checkin_data: expected 1-200 records, got 0")
        ) { try Checkin(records: []).body() }
        #expect(
            throws: WeComError.invalidRequest(cmd: "checkin", reason: "checkin_data: expected 1-200 records, got 201")
        ) { try Checkin(records: Array(repeating: one, count: 201)).body() }
        let full = try #require(try Checkin(records: Array(repeating: one, count: 200)).body())
        #expect(full["checkin_data"]?.arrayValue?.count == 200)
        #expect(ProtocolLimits.recordsPerCheckin == 200)
    }

    @Test func batchesCutAtTheLimitAndKeepTheOrder() throws {
        let records = try (0..<401).map { try record(at: noon + Int64($0)) }
        let batches = Checkin.batches(records)
        #expect(batches.map(\.records.count) == [200, 200, 1])
        #expect(batches.flatMap(\.records) == records)
        #expect(Checkin.batches([]).isEmpty)
    }

    @Test func failListOfStringsAndObjectsNamesTheFailedRecords() throws {
        let first = try record("zhangsan", at: noon)
        let second = try record("zhangsan", at: noon + 5)
        let third = try record("lisi", at: noon)
        let visitor = try record("guest/1", userType: .visitor, at: noon)
        let checkin = Checkin(records: [first, second, third, visitor])
        let response = ResponseEnvelope(
            reqID: "r",
            body: [
                "fail_list": [
                    ["userid": "zhangsan", "user_type": 0, "timestamp": .integer(noon + 5)], "guest/1",
                ]
            ])
        let decoded = try checkin.decodeResponse(response)
        #expect(
            decoded.failed == [
                CheckinFailure(userid: try UserID("zhangsan"), userType: .employee, timestamp: noon + 5),
                CheckinFailure(userid: try UserID("guest/1")),
            ])
        #expect(decoded.acknowledged(of: checkin) == [first, third])
        #expect(decoded.failed(second) && decoded.failed(visitor) && !decoded.failed(first))

        let empty = try checkin.decodeResponse(ResponseEnvelope(reqID: "r", body: ["fail_list": []]))
        #expect(empty.failed.isEmpty && empty.acknowledged(of: checkin) == checkin.records)
        let noBody = try checkin.decodeResponse(ResponseEnvelope(reqID: "r"))
        #expect(noBody.acknowledged(of: checkin) == checkin.records)
    }

    @Test func aCloudErrorKeepsTheWholeBatch() throws {
        let checkin = Checkin(records: [try record()])
        #expect(throws: WeComError.cloudError(cmd: "checkin", errcode: 600020, errmsg: "not logged in")) {
            try checkin.decodeResponse(
                ResponseEnvelope(reqID: "r", errcode: 600020, errmsg: "not logged in", body: ["fail_list": []]))
        }
    }

    @Test func failListHasABudget() throws {
        let checkin = Checkin(records: [try record()])
        let over = ResponseEnvelope(reqID: "r", body: ["fail_list": .array(Array(repeating: "u", count: 201))])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "checkin", .tooManyEntries(field: "body.fail_list", limit: 200, found: 201))
        ) { try checkin.decodeResponse(over) }
        let atLimit = ResponseEnvelope(reqID: "r", body: ["fail_list": .array(Array(repeating: "u", count: 200))])
        #expect(try checkin.decodeResponse(atLimit).failed.count == 200)
    }

    @Test func hostileValuesNameTheirField() throws {
        let checkin = Checkin(records: [try record()])
        let long = String(repeating: "x", count: UserID.maxBytes + 1)
        let cases: [(JSONValue, String)] = [
            ("fail", "body.fail_list"),
            ([7], "body.fail_list[0]"),
            (["": ""], "body.fail_list"),
            ([""], "body.fail_list[0]"),
            ([.string(long)], "body.fail_list[0]"),
            ([["user_type": 0]], "body.fail_list[0].userid"),
            ([["userid": 7]], "body.fail_list[0].userid"),
            ([["userid": .string(long)]], "body.fail_list[0].userid"),
            ([["userid": "u", "user_type": 3]], "body.fail_list[0].user_type"),
            ([["userid": "u", "user_type": .integer(.min)]], "body.fail_list[0].user_type"),
            ([["userid": "u", "timestamp": -1]], "body.fail_list[0].timestamp"),
            ([["userid": "u", "timestamp": .integer(.max)]], "body.fail_list[0].timestamp"),
            ([["userid": "u", "timestamp": "1e300"]], "body.fail_list[0].timestamp"),
            ([["userid": "u", "timestamp": .double(1e300)]], "body.fail_list[0].timestamp"),
            ([["userid": "u", "timestamp": "99999999999999999999"]], "body.fail_list[0].timestamp"),
            (["ok", .null], "body.fail_list[1]"),
        ]
        for (list, field) in cases {
            do {
                _ = try checkin.decodeResponse(ResponseEnvelope(reqID: "r", body: ["fail_list": list]))
                Issue.record("\(list.jsonText()) was accepted")
            } catch {
                guard case .invalidResponse(let cmd, let frameError) = error else {
                    Issue.record("\(list.jsonText()): \(error)")
                    continue
                }
                #expect(cmd == "checkin")
                #expect(frameError.description.hasPrefix(field + ":"), "\(list.jsonText()): \(frameError)")
            }
        }
        // A numeric string timestamp is the protocol's looseness, not hostility.
        let lenient = try checkin.decodeResponse(
            ResponseEnvelope(reqID: "r", body: ["fail_list": [["userid": "zhangsan", "timestamp": "1767225600"]]]))
        #expect(lenient.failed == [CheckinFailure(userid: try UserID("zhangsan"), timestamp: noon)])
        #expect(lenient.failed(try record()))
    }
}
