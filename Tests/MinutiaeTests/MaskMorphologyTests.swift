import Biometrics
import Testing

@testable import Minutiae

@Suite("Print mask dilation and erosion: as the window definition says")
struct MaskMorphologyTests {
    @Test(arguments: [(1, 1), (3, 17), (40, 29), (97, 94)])
    func dilationAndErosionAsTheWindowDefinition(width: Int, height: Int) {
        let grid = CellGrid(width: width * CellGrid.cellSize, height: height * CellGrid.cellSize)
        var generator = SplitMix64(seed: UInt64(width * 1_000 + height))
        for density in [0.1, 0.5, 0.9] {
            let mask = (0..<grid.count).map { _ in Double.random(in: 0..<1, using: &generator) < density }
            for radius in 0...3 {
                #expect(
                    PrintSegmentation.dilate(mask, grid: grid, radius: radius)
                        == Self.window(mask, grid: grid, radius: radius, dilate: true),
                    "dilate radius \(radius) density \(density)")
                #expect(
                    PrintSegmentation.erode(mask, grid: grid, radius: radius)
                        == Self.window(mask, grid: grid, radius: radius, dilate: false),
                    "erode radius \(radius) density \(density)")
            }
        }
    }

    @Test func erosionClearsTheGridsEdgeAndDilationDoesNotGrowPastIt() {
        let grid = CellGrid(width: 10 * CellGrid.cellSize, height: 6 * CellGrid.cellSize)
        let full = [Bool](repeating: true, count: grid.count)
        let eroded = PrintSegmentation.erode(full, grid: grid, radius: 2)
        #expect(eroded.count { $0 } == (10 - 4) * (6 - 4))
        #expect(PrintSegmentation.dilate(eroded, grid: grid, radius: 2) == full)
    }

    /// Dilation: any set cell within the square window; erosion: every cell of the window set, with
    /// cells outside the grid counting as clear.
    static func window(_ mask: [Bool], grid: CellGrid, radius: Int, dilate: Bool) -> [Bool] {
        (0..<grid.count).map { cell in
            let (row, column) = (cell / grid.columns, cell % grid.columns)
            var any = false
            var all = true
            for y in (row - radius)...(row + radius) {
                for x in (column - radius)...(column + radius) {
                    let inside = y >= 0 && y < grid.rows && x >= 0 && x < grid.columns
                    let set = inside && mask[y * grid.columns + x]
                    any = any || set
                    all = all && set
                }
            }
            return dilate ? any : all
        }
    }
}
