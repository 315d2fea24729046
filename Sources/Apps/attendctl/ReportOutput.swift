import Foundation

/// Prints a report as one JSON object (sorted keys, one line) or as its text for people.
func printReport(_ report: some Encodable, text: String, json: Bool) throws {
    guard json else {
        print(text)
        return
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
}
