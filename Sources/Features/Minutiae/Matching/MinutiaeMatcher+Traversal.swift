extension MinutiaeMatcher {
    /// Grows a one-to-one pairing from `root` breadth first along agreeing neighbour edges; returns the
    /// number of pairs found.
    func traverse(
        _ probe: PreparedMinutiae, _ reference: PreparedMinutiae, root: (Int, Int),
        probePartner: UnsafeMutableBufferPointer<Int16>, referencePartner: UnsafeMutableBufferPointer<Int16>,
        queue: UnsafeMutableBufferPointer<Int16>
    ) -> Int {
        probePartner.update(repeating: -1)
        referencePartner.update(repeating: -1)
        let rotation = reference.angles[root.1] &- probe.angles[root.0]
        probePartner[root.0] = Int16(root.1)
        referencePartner[root.1] = Int16(root.0)
        queue[0] = Int16(root.0)
        var head = 0
        var tail = 1
        let lengthTolerance = parameters.edgeLengthTolerance
        let relative = parameters.edgeLengthRelativeTolerance
        let angleTolerance = TurnUnits.from(radians: parameters.edgeAngleTolerance)
        let rotationTolerance = TurnUnits.from(radians: parameters.pairingAngleTolerance)
        let angleScale = 1 / Float(max(1, angleTolerance))
        probe.localEdges.withUnsafeBufferPointer { probeEdges in
            reference.localEdges.withUnsafeBufferPointer { referenceEdges in
                while head < tail {
                    let i = Int(queue[head])
                    head += 1
                    let j = Int(probePartner[i])
                    let referenceRange = Int(reference.localStart[j])..<Int(reference.localStart[j + 1])
                    for e in Int(probe.localStart[i])..<Int(probe.localStart[i + 1]) {
                        let edge = probeEdges[e]
                        let target = Int(edge.to)
                        guard probePartner[target] < 0 else { continue }
                        let tolerance = lengthTolerance + relative * edge.length
                        var bestError = Float.infinity
                        var bestTarget = -1
                        for f in referenceRange {
                            let other = referenceEdges[f]
                            let lengthError = abs(other.length - edge.length)
                            let fromError = TurnUnits.distance(other.fromAngle, edge.fromAngle)
                            let toError = TurnUnits.distance(other.toAngle, edge.toAngle)
                            guard lengthError <= tolerance, fromError <= angleTolerance, toError <= angleTolerance,
                                referencePartner[Int(other.to)] < 0
                            else { continue }
                            let error = lengthError / tolerance + Float(Int(fromError) + Int(toError)) * angleScale
                            if error < bestError {
                                bestError = error
                                bestTarget = Int(other.to)
                            }
                        }
                        guard bestTarget >= 0,
                            TurnUnits.distance(probe.angles[target] &+ rotation, reference.angles[bestTarget])
                                <= rotationTolerance
                        else { continue }
                        probePartner[target] = Int16(bestTarget)
                        referencePartner[bestTarget] = Int16(target)
                        queue[tail] = Int16(target)
                        tail += 1
                    }
                }
            }
        }
        return tail
    }
}
