// A drop-in feature extractor for dlib's scan_fhog_pyramid that computes the same FHOG features as
// dlib::extract_fhog_features, bit for bit, but gets the colour gradients of a whole row at a time.
//
// dlib's extractor (image_transforms/fhog.h, 19.24) builds each 8-pixel SIMD gradient from 96 single-byte
// loads of the interleaved R,G,B image; on a VGA colour frame that is about a third of the detector's time.
// Here the strongest-channel gradient of a row is computed first, in a loop the compiler vectorises,
// and the rest of dlib's algorithm is unchanged: the same orientation snapping, the same bilinear votes in
// the same order, the same block normalisation. The features are therefore identical and so are the
// detections. Ties between channels are broken exactly as dlib does: in the SIMD part of a row a later
// channel wins a tie, in the scalar tail the earlier one keeps it.
//
// The algorithm is Felzenszwalb et al.'s FHOG as implemented in dlib; the vote and normalisation code is
// derived from dlib's (Copyright (C) 2013 Davis E. King, Boost Software License 1.0, whose text is in
// LICENSE-dlib.txt next to this file), itself derived from the voc-release features.cc.
#ifndef CDLIBFACE_COLOUR_FHOG_HPP
#define CDLIBFACE_COLOUR_FHOG_HPP

#include <dlib/image_processing/scan_fhog_pyramid.h>
#include <dlib/image_transforms/fhog.h>

#include <vector>

