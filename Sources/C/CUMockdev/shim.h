#ifndef CUMOCKDEV_SHIM_H
#define CUMOCKDEV_SHIM_H
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

/* usbdevfs request numbers are function-like macros (_IOR/_IOW...): re-exported as constants. */
static const unsigned long CUMOCKDEV_USBDEVFS_CONTROL = USBDEVFS_CONTROL;
static const unsigned long CUMOCKDEV_USBDEVFS_SETINTERFACE = USBDEVFS_SETINTERFACE;
static const unsigned long CUMOCKDEV_USBDEVFS_SETCONFIGURATION = USBDEVFS_SETCONFIGURATION;
static const unsigned long CUMOCKDEV_USBDEVFS_GETDRIVER = USBDEVFS_GETDRIVER;
static const unsigned long CUMOCKDEV_USBDEVFS_SUBMITURB = USBDEVFS_SUBMITURB;
static const unsigned long CUMOCKDEV_USBDEVFS_DISCARDURB = USBDEVFS_DISCARDURB;
static const unsigned long CUMOCKDEV_USBDEVFS_REAPURB = USBDEVFS_REAPURB;
static const unsigned long CUMOCKDEV_USBDEVFS_REAPURBNDELAY = USBDEVFS_REAPURBNDELAY;
static const unsigned long CUMOCKDEV_USBDEVFS_CLAIMINTERFACE = USBDEVFS_CLAIMINTERFACE;
static const unsigned long CUMOCKDEV_USBDEVFS_RELEASEINTERFACE = USBDEVFS_RELEASEINTERFACE;
static const unsigned long CUMOCKDEV_USBDEVFS_CONNECTINFO = USBDEVFS_CONNECTINFO;
static const unsigned long CUMOCKDEV_USBDEVFS_IOCTL = USBDEVFS_IOCTL;
static const unsigned long CUMOCKDEV_USBDEVFS_RESET = USBDEVFS_RESET;
static const unsigned long CUMOCKDEV_USBDEVFS_CLEAR_HALT = USBDEVFS_CLEAR_HALT;
static const unsigned long CUMOCKDEV_USBDEVFS_DISCONNECT = USBDEVFS_DISCONNECT;
static const unsigned long CUMOCKDEV_USBDEVFS_CONNECT = USBDEVFS_CONNECT;
static const unsigned long CUMOCKDEV_USBDEVFS_GET_CAPABILITIES = USBDEVFS_GET_CAPABILITIES;
static const unsigned long CUMOCKDEV_USBDEVFS_DISCONNECT_CLAIM = USBDEVFS_DISCONNECT_CLAIM;
static const unsigned long CUMOCKDEV_USBDEVFS_GET_SPEED = USBDEVFS_GET_SPEED;

/* Field offsets of the usbdevfs structs whose pointers must be resolved in the client. */
static const size_t CUMOCKDEV_URB_SIZE = sizeof(struct usbdevfs_urb);
static const size_t CUMOCKDEV_URB_BUFFER_OFFSET = offsetof(struct usbdevfs_urb, buffer);
static const size_t CUMOCKDEV_CTRLTRANSFER_SIZE = sizeof(struct usbdevfs_ctrltransfer);
static const size_t CUMOCKDEV_CTRLTRANSFER_DATA_OFFSET = offsetof(struct usbdevfs_ctrltransfer, data);
static const size_t CUMOCKDEV_IOCTL_SIZE = sizeof(struct usbdevfs_ioctl);

/* The signature of the UMockdevIoctlBase "handle-ioctl" signal. */
typedef gboolean (*cumockdev_handle_ioctl_fn)(UMockdevIoctlBase *handler, UMockdevIoctlClient *client,
                                               gpointer user_data);

/* g_signal_connect is a macro: this connects the "handle-ioctl" signal. */
static inline gulong cumockdev_connect_handle_ioctl(UMockdevIoctlBase *handler, cumockdev_handle_ioctl_fn fn,
                                                    gpointer user_data) {
    return g_signal_connect(handler, "handle-ioctl", G_CALLBACK(fn), user_data);
}

static inline void cumockdev_disconnect(UMockdevIoctlBase *handler, gulong handler_id) {
    g_signal_handler_disconnect(handler, handler_id);
}

static inline void cumockdev_object_ref(gpointer object) { g_object_ref(object); }
static inline void cumockdev_object_unref(gpointer object) { g_object_unref(object); }

/* The client-side address an ioctl argument carries (the raw pointer value the program passed). */
static inline unsigned long cumockdev_arg_value(UMockdevIoctlData *arg) {
    return arg->data_len >= (gint)sizeof(unsigned long) ? *(unsigned long *)arg->data : 0;
}
#endif
