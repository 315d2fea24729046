import ImageFiles

/// Reads an image file's size through the project's decoder.
enum ImageFilesProbe {
    static func size(of path: String) throws -> (Int, Int) {
        let image = try ImageFile.load(path: path)
        return (image.width, image.height)
    }
}
