// The layer structure of dlib_face_recognition_resnet_model_v1.dat (a 29-layer ResNet on 150x150 RGB
// chips, 128-D metric output). Deserialising the model checks every layer against this type, so a
// mismatch is a load error, not a silent difference. Inference-only: batch norm is folded into affine.
#ifndef CDLIBFACE_RESNET_DESCRIPTOR_HPP
#define CDLIBFACE_RESNET_DESCRIPTOR_HPP

#include <dlib/dnn.h>

#include "FastConv.hpp"

namespace cdlib_face {

using namespace dlib;

// Two 3x3 convolutions; the first one may stride.
template <int filters, int stride, typename input>
using conv_pair = affine<fast_con<filters, 3, 3, 1, 1, relu<affine<fast_con<filters, 3, 3, stride, stride, input>>>>>;

// Identity shortcut around a conv pair.
template <int filters, typename input>
using residual_unit = relu<add_prev1<conv_pair<filters, 1, tag1<input>>>>;

// Down-sampling unit: the shortcut is a 2x2 average pool of the input, added to the strided conv pair.
template <int filters, typename input>
using reducing_unit = relu<add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<conv_pair<filters, 2, tag1<input>>>>>>>;

template <typename input> using stage_32 = residual_unit<32, residual_unit<32, residual_unit<32, input>>>;
template <typename input>
using stage_64 = residual_unit<64, residual_unit<64, residual_unit<64, reducing_unit<64, input>>>>;
template <typename input> using stage_128 = residual_unit<128, residual_unit<128, reducing_unit<128, input>>>;
template <typename input> using stage_256 = residual_unit<256, residual_unit<256, reducing_unit<256, input>>>;
template <typename input> using stage_final = reducing_unit<256, input>;

using stem = max_pool<3, 3, 2, 2, relu<affine<fast_con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>;

using descriptor_net = loss_metric<fc_no_bias<128, avg_pool_everything<
    stage_final<stage_256<stage_128<stage_64<stage_32<stem>>>>>>>>;

}  // namespace cdlib_face

#endif
