// dlib behind the plain C interface in include/CDlibFace.h. Every entry point catches all exceptions.
#include "CDlibFace.h"

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "ColourFHOG.hpp"
#include "ResNetDescriptor.hpp"

struct cdlib_face_models {
    cdlib_face::colour_face_detector detector;
    dlib::shape_predictor predictor;
    cdlib_face::descriptor_net network;
    std::mutex lock;
};

namespace {

constexpr long chip_size = 150;
constexpr double chip_padding = 0.25;

void write_error(char *error, size_t capacity, const std::string &message) {
    if (error == nullptr || capacity == 0) return;
    const size_t length = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), length);
    error[length] = '\0';
}

struct invalid_argument_error : std::exception {
    std::string message;
    explicit invalid_argument_error(std::string text) : message(std::move(text)) {}
    const char *what() const noexcept override { return message.c_str(); }
};

void validate(const cdlib_face_image &image) {
    if (image.pixels == nullptr) throw invalid_argument_error("image pixels: null pointer");
    if (image.width <= 0 || image.height <= 0)
        throw invalid_argument_error(
            "image size: " + std::to_string(image.width) + "x" + std::to_string(image.height) +
            ", expected positive width and height");
    if (image.format != CDLIB_FACE_GREY && image.format != CDLIB_FACE_RGB)
        throw invalid_argument_error(
            "image format: " + std::to_string(static_cast<int>(image.format)) + ", expected 1 (grey) or 3 (RGB)");
    const long row_bytes = static_cast<long>(image.width) * static_cast<long>(image.format);
    if (image.stride < row_bytes)
        throw invalid_argument_error(
            "image stride: " + std::to_string(image.stride) + ", expected at least " + std::to_string(row_bytes));
}

// The caller's pixels seen through dlib's generic image interface: no copy. Read-only; dlib only
// reads its input images (writable images are dlib's own temporaries).
template <typename Pixel> struct borrowed_image {
    const uint8_t *pixels;
    long rows;
    long columns;
    long stride;
};

template <typename Pixel> long num_rows(const borrowed_image<Pixel> &image) { return image.rows; }
template <typename Pixel> long num_columns(const borrowed_image<Pixel> &image) { return image.columns; }
template <typename Pixel> long width_step(const borrowed_image<Pixel> &image) { return image.stride; }
template <typename Pixel> const void *image_data(const borrowed_image<Pixel> &image) { return image.pixels; }

}  // namespace

namespace dlib {
template <typename Pixel> struct image_traits<borrowed_image<Pixel>> {
    typedef Pixel pixel_type;
};
}  // namespace dlib

namespace {

static_assert(sizeof(dlib::rgb_pixel) == 3, "dlib::rgb_pixel must be packed R,G,B bytes");

// Calls `body` with the caller's pixels viewed as a dlib image of the matching pixel type.
template <typename Body> void with_dlib_image(const cdlib_face_image &image, Body &&body) {
    validate(image);
    if (image.format == CDLIB_FACE_GREY) {
        body(borrowed_image<unsigned char>{image.pixels, image.height, image.width, image.stride});
    } else {
        body(borrowed_image<dlib::rgb_pixel>{image.pixels, image.height, image.width, image.stride});
    }
}

template <typename Image>
std::vector<dlib::rect_detection> detect(cdlib_face::colour_face_detector &detector, const Image &img, int upsample) {
    std::vector<dlib::rect_detection> detections;
    if (upsample <= 0) {
        detector(img, detections, 0.0);
        return detections;
    }
    dlib::array2d<typename dlib::image_traits<Image>::pixel_type> larger;
    dlib::assign_image(larger, img);
    dlib::pyramid_down<2> pyramid;
    for (int i = 0; i < upsample; ++i) dlib::pyramid_up(larger, pyramid);
    detector(larger, detections, 0.0);
    for (auto &detection : detections) detection.rect = pyramid.rect_down(detection.rect, upsample);
    return detections;
}

dlib::rectangle rectangle_of(const cdlib_face_box &box) {
    return dlib::rectangle(box.left, box.top, box.right, box.bottom);
}

dlib::full_object_detection shape_of(const cdlib_face_box &box, const cdlib_face_landmarks &landmarks) {
    std::vector<dlib::point> parts;
    for (int i = 0; i < CDLIB_FACE_LANDMARK_COUNT; ++i) parts.emplace_back(landmarks.x[i], landmarks.y[i]);
    return dlib::full_object_detection(rectangle_of(box), parts);
}

template <typename Image>
dlib::matrix<dlib::rgb_pixel> aligned_chip(
    const Image &img, const cdlib_face_box &box, const cdlib_face_landmarks &landmarks) {
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(img, dlib::get_face_chip_details(shape_of(box, landmarks), chip_size, chip_padding), chip);
    return chip;
}

// Runs `body`, turning any exception into -1 plus a message.
template <typename Body> int guarded(const char *what, char *error, size_t capacity, Body &&body) {
    try {
        body();
        return 0;
    } catch (const invalid_argument_error &e) {
        write_error(error, capacity, std::string(what) + ": " + e.what());
    } catch (const std::bad_alloc &) {
        write_error(error, capacity, std::string(what) + ": out of memory");
    } catch (const std::exception &e) {
        write_error(error, capacity, std::string(what) + ": " + e.what());
    } catch (...) {
        write_error(error, capacity, std::string(what) + ": unknown C++ exception");
    }
    return -1;
}

}  // namespace

