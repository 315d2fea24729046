#ifndef CFUNCTIONFS_SHIM_H
#define CFUNCTIONFS_SHIM_H
/* FunctionFS (a USB gadget function served from user space): the descriptor and string blob magics,
   their flags, and the ep0 event record. Header only; links nothing. */
#include <linux/usb/ch9.h>
#include <linux/usb/functionfs.h>

/* The ep0 event record is 12 bytes; Swift reads it with this size. */
static const unsigned long CFUNCTIONFS_EVENT_SIZE = sizeof(struct usb_functionfs_event);
#endif
