import JSONSupport
import Testing

@testable import WeComCloudSim

/// The rule checker of the directory pulls, one rule a test, each rejection naming its field.
@Suite("Directory pull rules")
struct DirectoryRequestRulesTests {
    /// The failure `check` throws, or nil when it passes.
    private func failure(_ check: () throws -> Void) -> CommandFailure? {
        do {
            try check()
            return nil
        } catch let failure as CommandFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    private func page(_ body: JSONValue?) -> CommandFailure? {
        failure { _ = try DirectoryRequestRules.page(RequestBody(value: body)) }
    }

    private func ids(_ body: JSONValue?) -> CommandFailure? {
        failure { _ = try DirectoryRequestRules.ids(RequestBody(value: body)) }
    }

    private func visitors(_ body: JSONValue?) -> CommandFailure? {
        failure { _ = try DirectoryRequestRules.visitorIDs(RequestBody(value: body)) }
    }

    private func expect(
        _ failure: CommandFailure?, _ code: Int, naming field: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(failure?.errcode == code, sourceLocation: sourceLocation)
        #expect(
            failure?.errmsg.hasPrefix(field + ":") == true, "\(failure?.errmsg ?? "passed")",
            sourceLocation: sourceLocation)
    }

    @Test func aPageAcceptsLimit200AndTheDefaultFlags() throws {
        let query = try DirectoryRequestRules.page(RequestBody(value: ["offset": 0, "limit": 200]))
        #expect(
            query
                == PageQuery(offset: 0, limit: 200, flags: PullFlags(fingerprints: true, faces: true, publicKey: false))
        )
        let flagged = try DirectoryRequestRules.page(
            RequestBody(value: [
                "offset": 400, "limit": 1, "is_req_fp_info": 0, "is_req_fa_info": false, "is_req_public_key": 1,
            ]))
        #expect(flagged.flags == PullFlags(fingerprints: false, faces: false, publicKey: true))
    }

    @Test func pageLimitOver200IsTooManyItems() {
        expect(page(["offset": 0, "limit": 201]), CloudErrorCode.tooManyItems, naming: "body.limit")
    }

    @Test func pageLimitBelow1OrMissingIsInvalid() {
        expect(page(["offset": 0, "limit": 0]), CloudErrorCode.invalidParameter, naming: "body.limit")
        expect(page(["offset": 0]), CloudErrorCode.invalidParameter, naming: "body.limit")
        expect(page(["offset": 0, "limit": "20"]), CloudErrorCode.invalidParameter, naming: "body.limit")
    }

    @Test func negativeOrMissingOffsetIsInvalid() {
        expect(page(["offset": -1, "limit": 10]), CloudErrorCode.invalidParameter, naming: "body.offset")
        expect(page(["limit": 10]), CloudErrorCode.invalidParameter, naming: "body.offset")
        expect(page(["offset": .double(1.5), "limit": 10]), CloudErrorCode.invalidParameter, naming: "body.offset")
    }

    @Test func malformedBodiesAreInvalid() {
        expect(page(nil), CloudErrorCode.invalidParameter, naming: "body")
        expect(page(["x", "y"]), CloudErrorCode.invalidParameter, naming: "body")
        expect(ids("lisi"), CloudErrorCode.invalidParameter, naming: "body")
    }

    @Test func aFlagOtherThan0Or1IsInvalid() {
        expect(
            page(["offset": 0, "limit": 1, "is_req_fp_info": 2]), CloudErrorCode.invalidParameter,
            naming: "body.is_req_fp_info")
        expect(
            ids(["userids": ["lisi"], "is_req_public_key": "yes"]), CloudErrorCode.invalidParameter,
            naming: "body.is_req_public_key")
    }

    @Test func byIDsReadsBothFormsAndPrefersUserItem() throws {
        let old = try DirectoryRequestRules.ids(RequestBody(value: ["userids": ["lisi", "zhangsan", "lisi"]]))
        #expect(
            old.people == [PersonQuery(userid: "lisi", userType: nil), PersonQuery(userid: "zhangsan", userType: nil)])
        let new = try DirectoryRequestRules.ids(
            RequestBody(value: [
                "user_item": [["userid": "lisi"], ["userid": "x/1", "user_type": 1]], "userids": ["other"],
            ]))
        #expect(new.people == [PersonQuery(userid: "lisi", userType: 0), PersonQuery(userid: "x/1", userType: 1)])
    }

    @Test func byIDsOver200IsTooManyItemsAndEmptyOrMissingIsInvalid() {
        let many: JSONValue = .array((0...200).map { .string("u\($0)") })
        expect(ids(["userids": many]), CloudErrorCode.tooManyItems, naming: "body.userids")
        let items: JSONValue = .array((0...200).map { ["userid": .string("u\($0)")] })
        expect(ids(["user_item": items]), CloudErrorCode.tooManyItems, naming: "body.user_item")
        expect(ids(["user_item": []]), CloudErrorCode.invalidParameter, naming: "body.user_item")
        expect(ids(["is_req_fp_info": 1]), CloudErrorCode.invalidParameter, naming: "body.user_item")
        expect(ids(["userids": "lisi"]), CloudErrorCode.invalidParameter, naming: "body.userids")
    }

    @Test func byIDsEntriesAreChecked() {
        expect(ids(["userids": ["lisi", 7]]), CloudErrorCode.invalidParameter, naming: "body.userids[1]")
        expect(ids(["userids": [""]]), CloudErrorCode.invalidParameter, naming: "body.userids[0]")
        expect(
            ids(["userids": [.string(String(repeating: "a", count: 129))]]), CloudErrorCode.invalidParameter,
            naming: "body.userids[0]")
        expect(
            ids(["user_item": [["userid": "lisi"], ["userid": "x", "user_type": 3]]]), CloudErrorCode.invalidParameter,
            naming: "body.user_item[1].user_type")
        expect(
            ids(["user_item": [["user_type": 0]]]), CloudErrorCode.invalidParameter, naming: "body.user_item[0].userid")
        expect(ids(["user_item": ["lisi"]]), CloudErrorCode.invalidParameter, naming: "body.user_item[0]")
    }

    @Test func visitorIDsMustHaveTheUserIdSlashAgentidForm() throws {
        let query = try DirectoryRequestRules.visitorIDs(RequestBody(value: ["userids": ["x1/1000006"]]))
        #expect(query.ids == ["x1/1000006"])
        for bad in ["x1", "x1/", "/1000006", "x1/abc", "x1/1/2"] {
            expect(
                visitors(["userids": ["a/1", .string(bad)]]), CloudErrorCode.invalidParameter, naming: "body.userids[1]"
            )
        }
        expect(visitors(["user_item": []]), CloudErrorCode.invalidParameter, naming: "body.userids")
        let many: JSONValue = .array((0...200).map { .string("v\($0)/1") })
        expect(visitors(["userids": many]), CloudErrorCode.tooManyItems, naming: "body.userids")
    }
}
