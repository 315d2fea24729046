#ifndef CDLIBFACE_H
#define CDLIBFACE_H

/* Plain C interface to dlib's HOG frontal face detector, 5-point shape predictor and 128-D face
 * recognition ResNet.
 *
 * Thread safety: every call on one handle takes that handle's mutex, so a handle may be shared
 * between threads but its calls run one at a time. For parallel work load one handle per thread.
 * Every function catches all C++ exceptions and reports them through its error buffer; none throws.
 * Calls are blocking and CPU-bound (tens of milliseconds). */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Loaded models plus the detector; opaque. */
typedef struct cdlib_face_models cdlib_face_models;

/** Number of points of the 5-point shape predictor. */
#define CDLIB_FACE_LANDMARK_COUNT 5
/** Length of a face descriptor. */
#define CDLIB_FACE_DESCRIPTOR_LENGTH 128

/** Pixel layout of an input buffer. */
typedef enum {
    CDLIB_FACE_GREY = 1, /**< one byte per pixel */
    CDLIB_FACE_RGB = 3   /**< three bytes per pixel: red, green, blue */
} cdlib_face_pixel_format;

/** A borrowed image: `height` rows `stride` bytes apart; never retained after the call returns. */
typedef struct {
    const uint8_t *pixels;
    int32_t width;
    int32_t height;
    int32_t stride;
    cdlib_face_pixel_format format;
} cdlib_face_image;

/** A detection rectangle in pixels (inclusive corners, as dlib's rectangle) with the detector's score. */
typedef struct {
    int64_t left;
    int64_t top;
    int64_t right;
    int64_t bottom;
    double score;
} cdlib_face_box;

/** The 5 landmarks in pixels; dlib's points are integral. */
typedef struct {
    int64_t x[CDLIB_FACE_LANDMARK_COUNT];
    int64_t y[CDLIB_FACE_LANDMARK_COUNT];
} cdlib_face_landmarks;

/** Loads both model files. Returns NULL and writes a message into `error` (capacity `error_capacity`,
 * always NUL-terminated when capacity > 0) on failure. */
cdlib_face_models *cdlib_face_models_load(
    const char *shape_predictor_path, const char *recognition_model_path, char *error, size_t error_capacity);

/** Frees a handle from cdlib_face_models_load; NULL is ignored. */
void cdlib_face_models_free(cdlib_face_models *models);

/** Runs the HOG frontal detector after `upsample` pyramid-up steps (0 for VGA frames). An RGB image is
 * scanned in colour (dlib's per-channel HOG, as face_recognition does) unless `rgb_as_grey` is nonzero:
 * then its channel average is scanned, slightly faster (about 5 %), with boxes that may differ slightly.
 * Writes up to `capacity` boxes, best score first, in the input image's coordinates, and the total
 * number found to `*found` (which may exceed `capacity`). Returns 0, or -1 with a message in `error`. */
int cdlib_face_detect(
    cdlib_face_models *models, cdlib_face_image image, int32_t upsample, int32_t rgb_as_grey,
    cdlib_face_box *boxes, int32_t capacity, int32_t *found, char *error, size_t error_capacity);

/** Self-check of the detector's colour FHOG (ColourFHOG.hpp) against dlib's extract_fhog_features on an
 * RGB image, cell size 8, at the given filter paddings: writes the largest absolute difference of any
 * feature to `*max_difference` (0 when they agree bit for bit) and 1 to `*same_shape` if both gave the
 * same planes and sizes. Returns 0, or -1 with `error` (e.g. a grey image). */
int cdlib_face_colour_fhog_difference(
    cdlib_face_image image, int32_t filter_rows_padding, int32_t filter_cols_padding, double *max_difference,
    int32_t *same_shape, char *error, size_t error_capacity);

/** Places the 5 landmarks inside `box` (only its corners are used). Returns 0, or -1 with `error`. */
int cdlib_face_landmarks_for_box(
    cdlib_face_models *models, cdlib_face_image image, cdlib_face_box box, cdlib_face_landmarks *landmarks,
    char *error, size_t error_capacity);

/** Aligns a 150x150 chip from the landmarks (padding 0.25) and computes the 128-D descriptor without
 * jitter into `descriptor` (128 floats). Returns 0, or -1 with `error`. */
int cdlib_face_descriptor(
    cdlib_face_models *models, cdlib_face_image image, cdlib_face_box box, const cdlib_face_landmarks *landmarks,
    float *descriptor, char *error, size_t error_capacity);

/** Writes the aligned 150x150 RGB chip (150*150*3 bytes, rows packed) that cdlib_face_descriptor
 * would use. Needs no models and no lock. Returns 0, or -1 with `error`. */
int cdlib_face_aligned_chip(
    cdlib_face_image image, cdlib_face_box box, const cdlib_face_landmarks *landmarks,
    uint8_t *chip_rgb, char *error, size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif
