import Foundation
import Hummingbird
import JSONSupport

/// The admin HTTP API (JSON, loopback peers only). Every route mirrors a public method of `CloudSimulator`:
///
///     POST /admin/devices {sn, secret_no | seed_secret_no}   GET /admin/devices
///     POST /admin/members {userid, user_type, name, pass_rule_list}   GET /admin/members
///     (directory changes: see DirectoryAdminRoutes.swift; passages of checkin: CheckinAdminRoutes.swift)
///     POST /admin/self_input {fp, fa} → push_open_self_input   GET /admin/self_input   (SelfInputAdmin.swift)
///     POST /admin/devices/{sn}/bind                          POST /admin/devices/{sn}/unbind
///     POST /admin/enroll {sn, userid, page_type} → {oper_id}
///     POST /admin/enroll_photo {sn, userid, photos: [{slot, jpeg_base64}]} → {oper_id, media_ids}
///     POST /admin/operations/{oper_id}/cancel                GET /admin/operations[/{oper_id}]
///     GET /admin/uploads                                     GET /admin/templates[?userid=]
///     POST /admin/faults {drop_connection, silence_connection, fail_users, reject_next_upload, delay_responses_ms,
///                         photo_fault: unservable|truncated_frame|wrong_format_version|trailing_bytes|unknown_req_id|none,
///                         next_upload_connection: drop_before_applying|drop_after_applying|swallow_answer|none,
///                         refuse_uploads_naming: [userid], refuse_uploads_errcode}
///
/// Errors: 400 `{error, field}` for bad input, 404 for unknown sn/userid/oper_id, 409 for a state conflict.
extension CloudSimulator {
    /// Largest accepted admin request body.
    static let maxAdminBodyBytes = 1024 * 1024
    /// Largest `enroll_photo` body: twelve base64 photos would not fit, one 8 MiB photo does.
    static let maxPhotoAdminBodyBytes = 12 << 20

