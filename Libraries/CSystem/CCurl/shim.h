#ifndef PAYLINKS_CCURL_SHIM_H
#define PAYLINKS_CCURL_SHIM_H
// libcurl for the HTTPClient module only. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are
// variadic, so Swift cannot call them; they are re-exposed here as typed static inline wrappers, one per
// argument type libcurl documents for an option (long, curl_off_t, string, pointer, slist, callbacks).
// Macros that Swift does not import are re-exposed as functions too.
#include <curl/curl.h>

// MARK: - Global

/// `CURL_GLOBAL_ALL`, which Swift does not import (it is a macro expression).
static inline long ccurl_global_all(void) { return CURL_GLOBAL_ALL; }

// MARK: - curl_easy_setopt

static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For string options; libcurl copies the string (except CURLOPT_POSTFIELDS, which takes a pointer).
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For object-pointer options (CURLOPT_WRITEDATA, CURLOPT_POSTFIELDS, CURLOPT_ERRORBUFFER, ...).
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For list options (CURLOPT_HTTPHEADER, CURLOPT_MAIL_RCPT, ...); the list must outlive the transfer.
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_READFUNCTION (upload bodies, SMTP message data).
static inline CURLcode ccurl_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_XFERINFOFUNCTION.
static inline CURLcode ccurl_easy_setopt_xferinfo_callback(
    CURL *handle, CURLoption option, curl_xferinfo_callback value
) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_DEBUGFUNCTION.
static inline CURLcode ccurl_easy_setopt_debug_callback(CURL *handle, CURLoption option, curl_debug_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// MARK: - curl_easy_getinfo

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// For string infos; the string belongs to libcurl and lives until the handle is cleaned up or reused.
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// MARK: - curl_multi_setopt

static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode ccurl_multi_setopt_off_t(CURLM *handle, CURLMoption option, curl_off_t value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode ccurl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value) {
    return curl_multi_setopt(handle, option, value);
}

/// For CURLMOPT_SOCKETFUNCTION (an epoll-driven engine).
static inline CURLMcode ccurl_multi_setopt_socket_callback(
    CURLM *handle, CURLMoption option, curl_socket_callback value
) {
    return curl_multi_setopt(handle, option, value);
}

/// For CURLMOPT_TIMERFUNCTION (an epoll-driven engine).
static inline CURLMcode ccurl_multi_setopt_timer_callback(
    CURLM *handle, CURLMoption option, curl_multi_timer_callback value
) {
    return curl_multi_setopt(handle, option, value);
}

#endif