namespace cdlib_face {

namespace fhog_detail {

// Strongest-channel gradient of image row y for x in [1, end): gx, gy and squared length, as dlib's
// get_gradient computes them. Columns below simd_end follow dlib's SIMD tie rule, the rest its scalar rule.
template <bool simd_rule, typename Row>
inline void colour_row_gradients_range(
    const Row *above, const Row *row, const Row *below, int begin, int end, float *gx, float *gy, float *len,
    int *bin_index) {
    for (int x = begin; x < end; ++x) {
        const int rx = (int)row[x + 1].red - (int)row[x - 1].red;
        const int ry = (int)below[x].red - (int)above[x].red;
        const int gxx = (int)row[x + 1].green - (int)row[x - 1].green;
        const int gyy = (int)below[x].green - (int)above[x].green;
        const int bx = (int)row[x + 1].blue - (int)row[x - 1].blue;
        const int by = (int)below[x].blue - (int)above[x].blue;
        const int rl = rx * rx + ry * ry;
        const int gl = gxx * gxx + gyy * gyy;
        const int bl = bx * bx + by * by;
        int ox, oy, ol;
        if (simd_rule) {
            // select(rlen > glen, red, green), then select(tlen > blen, that, blue)
            const bool c1 = rl > gl;
            const int tx = c1 ? rx : gxx, ty = c1 ? ry : gyy, tl = c1 ? rl : gl;
            const bool c2 = tl > bl;
            ox = c2 ? tx : bx;
            oy = c2 ? ty : by;
            ol = c2 ? tl : bl;
        } else {
            // start with red; take green if strictly longer, then blue if strictly longer
            ox = rx; oy = ry; ol = rl;
            if (gl > ol) { ox = gxx; oy = gyy; ol = gl; }
            if (bl > ol) { ox = bx; oy = by; ol = bl; }
        }
        gx[x] = (float)ox;
        gy[x] = (float)oy;
        len[x] = (float)ol;
        bin_index[x] = (oy + 255) * 511 + ox + 255;
    }
}

// Strongest-channel gradient of an image row for x in [1, end): gx, gy and squared length, as dlib's
// get_gradient computes them. Columns below simd_end follow dlib's SIMD tie rule, the rest its scalar rule.
template <typename Row>
inline void colour_row_gradients(
    const Row *above, const Row *row, const Row *below, int end, int simd_end, float *gx, float *gy, float *len,
    int *bin_index) {
    colour_row_gradients_range<true>(above, row, below, 1, simd_end, gx, gy, len, bin_index);
    colour_row_gradients_range<false>(above, row, below, simd_end, end, gx, gy, len, bin_index);
}

// dlib's 18 gradient directions, as in impl_extract_fhog_features.
inline void fhog_directions(dlib::matrix<float, 2, 1> (&directions)[9]) {
    directions[0] = 1.0000, 0.0000;
    directions[1] = 0.9397, 0.3420;
    directions[2] = 0.7660, 0.6428;
    directions[3] = 0.500, 0.8660;
    directions[4] = 0.1736, 0.9848;
    directions[5] = -0.1736, 0.9848;
    directions[6] = -0.5000, 0.8660;
    directions[7] = -0.7660, 0.6428;
    directions[8] = -0.9397, 0.3420;
}

// The orientation bin dlib's SIMD loop gives each integer gradient (gx, gy), both in -255...255, indexed
// (gy + 255) * 511 + gx + 255. Built once with that very loop, so a look-up equals the computation.
inline const unsigned char *orientation_table() {
    static const std::vector<unsigned char> table = [] {
        using namespace dlib;
        matrix<float, 2, 1> directions[9];
        fhog_directions(directions);
        std::vector<unsigned char> bins(511 * 511);
        for (int gy = -255; gy <= 255; ++gy) {
            for (int gx0 = -255; gx0 <= 255; gx0 += 8) {
                const simd8f grad_x(gx0, gx0 + 1, gx0 + 2, gx0 + 3, gx0 + 4, gx0 + 5, gx0 + 6, gx0 + 7);
                const simd8f grad_y((float)gy);
                simd8f best_dot = 0;
                simd8f best_o = 0;
                for (int o = 0; o < 9; o++) {
                    simd8f dot = grad_x * directions[o](0) + grad_y * directions[o](1);
                    simd8f_bool cmp = dot > best_dot;
                    best_dot = select(cmp, dot, best_dot);
                    dot *= -1;
                    best_o = select(cmp, o, best_o);

                    cmp = dot > best_dot;
                    best_dot = select(cmp, dot, best_dot);
                    best_o = select(cmp, o + 9, best_o);
                }
                int32 o8[8];
                simd8i(best_o).store(o8);
                for (int i = 0; i < 8 && gx0 + i <= 255; ++i)
                    bins[(size_t)(gy + 255) * 511 + (size_t)(gx0 + i + 255)] = (unsigned char)o8[i];
            }
        }
        return bins;
    }();
    return table.data();
}

// dlib::impl_fhog::impl_extract_fhog_features for an RGB image and cell_size > 1, with the gradients
// taken from colour_row_gradients.
template <typename image_type>
void colour_fhog(
    const image_type &img_, dlib::array<dlib::array2d<float>> &hog, int cell_size, int filter_rows_padding,
    int filter_cols_padding) {
    using namespace dlib;
    const_image_view<image_type> img(img_);
    typedef typename image_traits<image_type>::pixel_type pixel;

    matrix<float, 2, 1> directions[9];
    fhog_directions(directions);

    const int cells_nr = (int)((float)img.nr() / (float)cell_size + 0.5);
    const int cells_nc = (int)((float)img.nc() / (float)cell_size + 0.5);
    if (cells_nr == 0 || cells_nc == 0) {
        hog.clear();
        return;
    }

    array2d<matrix<float, 18, 1>> hist(cells_nr + 2, cells_nc + 2);
    for (long r = 0; r < hist.nr(); ++r)
        for (long c = 0; c < hist.nc(); ++c) hist[r][c] = 0;

    array2d<float> norm(cells_nr, cells_nc);
    assign_all_pixels(norm, 0);

    const int hog_nr = std::max(cells_nr - 2, 0);
    const int hog_nc = std::max(cells_nc - 2, 0);
    if (hog_nr == 0 || hog_nc == 0) {
        hog.clear();
        return;
    }
    const int padding_rows_offset = (filter_rows_padding - 1) / 2;
    const int padding_cols_offset = (filter_cols_padding - 1) / 2;
    impl_fhog::init_hog(hog, hog_nr, hog_nc, filter_rows_padding, filter_cols_padding);

    const int visible_nr = std::min((long)cells_nr * cell_size, img.nr()) - 1;
    const int visible_nc = std::min((long)cells_nc * cell_size, img.nc()) - 1;

    // first column the SIMD loop does not reach: x runs 1, 9, 17, ... while x < visible_nc - 7
    int simd_end = 1;
    while (simd_end < visible_nc - 7) simd_end += 8;
    thread_local std::vector<float> gradients;
    thread_local std::vector<int> bin_indices;
    gradients.resize(3 * (size_t)(visible_nc + 8));
    bin_indices.resize((size_t)(visible_nc + 8));
    float *const gxs = gradients.data();
    float *const gys = gxs + visible_nc + 8;
    float *const lens = gys + visible_nc + 8;
    int *const bins = bin_indices.data();
    const unsigned char *const orientation = orientation_table();

    // The horizontal vote weights depend on the column only: computed once per image, with the same
    // SIMD expressions dlib evaluates for every row.
    thread_local std::vector<float> column_weights;
    thread_local std::vector<int32> column_cells;
    column_weights.resize(2 * (size_t)(simd_end + 8));
    column_cells.resize((size_t)(simd_end + 8));
    float *const weights0 = column_weights.data();
    float *const weights1 = weights0 + simd_end + 8;
    int32 *const cells = column_cells.data();
    for (int x = 1; x < visible_nc - 7; x += 8) {
        simd8f xx(x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7);
        simd8f xp = (xx + 0.5) / (float)cell_size + 0.5;
        simd8i ixp = simd8i(xp);
        simd8f vx0 = xp - ixp;
        simd8f vx1 = 1.0f - vx0;
        vx0.store(weights0 + x);
        vx1.store(weights1 + x);
        ixp.store(cells + x);
    }

    for (int y = 1; y < visible_nr; y++) {
        const float yp = ((float)y + 0.5) / (float)cell_size - 0.5;
        const int iyp = (int)std::floor(yp);
        const float vy0 = yp - iyp;
        const float vy1 = 1.0 - vy0;
        colour_row_gradients<pixel>(
            &img[y - 1][0], &img[y][0], &img[y + 1][0], visible_nc, simd_end, gxs, gys, lens, bins);
        int x;
        for (x = 1; x < visible_nc - 7; x += 8) {
            simd8f v;
            v.load(lens + x);

            simd8f vx0, vx1;
            vx0.load(weights0 + x);
            vx1.load(weights1 + x);

            v = sqrt(v);

            // the orientation bins, as dlib's 9-direction SIMD loop computes them (see orientation_table)
            int32 _best_o[8];
            for (int i = 0; i < 8; ++i) _best_o[i] = orientation[bins[x + i]];

            vx1 *= v;
            vx0 *= v;
            simd8f v11 = vy1 * vx1;
            simd8f v01 = vy0 * vx1;
            simd8f v10 = vy1 * vx0;
            simd8f v00 = vy0 * vx0;

            const int32 *const _ixp = cells + x;
            float _v11[8];
            v11.store(_v11);
            float _v01[8];
            v01.store(_v01);
            float _v10[8];
            v10.store(_v10);
            float _v00[8];
            v00.store(_v00);

            for (int i = 0; i < 8; ++i) {
                hist[iyp + 1][_ixp[i]](_best_o[i]) += _v11[i];
                hist[iyp + 1 + 1][_ixp[i]](_best_o[i]) += _v01[i];
                hist[iyp + 1][_ixp[i] + 1](_best_o[i]) += _v10[i];
                hist[iyp + 1 + 1][_ixp[i] + 1](_best_o[i]) += _v00[i];
            }
        }
        for (; x < visible_nc; x++) {
            matrix<float, 2, 1> grad;
            grad(0) = gxs[x];
            grad(1) = gys[x];
            float v = lens[x];

            float best_dot = 0;
            int best_o = 0;
            for (int o = 0; o < 9; o++) {
                const float dot = dlib::dot(directions[o], grad);
                if (dot > best_dot) {
                    best_dot = dot;
                    best_o = o;
                } else if (-dot > best_dot) {
                    best_dot = -dot;
                    best_o = o + 9;
                }
            }

            v = std::sqrt(v);
            const float xp = ((double)x + 0.5) / (double)cell_size - 0.5;
            const int ixp = (int)std::floor(xp);
            const float vx0 = xp - ixp;
            const float vx1 = 1.0 - vx0;

            hist[iyp + 1][ixp + 1](best_o) += vy1 * vx1 * v;
            hist[iyp + 1 + 1][ixp + 1](best_o) += vy0 * vx1 * v;
            hist[iyp + 1][ixp + 1 + 1](best_o) += vy1 * vx0 * v;
            hist[iyp + 1 + 1][ixp + 1 + 1](best_o) += vy0 * vx0 * v;
        }
    }

    for (int r = 0; r < cells_nr; ++r)
        for (int c = 0; c < cells_nc; ++c)
            for (int o = 0; o < 9; o++)
                norm[r][c] += (hist[r + 1][c + 1](o) + hist[r + 1][c + 1](o + 9)) *
                              (hist[r + 1][c + 1](o) + hist[r + 1][c + 1](o + 9));

    const float eps = 0.0001;
    for (int y = 0; y < hog_nr; y++) {
        const int yy = y + padding_rows_offset;
        for (int x = 0; x < hog_nc; x++) {
            const simd4f z1(norm[y + 1][x + 1], norm[y][x + 1], norm[y + 1][x], norm[y][x]);
            const simd4f z2(norm[y + 1][x + 2], norm[y][x + 2], norm[y + 1][x + 1], norm[y][x + 1]);
            const simd4f z3(norm[y + 2][x + 1], norm[y + 1][x + 1], norm[y + 2][x], norm[y + 1][x]);
            const simd4f z4(norm[y + 2][x + 2], norm[y + 1][x + 2], norm[y + 2][x + 1], norm[y + 1][x + 1]);

            const simd4f nn = 0.2 * sqrt(z1 + z2 + z3 + z4 + eps);
            const simd4f n = 0.1 / nn;

            simd4f t = 0;
            const int xx = x + padding_cols_offset;

            for (int o = 0; o < 18; o += 3) {
                simd4f temp0(hist[y + 1 + 1][x + 1 + 1](o));
                simd4f temp1(hist[y + 1 + 1][x + 1 + 1](o + 1));
                simd4f temp2(hist[y + 1 + 1][x + 1 + 1](o + 2));
                simd4f h0 = min(temp0, nn) * n;
                simd4f h1 = min(temp1, nn) * n;
                simd4f h2 = min(temp2, nn) * n;
                impl_fhog::set_hog(hog, o, xx, yy, sum(h0));
                impl_fhog::set_hog(hog, o + 1, xx, yy, sum(h1));
                impl_fhog::set_hog(hog, o + 2, xx, yy, sum(h2));
                t += h0 + h1 + h2;
            }

            t *= 2 * 0.2357;

            for (int o = 0; o < 9; o += 3) {
                simd4f temp0 = hist[y + 1 + 1][x + 1 + 1](o) + hist[y + 1 + 1][x + 1 + 1](o + 9);
                simd4f temp1 = hist[y + 1 + 1][x + 1 + 1](o + 1) + hist[y + 1 + 1][x + 1 + 1](o + 9 + 1);
                simd4f temp2 = hist[y + 1 + 1][x + 1 + 1](o + 2) + hist[y + 1 + 1][x + 1 + 1](o + 9 + 2);
                simd4f h0 = min(temp0, nn) * n;
                simd4f h1 = min(temp1, nn) * n;
                simd4f h2 = min(temp2, nn) * n;
                impl_fhog::set_hog(hog, o + 18, xx, yy, sum(h0));
                impl_fhog::set_hog(hog, o + 18 + 1, xx, yy, sum(h1));
                impl_fhog::set_hog(hog, o + 18 + 2, xx, yy, sum(h2));
            }

            float temp[4];
            t.store(temp);
            impl_fhog::set_hog(hog, 27, xx, yy, temp[0]);
            impl_fhog::set_hog(hog, 28, xx, yy, temp[1]);
            impl_fhog::set_hog(hog, 29, xx, yy, temp[2]);
            impl_fhog::set_hog(hog, 30, xx, yy, temp[3]);
        }
    }
}

}  // namespace fhog_detail

// dlib::default_fhog_feature_extractor with the row-wise colour gradients above for RGB images; grey
// images (and cell size 1) go to dlib's own extract_fhog_features.
struct colour_fhog_feature_extractor : dlib::default_fhog_feature_extractor {
    template <typename image_type>
    void operator()(
        const image_type &img, dlib::array<dlib::array2d<float>> &hog, int cell_size, int filter_rows_padding,
        int filter_cols_padding) const {
        typedef typename dlib::image_traits<image_type>::pixel_type pixel;
        if constexpr (dlib::pixel_traits<pixel>::rgb && sizeof(pixel) == 3) {
            const dlib::const_image_view<image_type> view(img);
            if (cell_size > 1 && view.nr() > 2 && view.nc() > 2) {
                fhog_detail::colour_fhog(img, hog, cell_size, filter_rows_padding, filter_cols_padding);
                if (hog.size() == 0) hog.resize(31);
                return;
            }
        }
        dlib::extract_fhog_features(img, hog, cell_size, filter_rows_padding, filter_cols_padding);
    }
};

inline void serialize(const colour_fhog_feature_extractor &, std::ostream &) {}
inline void deserialize(colour_fhog_feature_extractor &, std::istream &) {}

// dlib's frontal face detector (same weights, same pyramid, same filters) with the extractor above.
using colour_face_detector =
    dlib::object_detector<dlib::scan_fhog_pyramid<dlib::pyramid_down<6>, colour_fhog_feature_extractor>>;

}  // namespace cdlib_face

#endif
