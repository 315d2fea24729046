// A dlib con_ layer with a faster forward pass, for inference.
//
// dlib 19.24's CPU convolution (cpu::tensor_conv, compiled into libdlib) lowers each input to an im2col
// matrix with a bounds check and index computation per element, then multiplies it by the filters
// with BLAS. On the 150x150 face ResNet the lowering is about a quarter of the network's time. This layer
// builds the same matrix (same layout, same values) copying whole filter rows, and makes the same BLAS call,
// filters x trans(columns), followed by the same bias add. Everything else - parameters, file format,
// setup, printing - is dlib's con_, which this layer wraps, so a model saved with con_ loads unchanged.
// Only forward() is provided: the network is never trained here.
#ifndef CDLIBFACE_FAST_CONV_HPP
#define CDLIBFACE_FAST_CONV_HPP

#include <dlib/dnn.h>

#include <stdexcept>
#include <vector>

namespace cdlib_face {

template <long num_filters_, long nr_, long nc_, int stride_y_, int stride_x_,
          int padding_y_ = stride_y_ != 1 ? 0 : nr_ / 2, int padding_x_ = stride_x_ != 1 ? 0 : nc_ / 2>
class fast_con_ {
    using base_type = dlib::con_<num_filters_, nr_, nc_, stride_y_, stride_x_, padding_y_, padding_x_>;
    static_assert(nr_ > 0 && nc_ > 0, "fast_con_ needs a fixed filter size");

public:
    fast_con_() = default;
    fast_con_(const fast_con_ &other) : base(other.base) {}
    fast_con_ &operator=(const fast_con_ &other) {
        base = other.base;
        return *this;
    }

    template <typename SUBNET> void setup(const SUBNET &sub) { base.setup(sub); }

    template <typename SUBNET> void forward(const SUBNET &sub, dlib::resizable_tensor &output) {
        const dlib::tensor &in = sub.get_output();
        const long channels = in.k(), rows = in.nr(), cols = in.nc();
        const long out_rows = 1 + (rows + 2 * base.padding_y() - nr_) / stride_y_;
        const long out_cols = 1 + (cols + 2 * base.padding_x() - nc_) / stride_x_;
        const long filters = base.num_filters();
        const long depth = channels * nr_ * nc_;
        const long pixels = out_rows * out_cols;
        output.set_size(in.num_samples(), filters, out_rows, out_cols);
        const float *weights = base.get_layer_params().host();
        columns.resize(static_cast<size_t>(pixels * depth));
        for (long n = 0; n < in.num_samples(); ++n) {
            im2col(in.host() + n * channels * rows * cols, channels, rows, cols, out_rows, out_cols, columns.data());
            float *out = output.host() + n * filters * pixels;
            // output sample (filters x pixels) = weights (filters x depth) * trans(columns (pixels x depth))
            dlib::blas_bindings::cblas_sgemm(
                dlib::blas_bindings::CblasRowMajor, dlib::blas_bindings::CblasNoTrans, dlib::blas_bindings::CblasTrans,
                filters, pixels, depth, 1.0f, weights, depth, columns.data(), depth, 0.0f, out, pixels);
            if (!base.bias_is_disabled()) {
                const float *bias = weights + filters * depth;
                for (long f = 0; f < filters; ++f) {
                    float *plane = out + f * pixels;
                    const float b = bias[f];
                    for (long i = 0; i < pixels; ++i) plane[i] = 1 * plane[i] + 1 * b;  // as dlib's tt::add(1, out, 1, b)
                }
            }
        }
    }

    // dlib's layer interface asks for a backward pass; this layer is inference-only.
    template <typename SUBNET> void backward(const dlib::tensor &, SUBNET &, dlib::tensor &) {
        throw std::logic_error("cdlib_face::fast_con_ is inference-only");
    }

    const dlib::tensor &get_layer_params() const { return base.get_layer_params(); }
    dlib::tensor &get_layer_params() { return base.get_layer_params(); }

    dlib::dpoint map_input_to_output(dlib::dpoint p) const { return base.map_input_to_output(p); }
    dlib::dpoint map_output_to_input(dlib::dpoint p) const { return base.map_output_to_input(p); }

    friend void serialize(const fast_con_ &item, std::ostream &out) { serialize(item.base, out); }
    friend void deserialize(fast_con_ &item, std::istream &in) { deserialize(item.base, in); }
    friend std::ostream &operator<<(std::ostream &out, const fast_con_ &item) { return out << item.base; }
    friend void to_xml(const fast_con_ &item, std::ostream &out) { to_xml(item.base, out); }

private:
    // dlib's img2col layout: one row per output pixel, holding channel-major filter windows, zeros outside.
    void im2col(const float *data, long channels, long rows, long cols, long out_rows, long out_cols, float *t) const {
        const long py = base.padding_y(), px = base.padding_x();
        for (long r = 0; r < out_rows; ++r) {
            const long y0 = r * stride_y_ - py;
            for (long c = 0; c < out_cols; ++c) {
                const long x0 = c * stride_x_ - px;
                const bool inside_x = x0 >= 0 && x0 + nc_ <= cols;
                for (long k = 0; k < channels; ++k) {
                    const float *plane = data + k * rows * cols;
                    for (long y = 0; y < nr_; ++y, t += nc_) {
                        const long yy = y0 + y;
                        if (yy < 0 || yy >= rows) {
                            for (long x = 0; x < nc_; ++x) t[x] = 0;
                            continue;
                        }
                        const float *src = plane + yy * cols + x0;
                        if (inside_x) {
                            for (long x = 0; x < nc_; ++x) t[x] = src[x];
                        } else {
                            for (long x = 0; x < nc_; ++x) {
                                const long xx = x0 + x;
                                t[x] = (xx >= 0 && xx < cols) ? src[x] : 0.0f;
                            }
                        }
                    }
                }
            }
        }
    }

    base_type base;
    std::vector<float> columns;  // scratch, kept between calls
};

template <long num_filters, long nr, long nc, int stride_y, int stride_x, typename SUBNET>
using fast_con = dlib::add_layer<fast_con_<num_filters, nr, nc, stride_y, stride_x>, SUBNET>;

}  // namespace cdlib_face

#endif
