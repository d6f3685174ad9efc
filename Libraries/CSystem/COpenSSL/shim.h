#ifndef PAYLINKS_COPENSSL_SHIM_H
#define PAYLINKS_COPENSSL_SHIM_H
// OpenSSL for the Cryptography module only. Macros are re-exposed as static inline functions here.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

// The helpers below pass C string literals to OpenSSL on purpose: OSSL_PARAM_BLD_push_* and
// EVP_PKEY_CTX_new_from_name keep the name pointer without copying it, and a Swift String bridged to
// `const char *` only lives for the duration of one call.

/// Builds an RSA public `EVP_PKEY` from big-endian `n` and `e` via `OSSL_PARAM_BLD` and `EVP_PKEY_fromdata`.
/// Returns NULL on failure (details on the OpenSSL error queue).
static inline EVP_PKEY *paylinks_rsa_public_key_new(
    const unsigned char *n, size_t n_length, const unsigned char *e, size_t e_length
) {
    EVP_PKEY *key = NULL;
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    BIGNUM *modulus = BN_bin2bn(n, (int)n_length, NULL);
    BIGNUM *exponent = BN_bin2bn(e, (int)e_length, NULL);
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (builder == NULL || modulus == NULL || exponent == NULL) goto done;
    if (OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) != 1) goto done;
    if (OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent) != 1) goto done;
    if ((params = OSSL_PARAM_BLD_to_param(builder)) == NULL) goto done;
    if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL) goto done;
    if (EVP_PKEY_fromdata_init(ctx) != 1) goto done;
    if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    BN_free(exponent);
    BN_free(modulus);
    OSSL_PARAM_BLD_free(builder);
    return key;
}

/// Starts an RSASSA-PKCS1-v1_5 SHA-256 verification with `key` (the default padding of an RSA key).
static inline int paylinks_digest_verify_init_sha256(EVP_MD_CTX *ctx, EVP_PKEY *key) {
    return EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL, NULL, key, NULL);
}

/// Initialises an `EVP_MAC_CTX` made from the "HMAC" `EVP_MAC` for HMAC-SHA256 with `key`.
///
/// Building the `OSSL_PARAM` array here keeps the C string and array lifetimes out of Swift.
/// A zero-length key is passed as a non-NULL pointer: `EVP_MAC_init` treats NULL as "keep the previous key".
static inline int paylinks_hmac_sha256_init(EVP_MAC_CTX *ctx, const unsigned char *key, size_t key_length) {
    static const unsigned char empty_key[1] = {0};
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(ctx, key != NULL ? key : empty_key, key_length, params);
}

#endif
