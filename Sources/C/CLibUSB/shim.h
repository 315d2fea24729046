#ifndef CLIBUSB_SHIM_H
#define CLIBUSB_SHIM_H
#include <libusb.h>

/* Function-like macros that Swift cannot import, re-exported as constants / functions. */
static const unsigned int clibusb_api_version = LIBUSB_API_VERSION;

static inline int clibusb_has_hotplug(void) {
    return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG);
}
#endif
