#ifndef PAYLINKS_CLIBPQ_SHIM_H
#define PAYLINKS_CLIBPQ_SHIM_H
// libpq for the Postgres module only, plus the one Linux call its I/O thread needs that Glibc does not import.
#include <libpq-fe.h>
#include <sys/eventfd.h>

// A non-blocking, close-on-exec eventfd: the wake-up descriptor of the Postgres I/O thread's poll() loop.
// (EFD_* are macros, and sys/eventfd.h is not part of the Glibc module.)
static inline int paylinks_pq_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

#endif