    nonisolated func addAdminRoutes(to router: Router<SimRequestContext>) {
        let admin = router.group("admin").add(middleware: LoopbackOnlyMiddleware())
        admin.post("devices") { request, _ in
            try await self.adminCall(request) { body in
                let sn = try body.string("sn")
                if let seed = try body.optionalString("seed_secret_no") {
                    if try body.optionalString("secret_no") != nil {
                        throw CloudSimError.invalidField(
                            field: "secret_no", expected: "either secret_no or seed_secret_no, not both")
                    }
                    try await self.addDevice(sn: sn, seedSecretNo: seed)
                } else {
                    guard let secretNo = try body.optionalString("secret_no") else {
                        throw CloudSimError.invalidField(
                            field: "secret_no", expected: "secret_no or seed_secret_no (a non-empty string)")
                    }
                    try await self.addDevice(sn: sn, secretNo: secretNo)
                }
                return AdminResponse(status: .created, json: ["sn": .string(sn)])
            }
        }
        admin.get("devices") { _, _ in AdminResponse.encoded(await self.devices()).response }
        admin.post("members") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.addMember(
                    userid: userid, userType: try body.optionalInt("user_type") ?? 0, name: try body.string("name"),
                    passRules: try body.passRules("pass_rule_list") ?? [])
                return AdminResponse(status: .created, json: ["userid": .string(userid)])
            }
        }
        admin.get("members") { _, _ in AdminResponse.encoded(await self.members()).response }
        admin.post("devices/:sn/bind") { _, context in
            await self.adminAction {
                let sn = try context.parameters.require("sn")
                try await self.bind(sn: sn)
                return AdminResponse(status: .ok, json: ["sn": .string(sn), "bound": true])
            }
        }
        admin.post("devices/:sn/unbind") { _, context in
            await self.adminAction {
                let sn = try context.parameters.require("sn")
                try await self.unbind(sn: sn)
                return AdminResponse(status: .ok, json: ["sn": .string(sn), "bound": false])
            }
        }
        admin.post("enroll") { request, _ in
            try await self.adminCall(request) { body in
                let raw = try body.string("page_type")
                guard let pageType = CloudPageType(rawValue: raw) else {
                    throw CloudSimError.invalidField(field: "page_type", expected: "\"fp\" or \"fa\", got \"\(raw)\"")
                }
                let operID = try await self.pushEnrollment(
                    sn: try body.string("sn"), userid: try body.string("userid"), pageType: pageType)
                return AdminResponse(status: .created, json: ["oper_id": .string(operID)])
            }
        }
        admin.post("enroll_photo") { request, _ in
            try await self.adminCall(request, limit: Self.maxPhotoAdminBodyBytes) { body in
                let photos = try body.photos("photos")
                let operID = try await self.pushUserFace(
                    sn: try body.string("sn"), userid: try body.string("userid"), photos: photos)
                let mediaIDs = await self.operation(operID)?.photos.map(\.mediaID) ?? []
                return AdminResponse(
                    status: .created,
                    json: ["oper_id": .string(operID), "media_ids": .array(mediaIDs.map { .string($0) })])
            }
        }
        admin.post("operations/:oper_id/cancel") { _, context in
            await self.adminAction {
                let operID = try context.parameters.require("oper_id")
                try await self.cancel(operID: operID)
                return AdminResponse.encoded(await self.operation(operID))
            }
        }
        admin.get("operations/:oper_id") { _, context in
            await self.adminAction {
                let operID = try context.parameters.require("oper_id")
                guard let operation = await self.operation(operID) else {
                    throw CloudSimError.unknownOperation(operID: operID)
                }
                return AdminResponse.encoded(operation)
            }
        }
        admin.get("operations") { _, _ in AdminResponse.encoded(await self.operations()).response }
        admin.get("uploads") { _, _ in AdminResponse.encoded(await self.uploads()).response }
        admin.get("templates") { request, _ in
            AdminResponse.encoded(
                await self.storedTemplates(userid: request.uri.queryParameters["userid"].map(String.init))
            ).response
        }
        addDirectoryRoutes(to: admin)
        addSelfInputRoutes(to: admin)
        addCheckinRoutes(to: admin)
        admin.post("faults") { request, _ in
            try await self.adminCall(request) { body in try await self.applyFaultRequest(body) }
        }
    }

    private func applyFaultRequest(_ body: AdminBody) throws -> AdminResponse {
        var settings = faults
        if let users = try body.optionalStringArray("fail_users") { settings.failUsers = Set(users) }
        if let code = try body.optionalInt("reject_next_upload") {
            guard code != 0 else {
                throw CloudSimError.invalidField(field: "reject_next_upload", expected: "a non-zero errcode")
            }
            settings.rejectNextUpload = code
        }
        if let delay = try body.optionalInt("delay_responses_ms") {
            guard delay >= 0 else {
                throw CloudSimError.invalidField(field: "delay_responses_ms", expected: "a non-negative integer")
            }
            settings.delayResponsesMs = delay
        }
        if let raw = try body.optionalString("photo_fault") {
            if raw == "none" {
                settings.photoFault = nil
            } else {
                guard let fault = CloudPhotoFault(rawValue: raw) else {
                    let names = CloudPhotoFault.allCases.map(\.rawValue) + ["none"]
                    throw CloudSimError.invalidField(
                        field: "photo_fault", expected: "one of \(names.joined(separator: ", ")), got \"\(raw)\"")
                }
                settings.photoFault = fault
            }
        }
        if let raw = try body.optionalString("next_upload_connection") {
            if raw == "none" {
                settings.nextUploadConnection = nil
            } else {
                guard let fault = CloudUploadConnectionFault(rawValue: raw) else {
                    let names = CloudUploadConnectionFault.allCases.map(\.rawValue) + ["none"]
                    throw CloudSimError.invalidField(
                        field: "next_upload_connection",
                        expected: "one of \(names.joined(separator: ", ")), got \"\(raw)\"")
                }
                settings.nextUploadConnection = fault
            }
        }
        if let users = try body.optionalStringArray("refuse_uploads_naming") {
            let code = try body.optionalInt("refuse_uploads_errcode") ?? CloudErrorCode.invalidParameter
            guard code != 0 else {
                throw CloudSimError.invalidField(field: "refuse_uploads_errcode", expected: "a non-zero errcode")
            }
            settings.refuseUploadsNaming = Dictionary(users.map { ($0, code) }) { _, last in last }
        }
        try applyCheckinFaults(body, to: &settings)
        if let silentSN = try body.optionalString("silence_connection") { try silence(sn: silentSN) }
        let dropSN = try body.optionalString("drop_connection")
        if let dropSN { try dropConnection(sn: dropSN) }
        try setFaults(settings)
        return AdminResponse.encoded(settings)
    }

    /// Runs an admin route that takes a JSON object body.
    nonisolated func adminCall(
        _ request: Request, limit: Int = CloudSimulator.maxAdminBodyBytes,
        _ handle: @Sendable (AdminBody) async throws -> AdminResponse
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: limit)
        let data = Data(buffer.readableBytesView)
        guard let json = try? JSONValue.parse(data), case .object = json else {
            return AdminResponse.error(.badRequest, "request body must be a JSON object", field: "body").response
        }
        return await adminAction { try await handle(AdminBody(json: json)) }
    }

    /// Runs an admin route, mapping simulator errors to HTTP statuses.
    nonisolated func adminAction(_ handle: @Sendable () async throws -> AdminResponse) async -> Response {
        do {
            return try await handle().response
        } catch let error as CloudSimError {
            let status: HTTPResponse.Status
            switch error {
            case .invalidField: status = .badRequest
            case .unknownDevice, .unknownMember, .unknownOperation: status = .notFound
            case .memberAlreadyExists: status = .conflict
            default: status = .conflict
            }
            return AdminResponse.error(status, error.description, field: error.field).response
        } catch {
            return AdminResponse.error(.badRequest, "\(error)", field: nil).response
        }
    }
}

