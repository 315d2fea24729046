import Biometrics
import Foundation
import MinutiaeTesting
import Testing

@testable import Minutiae

@Suite("Gallery identification and the Matcher conformance")
struct MatchingGalleryTests {
    let matcher = MinutiaeMatcher()
    let slot = SlotID(.fingerprint, 0)!

    func user(_ n: Int) throws -> UserID { try UserID("user\(n)") }

    /// Members 0-19, each one synthetic finger with two views (the second rotated and shifted).
    func gallery() throws -> MinutiaeGallery {
        var gallery = MinutiaeGallery(matcher: matcher)
        for n in 0..<20 {
            let finger = MinutiaeTestData.syntheticSet(seed: UInt64(1000 + n))
            gallery.add(
                userid: try user(n), slot: slot,
                views: [
                    finger, MinutiaeTestData.transformed(finger, radians: 0.15, dx: 8, dy: -12),
                ])
        }
        return gallery
    }

    @Test func identifyFindsTheRightMemberAndSlot() throws {
        let gallery = try gallery()
        let probe = matcher.prepare(
            MinutiaeTestData.transformed(
                MinutiaeTestData.syntheticSet(seed: 1013),
                radians: -0.4, dx: 20, dy: 5))
        let found = try #require(gallery.identify(probe, stopAt: Int.max))
        #expect(found.userid == (try user(13)))
        #expect(found.slot == slot)
        #expect(found.isMatch)
        #expect(found.score >= 80)
    }

    @Test func identifyExcludingTheOwnerFindsNoMatch() throws {
        let gallery = try gallery()
        let probe = matcher.prepare(MinutiaeTestData.syntheticSet(seed: 1013))
        let found = try #require(gallery.identify(probe, excluding: try user(13), stopAt: Int.max))
        #expect(found.userid != (try user(13)))
        #expect(!found.isMatch)
    }

    @Test func earlyExitStopsAtTheFirstScoreReachingStopAt() throws {
        var gallery = try gallery()
        let finger = MinutiaeTestData.syntheticSet(seed: 1005)
        // A second member holding the same finger, added last: the full search prefers the better view.
        gallery.add(userid: try user(99), slot: slot, views: [finger])
        let probe = matcher.prepare(finger)
        #expect(gallery.identify(probe, stopAt: 1)?.userid == (try user(5)))
        let first = try #require(gallery.identify(probe))
        #expect(first.userid == (try user(5)))
        #expect(first.score == 100)
    }

    @Test func verifyAndRemove() throws {
        var gallery = try gallery()
        let probe = matcher.prepare(MinutiaeTestData.syntheticSet(seed: 1002))
        #expect(gallery.verify(probe, userid: try user(2))?.isMatch == true)
        #expect(gallery.verify(probe, userid: try user(3))?.isMatch == false)
        gallery.remove(userid: try user(2))
        #expect(gallery.verify(probe, userid: try user(2)) == nil)
        #expect(gallery.entries.count == 19)
    }

    @Test func storedISOTemplatesJoinTheGallery() throws {
        var gallery = MinutiaeGallery(matcher: matcher)
        let finger = MinutiaeTestData.syntheticSet(seed: 77)
        let data = try ISOMinutiaeRecord(sets: [MinutiaeTestData.syntheticSet(seed: 78), finger]).isoData()
        try gallery.add(
            StoredTemplate(
                userid: try user(1), slot: slot,
                template: Template(modality: .fingerprint, algorithm: .isoMinutiae, data: data)))
        let found = try #require(gallery.identify(matcher.prepare(finger)))
        #expect(found.userid == (try user(1)) && found.view == 1 && found.isMatch)
        #expect(throws: ISOTemplateMatcherError.wrongAlgorithm(expected: .isoMinutiae, found: .zfmModule)) {
            try gallery.add(
                StoredTemplate(
                    userid: try user(2), slot: slot,
                    template: Template(modality: .fingerprint, algorithm: .zfmModule, data: data)))
        }
        #expect(gallery.entries.count == 1)
    }

    @Test func isoTemplateMatcherComparesEveryView() async throws {
        let finger = MinutiaeTestData.syntheticSet(seed: 42)
        let other = MinutiaeTestData.syntheticSet(seed: 43)
        let enrolled = try ISOMinutiaeRecord(sets: [other, finger]).isoData()
        let probe = try ISOMinutiaeRecord(sets: [MinutiaeTestData.transformed(finger, radians: 0.5, dx: 100, dy: 100)])
            .isoData()
        let isoMatcher = ISOTemplateMatcher()
        let reference = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: enrolled)
        let probeTemplate = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: probe)
        #expect(isoMatcher.algorithm == AlgorithmID("iso19794-2-2005-minutiae-v1"))
        #expect(try await isoMatcher.matches(probeTemplate, reference))
        let stranger = Template(
            modality: .fingerprint, algorithm: .isoMinutiae,
            data: try ISOMinutiaeRecord(sets: [other]).isoData())
        #expect(try await !isoMatcher.matches(probeTemplate, stranger))
    }

    @Test func isoTemplateMatcherRejectsForeignAndBrokenTemplates() async throws {
        let isoMatcher = ISOTemplateMatcher()
        let good = Template(
            modality: .fingerprint, algorithm: .isoMinutiae,
            data: try ISOMinutiaeRecord(sets: [MinutiaeTestData.syntheticSet(seed: 1)]).isoData())
        let foreign = Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(count: 512))
        await #expect(throws: ISOTemplateMatcherError.wrongAlgorithm(expected: .isoMinutiae, found: .zfmModule)) {
            try await isoMatcher.score(good, foreign)
        }
        let broken = Template(modality: .fingerprint, algorithm: .isoMinutiae, data: Data("FMR".utf8))
        await #expect(
            throws: ISOTemplateMatcherError.invalidRecord(
                role: "probe", .truncated(field: "format identifier", offset: 0, needed: 4, available: 3))
        ) {
            try await isoMatcher.score(broken, good)
        }
    }

    @Test func isoTemplateSearcherFindsTheDuplicate() async throws {
        var candidates: [StoredTemplate] = []
        for n in 0..<10 {
            let data = try ISOMinutiaeRecord(sets: [MinutiaeTestData.syntheticSet(seed: UInt64(500 + n))]).isoData()
            candidates.append(
                StoredTemplate(
                    userid: try user(n), slot: slot,
                    template: Template(modality: .fingerprint, algorithm: .isoMinutiae, data: data)))
        }
        let searcher = ISOTemplateSearcher()
        let copy = MinutiaeTestData.transformed(MinutiaeTestData.syntheticSet(seed: 507), radians: 0.3, dx: -5, dy: 9)
        let probe = Template(
            modality: .fingerprint, algorithm: .isoMinutiae, data: try ISOMinutiaeRecord(sets: [copy]).isoData())
        #expect(try await searcher.firstMatch(for: probe, among: candidates)?.userid == (try user(7)))
        let stranger = Template(
            modality: .fingerprint, algorithm: .isoMinutiae,
            data: try ISOMinutiaeRecord(sets: [MinutiaeTestData.syntheticSet(seed: 9999)]).isoData())
        #expect(try await searcher.firstMatch(for: stranger, among: candidates) == nil)
    }
}
