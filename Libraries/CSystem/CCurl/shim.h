#ifndef PAYLINKS_CCURL_SHIM_H
#define PAYLINKS_CCURL_SHIM_H
// libcurl for the HTTPClient module only. curl_easy_setopt and friends are variadic, so they are
// re-exposed here as typed static inline wrappers.
#include <curl/curl.h>
#endif