extern "C" {

cdlib_face_models *cdlib_face_models_load(
    const char *shape_predictor_path, const char *recognition_model_path, char *error, size_t error_capacity) {
    cdlib_face_models *models = nullptr;
    const int status = guarded("load models", error, error_capacity, [&] {
        if (shape_predictor_path == nullptr || recognition_model_path == nullptr)
            throw invalid_argument_error("model path: null pointer");
        auto loaded = std::make_unique<cdlib_face_models>();
        {
            // dlib's frontal detector, moved into the type with the faster colour feature extractor
            std::stringstream weights;
            dlib::serialize(dlib::get_frontal_face_detector(), weights);
            dlib::deserialize(loaded->detector, weights);
            cdlib_face::fhog_detail::orientation_table();  // built now rather than in the first detection
        }
        try {
            dlib::deserialize(shape_predictor_path) >> loaded->predictor;
        } catch (const std::exception &e) {
            throw invalid_argument_error(std::string("shape predictor ") + shape_predictor_path + ": " + e.what());
        }
        if (loaded->predictor.num_parts() != CDLIB_FACE_LANDMARK_COUNT)
            throw invalid_argument_error(
                std::string("shape predictor ") + shape_predictor_path + ": has " +
                std::to_string(loaded->predictor.num_parts()) + " parts, expected 5 (the 5-point model)");
        try {
            dlib::deserialize(recognition_model_path) >> loaded->network;
        } catch (const std::exception &e) {
            throw invalid_argument_error(std::string("recognition model ") + recognition_model_path + ": " + e.what());
        }
        models = loaded.release();
    });
    return status == 0 ? models : nullptr;
}

void cdlib_face_models_free(cdlib_face_models *models) { delete models; }

int cdlib_face_detect(
    cdlib_face_models *models, cdlib_face_image image, int32_t upsample, int32_t rgb_as_grey,
    cdlib_face_box *boxes, int32_t capacity, int32_t *found, char *error, size_t error_capacity) {
    return guarded("detect", error, error_capacity, [&] {
        if (models == nullptr || found == nullptr || (boxes == nullptr && capacity > 0))
            throw invalid_argument_error("null models, boxes or count pointer");
        if (upsample < 0 || upsample > 3)
            throw invalid_argument_error("upsample: " + std::to_string(upsample) + ", expected 0...3");
        std::lock_guard<std::mutex> guard(models->lock);
        with_dlib_image(image, [&](const auto &img) {
            std::vector<dlib::rect_detection> detections;
            if (rgb_as_grey != 0 && image.format == CDLIB_FACE_RGB) {
                dlib::array2d<unsigned char> grey;
                dlib::assign_image(grey, img);
                detections = detect(models->detector, grey, upsample);
            } else {
                detections = detect(models->detector, img, upsample);
            }
            *found = static_cast<int32_t>(detections.size());
            for (int32_t i = 0; i < capacity && i < static_cast<int32_t>(detections.size()); ++i) {
                const auto &r = detections[static_cast<size_t>(i)].rect;
                boxes[i] = cdlib_face_box{r.left(), r.top(), r.right(), r.bottom(),
                                          detections[static_cast<size_t>(i)].detection_confidence};
            }
        });
    });
}

int cdlib_face_colour_fhog_difference(
    cdlib_face_image image, int32_t filter_rows_padding, int32_t filter_cols_padding, double *max_difference,
    int32_t *same_shape, char *error, size_t error_capacity) {
    return guarded("colour fhog check", error, error_capacity, [&] {
        if (max_difference == nullptr || same_shape == nullptr) throw invalid_argument_error("null result pointer");
        if (image.format != CDLIB_FACE_RGB) throw invalid_argument_error("image format: expected 3 (RGB)");
        if (filter_rows_padding < 1 || filter_cols_padding < 1)
            throw invalid_argument_error("filter padding: expected 1 or more");
        with_dlib_image(image, [&](const auto &img) {
            dlib::array<dlib::array2d<float>> ours, theirs;
            cdlib_face::colour_fhog_feature_extractor()(img, ours, 8, filter_rows_padding, filter_cols_padding);
            dlib::extract_fhog_features(img, theirs, 8, filter_rows_padding, filter_cols_padding);
            bool same = ours.size() == theirs.size();
            double worst = 0;
            for (size_t plane = 0; same && plane < ours.size(); ++plane) {
                same = ours[plane].nr() == theirs[plane].nr() && ours[plane].nc() == theirs[plane].nc();
                for (long r = 0; same && r < ours[plane].nr(); ++r)
                    for (long c = 0; c < ours[plane].nc(); ++c)
                        worst = std::max(worst, std::abs(double(ours[plane][r][c]) - double(theirs[plane][r][c])));
            }
            *same_shape = same ? 1 : 0;
            *max_difference = worst;
        });
    });
}

int cdlib_face_landmarks_for_box(
    cdlib_face_models *models, cdlib_face_image image, cdlib_face_box box, cdlib_face_landmarks *landmarks,
    char *error, size_t error_capacity) {
    return guarded("landmarks", error, error_capacity, [&] {
        if (models == nullptr || landmarks == nullptr) throw invalid_argument_error("null models or landmarks pointer");
        std::lock_guard<std::mutex> guard(models->lock);
        with_dlib_image(image, [&](const auto &img) {
            const auto shape = models->predictor(img, rectangle_of(box));
            for (unsigned long i = 0; i < CDLIB_FACE_LANDMARK_COUNT; ++i) {
                landmarks->x[i] = shape.part(i).x();
                landmarks->y[i] = shape.part(i).y();
            }
        });
    });
}

int cdlib_face_descriptor(
    cdlib_face_models *models, cdlib_face_image image, cdlib_face_box box, const cdlib_face_landmarks *landmarks,
    float *descriptor, char *error, size_t error_capacity) {
    return guarded("descriptor", error, error_capacity, [&] {
        if (models == nullptr || landmarks == nullptr || descriptor == nullptr)
            throw invalid_argument_error("null models, landmarks or descriptor pointer");
        std::lock_guard<std::mutex> guard(models->lock);
        with_dlib_image(image, [&](const auto &img) {
            const dlib::matrix<float, 0, 1> values = models->network(aligned_chip(img, box, *landmarks));
            if (values.size() != CDLIB_FACE_DESCRIPTOR_LENGTH)
                throw invalid_argument_error(
                    "network output has " + std::to_string(values.size()) + " values, expected 128");
            for (long i = 0; i < CDLIB_FACE_DESCRIPTOR_LENGTH; ++i) descriptor[i] = values(i);
        });
    });
}

int cdlib_face_aligned_chip(
    cdlib_face_image image, cdlib_face_box box, const cdlib_face_landmarks *landmarks, uint8_t *chip_rgb, char *error,
    size_t error_capacity) {
    return guarded("aligned chip", error, error_capacity, [&] {
        if (landmarks == nullptr || chip_rgb == nullptr) throw invalid_argument_error("null landmarks or chip pointer");
        with_dlib_image(image, [&](const auto &img) {
            const auto chip = aligned_chip(img, box, *landmarks);
            for (long y = 0; y < chip_size; ++y) {
                for (long x = 0; x < chip_size; ++x) {
                    uint8_t *out = chip_rgb + 3 * (y * chip_size + x);
                    out[0] = chip(y, x).red;
                    out[1] = chip(y, x).green;
                    out[2] = chip(y, x).blue;
                }
            }
        });
    });
}

}  // extern "C"
