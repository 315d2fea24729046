import ImageFiles

/// One image format through `ImageFile`, as `attendctl` reads files and the photo pipeline reads
/// `download_photo` data: decoded in its native layout, then converted to grey and to RGB. Input of
/// another format is skipped, so each target's runs stay on its own decoder.
enum ImageFileFuzz {
    /// The budget of images nobody on the terminal chose (`ImageLimits.photo`: the cloud's photos), applied to
    /// every format so that TIFF, BMP and Netpbm are held to the same sizes; their own work budgets are the
    /// standard ones. (`ImageLimits.standard`, for files an operator picks, allows 50-megapixel images and so more
    /// memory than the fuzzing pass mark.)
    static let limits: ImageLimits = {
        var limits = ImageLimits.photo
        limits.formats = Set(ImageFormat.allCases)
        limits.maxTIFFStrips = ImageLimits.standard.maxTIFFStrips
        limits.maxNetpbmTextSamples = ImageLimits.standard.maxNetpbmTextSamples
        return limits
    }()

    static func run(_ bytes: [UInt8], formats: Set<ImageFormat>) -> FuzzOutcome {
        guard let format = ImageFormat.detect(bytes), formats.contains(format) else {
            return .accepted("not \(formats.map(\.rawValue).sorted().joined(separator: "/")) (signature)")
        }
        let image: DecodedImage
        do {
            image = try ImageFile.decode(bytes, limits: limits)
        } catch {
            return .rejected(error)
        }
        do {
            _ = try image.grayImage()
            _ = try image.rgbFrame()
        } catch {
            return .rejected(error)
        }
        return .accepted("\(image.format) \(image.width)×\(image.height) \(image.layout)")
    }

    static func run(_ bytes: [UInt8], format: ImageFormat) -> FuzzOutcome {
        run(bytes, formats: [format])
    }
}
