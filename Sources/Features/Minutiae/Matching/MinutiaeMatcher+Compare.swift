extension MinutiaeMatcher {
    /// Similarity of two prepared sets, 0-100: 100·m²/(probe count · reference count) where m is the
    /// largest number of minutiae paired one-to-one from any of the best-voted seed pairs; 0 when m is
    /// below `Parameters.minimumPairs`. Counts below `Parameters.minimumNormalisingCount` count as that,
    /// so that a few pairs between two sparse sets do not score high.
    public func score(_ probe: PreparedMinutiae, _ reference: PreparedMinutiae) -> Int {
        let probeCount = probe.count
        let referenceCount = reference.count
        guard probeCount >= 2, referenceCount >= 2 else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: probeCount * referenceCount) { votes in
            votes.initialize(repeating: 0)
            castVotes(probe, reference, into: votes)
            let roots = bestRoots(votes, referenceCount: referenceCount)
            guard !roots.isEmpty else { return 0 }
            var best = 0
            withUnsafeTemporaryAllocation(of: Int16.self, capacity: 2 * probeCount + referenceCount) { buffer in
                let probePartner = UnsafeMutableBufferPointer(rebasing: buffer[0..<probeCount])
                let queue = UnsafeMutableBufferPointer(rebasing: buffer[probeCount..<2 * probeCount])
                let referencePartner = UnsafeMutableBufferPointer(rebasing: buffer[2 * probeCount..<buffer.count])
                for root in roots {
                    let pairs = traverse(
                        probe, reference, root: root, probePartner: probePartner,
                        referencePartner: referencePartner, queue: queue)
                    best = max(best, pairs)
                }
            }
            guard best >= parameters.minimumPairs else { return 0 }
            let pairs = Double(best)
            let floor = parameters.minimumNormalisingCount
            return Int((100 * pairs * pairs / Double(max(probeCount, floor) * max(referenceCount, floor))).rounded())
        }
    }

    /// Whether the two sets are the same finger.
    public func matches(_ probe: PreparedMinutiae, _ reference: PreparedMinutiae) -> Bool {
        score(probe, reference) >= threshold
    }

    /// Each pair of agreeing edges votes for its start pair and its end pair.
    private func castVotes(
        _ probe: PreparedMinutiae, _ reference: PreparedMinutiae,
        into votes: UnsafeMutableBufferPointer<UInt16>
    ) {
        let referenceCount = reference.count
        let angleTolerance = TurnUnits.from(radians: parameters.edgeAngleTolerance)
        let bucketWidth = parameters.edgeBucketWidth
        let lengthTolerance = parameters.edgeLengthTolerance
        let relative = parameters.edgeLengthRelativeTolerance
        let lastBucket = reference.lengthBuckets - 1
        let row = reference.lengthBuckets + 1
        reference.edges.withUnsafeBufferPointer { referenceEdges in
            reference.bucketStart.withUnsafeBufferPointer { bucketStart in
                for edge in probe.edges {
                    let tolerance = lengthTolerance + relative * edge.length
                    let low = max(0, Int((edge.length - tolerance) / bucketWidth))
                    let high = min(lastBucket, Int((edge.length + tolerance) / bucketWidth))
                    guard low <= high else { continue }
                    let firstSector = Int((edge.fromAngle &- angleTolerance) >> TurnUnits.sectorShift)
                    let lastSector = Int((edge.fromAngle &+ angleTolerance) >> TurnUnits.sectorShift)
                    let sectorCount = ((lastSector - firstSector) & (TurnUnits.sectors - 1)) + 1
                    for step in 0..<sectorCount {
                        let sectorBase = ((firstSector + step) & (TurnUnits.sectors - 1)) * row
                        for k in Int(bucketStart[sectorBase + low])..<Int(bucketStart[sectorBase + high + 1]) {
                            // Branch-free on purpose: most candidates fail, in no predictable pattern.
                            let other = referenceEdges[k]
                            let vote =
                                bit(abs(other.length - edge.length) <= tolerance)
                                & bit(TurnUnits.distance(other.fromAngle, edge.fromAngle) <= angleTolerance)
                                & bit(TurnUnits.distance(other.toAngle, edge.toAngle) <= angleTolerance)
                            votes[Int(edge.from) * referenceCount + Int(other.from)] &+= vote
                            votes[Int(edge.to) * referenceCount + Int(other.to)] &+= vote
                        }
                    }
                }
            }
        }
    }

    /// The most-voted minutia pairs (probe index, reference index), best first.
    private func bestRoots(_ votes: UnsafeMutableBufferPointer<UInt16>, referenceCount: Int) -> [(Int, Int)] {
        var top: [(votes: UInt16, index: Int)] = []
        top.reserveCapacity(parameters.rootCandidates + 1)
        var floor = parameters.minimumRootVotes
        for index in votes.indices where votes[index] >= floor {
            let entry = (votes: votes[index], index: index)
            let position = top.firstIndex { $0.votes < entry.votes } ?? top.count
            top.insert(entry, at: position)
            if top.count > parameters.rootCandidates {
                top.removeLast()
                floor = top[top.count - 1].votes
            }
        }
        return top.map { ($0.index / referenceCount, $0.index % referenceCount) }
    }
}

@inline(__always)
private func bit(_ condition: Bool) -> UInt16 { condition ? 1 : 0 }
