import Foundation
import Minutiae

extension MinutiaeSet {
    /// The same minutiae on a `width` × `height` canvas: positions scaled by the ratio of the sizes and
    /// directions turned to match. A record may declare a canvas other than the image it was made from
    /// (the commercial records of the FVC folders declare 300 × 400 for 388 × 374 and 288 × 384 images,
    /// with coordinates stretched to it); comparing it with minutiae of the image needs this mapping.
    func stretched(toWidth newWidth: Int, height newHeight: Int) -> MinutiaeSet {
        guard width > 0, height > 0, newWidth != width || newHeight != height else { return self }
        let sx = Double(newWidth) / Double(width)
        let sy = Double(newHeight) / Double(height)
        var result = self
        result.width = newWidth
        result.height = newHeight
        result.minutiae = minutiae.map { minutia in
            var moved = minutia
            moved.x = Int((Double(minutia.x) * sx).rounded())
            moved.y = Int((Double(minutia.y) * sy).rounded())
            // Counter-clockwise as seen, y down: the direction (cos a, −sin a) scales to (sx cos a, −sy sin a).
            var angle = atan2(sy * sin(minutia.angle), sx * cos(minutia.angle))
            if angle < 0 { angle += 2 * Double.pi }
            moved.angle = angle
            return moved
        }
        return result
    }
}

extension FingerprintSets {
    /// These record sets moved into the frames of the images they were made from (same finger and
    /// impression in `images`).
    func placed(in images: FingerprintSets) -> FingerprintSets {
        var moved: [String: [Int: MinutiaeSet]] = [:]
        for (finger, impressions) in fingers {
            var sets: [Int: MinutiaeSet] = [:]
            for (impression, set) in impressions {
                guard let image = images.fingers[finger]?[impression] else {
                    sets[impression] = set
                    continue
                }
                sets[impression] = set.stretched(toWidth: image.width, height: image.height)
            }
            moved[finger] = sets
        }
        return FingerprintSets(
            folder: folder, source: source, fingers: moved, extractMilliseconds: extractMilliseconds,
            extractCPUMilliseconds: extractCPUMilliseconds, notes: notes)
    }
}