/// Rejects admin requests from non-loopback peers.
struct LoopbackOnlyMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: SimRequestContext, next: (Request, SimRequestContext) async throws -> Response
    ) async throws -> Response {
        guard context.peerIsLoopback else {
            return AdminResponse.error(.forbidden, "the admin API serves loopback peers only", field: nil).response
        }
        return try await next(request, context)
    }
}

/// A JSON admin response.
struct AdminResponse: Sendable {
    var status: HTTPResponse.Status
    var text: String

    init(status: HTTPResponse.Status, json: JSONValue) {
        self.status = status
        text = json.jsonText()
    }

    init(status: HTTPResponse.Status, text: String) {
        self.status = status
        self.text = text
    }

    static func encoded(_ value: some Encodable) -> AdminResponse {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return error(.internalServerError, "could not encode the response", field: nil)
        }
        return AdminResponse(status: .ok, text: String(decoding: data, as: UTF8.self))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, field: String?) -> AdminResponse {
        var object: [String: JSONValue] = ["error": .string(message)]
        if let field { object["field"] = .string(field) }
        return AdminResponse(status: status, json: .object(object))
    }

    var response: Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Field access on an admin request body; errors name the field.
struct AdminBody: Sendable {
    let json: JSONValue

    func string(_ key: String) throws -> String {
        guard let text = try optionalString(key) else {
            throw CloudSimError.invalidField(field: key, expected: "a non-empty string, but it is missing")
        }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = json[key], value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw CloudSimError.invalidField(field: key, expected: "a non-empty string, got \(value.jsonText())")
        }
        return text
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let value = json[key], value != .null else { return nil }
        guard let number = value.strictIntValue else {
            throw CloudSimError.invalidField(field: key, expected: "an integer, got \(value.jsonText())")
        }
        return Int(number)
    }

    /// `[{slot, jpeg_base64}]` of `enroll_photo`.
    func photos(_ key: String) throws -> [(slot: Int, jpeg: Data)] {
        guard let items = json[key]?.arrayValue else {
            throw CloudSimError.invalidField(
                field: key, expected: "an array of {slot, jpeg_base64}, got \(json[key]?.jsonText() ?? "nothing")")
        }
        return try items.enumerated().map { index, item in
            let field = "\(key)[\(index)]"
            guard let slot = item["slot"]?.strictIntValue else {
                throw CloudSimError.invalidField(
                    field: "\(field).slot", expected: "an integer 0-11, got \(item["slot"]?.jsonText() ?? "nothing")")
            }
            guard let text = item["jpeg_base64"]?.stringValue, !text.isEmpty else {
                throw CloudSimError.invalidField(field: "\(field).jpeg_base64", expected: "a non-empty base64 string")
            }
            guard let bytes = Data(base64Encoded: text) else {
                throw CloudSimError.invalidField(field: "\(field).jpeg_base64", expected: "valid base64")
            }
            return (Int(slot), bytes)
        }
    }

    func optionalStringArray(_ key: String) throws -> [String]? {
        guard let value = json[key], value != .null else { return nil }
        let strings = value.arrayValue?.compactMap(\.stringValue)
        guard let strings, strings.count == value.arrayValue?.count else {
            throw CloudSimError.invalidField(field: key, expected: "an array of strings, got \(value.jsonText())")
        }
        return strings
    }
}
