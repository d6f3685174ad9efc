#ifndef PAYLINKS_CLIBPQ_SHIM_H
#define PAYLINKS_CLIBPQ_SHIM_H
// libpq for the Postgres module only.
#include <libpq-fe.h>
#endif
