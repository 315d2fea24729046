import Biometrics
import DeviceSetup
import Testing

/// The control socket's request lines (`ControlCommand`): what parses, and the error each bad line gets.
@Suite("Control command lines")
struct ControlCommandTests {
    @Test func everyCommandParsesBackFromItsOwnLine() throws {
        let commands: [ControlCommand] = [
            .enrollCancel, .syncFull, .identify(.fingerprint), .identify(.face),
            .enrollLocal(userid: try UserID("zhangsan"), modality: .fingerprint),
            .enrollLocal(userid: try UserID("li.si@corp"), modality: .face),
            .enrollLocal(userid: try UserID("guest/1000006"), modality: .fingerprint),
            .enrollLocal(userid: try UserID("张三"), modality: .face),
            .enrollLocal(userid: try UserID(String(repeating: "u", count: UserID.maxBytes)), modality: .face),
        ]
        for command in commands {
            #expect(try ControlCommand(line: command.line) == command, "\(command.line)")
        }
        #expect(
            ControlCommand.enrollLocal(userid: try UserID("zhangsan"), modality: .face).line
                == "enroll local fa zhangsan")
        #expect(ControlCommand.enrollCancel.line == "enroll cancel")
    }

    @Test func spacesAroundAndBetweenWordsAreNotSignificant() throws {
        #expect(
            try ControlCommand(line: "  enroll   local  fp   wangwu ")
                == .enrollLocal(userid: try UserID("wangwu"), modality: .fingerprint))
    }

    @Test(arguments: [
        ("", ControlCommandError.empty),
        ("   ", .empty),
        ("enrol cancel", .unknown("enrol cancel")),
        ("enroll", .unknown("enroll")),
        ("enroll start wangwu", .unknown("enroll start wangwu")),
        ("ENROLL cancel", .unknown("ENROLL cancel")),
        ("enroll cancel now", .unexpectedWords(command: "enroll cancel", "now")),
        ("enroll local", .missing(command: "enroll local", what: "the modality (fp or fa)")),
        ("enroll local fp", .missing(command: "enroll local", what: "the USERID")),
        (
            "enroll local wangwu fp",
            .invalid(command: "enroll local", reason: "modality: expected fp or fa, got \"wangwu\"")
        ),
        (
            "enroll local --fp wangwu",
            .invalid(command: "enroll local", reason: "modality: expected fp or fa, got \"--fp\"")
        ),
        ("enroll local fp wang wu", .unexpectedWords(command: "enroll local", "wu")),
        ("enroll local fp wangwu\tx", .controlCharacter(at: 22)),
        ("enroll cancel\r", .controlCharacter(at: 13)),
        ("sync", .unknown("sync")),
        ("sync now", .unknown("sync now")),
        ("sync full please", .unexpectedWords(command: "sync full", "please")),
        ("identify", .missing(command: "identify", what: "the modality (fp or fa)")),
        ("identify --face", .invalid(command: "identify", reason: "modality: expected fp or fa, got \"--face\"")),
        ("identify fp now", .unexpectedWords(command: "identify", "now")),
    ])
    func badLinesNameWhatIsWrong(line: String, error: ControlCommandError) {
        #expect(throws: error) { try ControlCommand(line: line) }
    }

    @Test func aUseridLongerThanTheProtocolAllowsIsRefusedByItsLength() {
        let long = String(repeating: "a", count: UserID.maxBytes + 1)
        #expect(
            throws: ControlCommandError.invalid(
                command: "enroll local", reason: "userid: expected 1-128 bytes of UTF-8, got 129")
        ) {
            try ControlCommand(line: "enroll local fa \(long)")
        }
    }

    @Test func aLineOverTheRequestLimitIsRefusedBeforeParsing() {
        let line = "enroll local fp " + String(repeating: "x", count: ControlSocket.maxRequestBytes)
        #expect(throws: ControlCommandError.tooLong(bytes: line.utf8.count, limit: ControlSocket.maxRequestBytes)) {
            try ControlCommand(line: line)
        }
    }

    @Test func errorsSayWhatWasExpected() {
        #expect(
            ControlCommandError.unknown("sync now").description
                == "unknown command \"sync now\"; known: enroll cancel, enroll local fp|fa USERID, sync full, identify fp|fa"
        )
        #expect(
            ControlCommandError.missing(command: "enroll local", what: "the USERID").description
                == "enroll local: missing the USERID")
        #expect(ControlCommandError.controlCharacter(at: 3).description.contains("control character at character 3"))
    }
}
