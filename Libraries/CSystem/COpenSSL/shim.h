#ifndef PAYLINKS_COPENSSL_SHIM_H
#define PAYLINKS_COPENSSL_SHIM_H
// OpenSSL for the Cryptography module only. Macros are re-exposed as static inline functions here.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#endif
