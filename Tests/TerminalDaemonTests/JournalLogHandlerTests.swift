import Logging
import Synchronization
import TerminalDaemon
import Testing

@Suite("Journal log lines: syslog priority prefixes for journald")
struct JournalLogHandlerTests {
    @Test("each level gets its syslog priority; metadata sorted; line breaks kept inside one entry")
    func prefixes() {
        let lines = Mutex<[String]>([])
        var handler = JournalLogHandler(label: "attendanced") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .trace
        handler.metadata = ["sn": "T-1"]
        var logger = Logger(label: "attendanced", factory: { _ in handler })
        logger.logLevel = .trace
        logger.warning("the cloud is late", metadata: ["oper_id": "42"])
        logger.error("two\nlines")
        logger.debug("detail")
        #expect(
            lines.withLock { $0 } == [
                "<4>attendanced: the cloud is late oper_id=42 sn=T-1\n",
                "<3>attendanced: two\\nlines sn=T-1\n",
                "<7>attendanced: detail sn=T-1\n",
            ])
        #expect(Logger.Level.allCases.map(JournalLogHandler.priority(of:)) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test("stderr counts as the journal only when $JOURNAL_STREAM names it")
    func journalStream() {
        #expect(!JournalLogHandler.stderrIsJournal(environment: [:]))
        #expect(!JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "0:0"]))
    }
}
